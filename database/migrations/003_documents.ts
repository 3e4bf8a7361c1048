import type { Migration } from './types'

/**
 * Documents: the file's own organisation (the grantor of its agreements), agreement clauses the
 * officer edited (the defaults ship with the templates; only edits are stored, so a handover keeps
 * them), the officer's evaluation of each project on the six OECD-DAC criteria, and the register
 * of every PDF produced, with its bytes.
 * Records whose identity is a fact rather than a new thing get ids that say so: the grantor is
 * `grantor`, a clause edit is `<clause>:<language>`, an evaluation has its project's id. Two
 * officers editing the same one then meet as one record when their files are merged.
 */
export const migration003: Migration = {
  version: 3,
  name: 'documents',
  up(db) {
    db.exec(`
      CREATE TABLE grantor_profile (
        id TEXT PRIMARY KEY CHECK (id = 'grantor'),
        name_fr TEXT NOT NULL CHECK (length(trim(name_fr)) > 0),
        name_nl TEXT,
        name_en TEXT,
        acronym TEXT,
        enterprise_number TEXT,
        street TEXT,
        postcode TEXT,
        city TEXT,
        country TEXT NOT NULL DEFAULT 'BE',
        signatory_name TEXT NOT NULL CHECK (length(trim(signatory_name)) > 0),
        signatory_title_fr TEXT NOT NULL,
        signatory_title_nl TEXT,
        signatory_title_en TEXT,
        signature_place TEXT,
        programme_reference_fr TEXT,
        programme_reference_nl TEXT,
        programme_reference_en TEXT,
        national_basis_fr TEXT,
        national_basis_nl TEXT,
        national_basis_en TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL
      );

      CREATE TABLE agreement_clauses (
        id TEXT PRIMARY KEY,
        clause_key TEXT NOT NULL,
        language TEXT NOT NULL CHECK (language IN ('fr', 'nl', 'en')),
        title TEXT NOT NULL CHECK (length(trim(title)) > 0),
        body TEXT NOT NULL CHECK (length(trim(body)) > 0),
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
        UNIQUE (clause_key, language),
        CHECK (id = clause_key || ':' || language)
      );

      CREATE TABLE project_evaluations (
        id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
        evaluated_on TEXT,
        relevance_score INTEGER CHECK (relevance_score BETWEEN 1 AND 4),
        relevance_comment TEXT,
        coherence_score INTEGER CHECK (coherence_score BETWEEN 1 AND 4),
        coherence_comment TEXT,
        effectiveness_score INTEGER CHECK (effectiveness_score BETWEEN 1 AND 4),
        effectiveness_comment TEXT,
        efficiency_score INTEGER CHECK (efficiency_score BETWEEN 1 AND 4),
        efficiency_comment TEXT,
        impact_score INTEGER CHECK (impact_score BETWEEN 1 AND 4),
        impact_comment TEXT,
        sustainability_score INTEGER CHECK (sustainability_score BETWEEN 1 AND 4),
        sustainability_comment TEXT,
        conclusions TEXT,
        recommendations TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL
      );

      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('agreement', 'report', 'programme', 'handover')),
        project_id TEXT REFERENCES projects(id) ON DELETE CASCADE,
        language TEXT NOT NULL CHECK (language IN ('fr', 'nl', 'en')),
        version INTEGER NOT NULL CHECK (version >= 1),
        status TEXT NOT NULL CHECK (status IN ('draft', 'final')),
        reference TEXT NOT NULL,
        title TEXT NOT NULL,
        file_name TEXT NOT NULL,
        produced_at TEXT NOT NULL,
        produced_by TEXT NOT NULL,
        finalized_at TEXT,
        page_count INTEGER NOT NULL CHECK (page_count >= 1),
        byte_size INTEGER NOT NULL CHECK (byte_size > 0),
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        pdf BLOB NOT NULL,
        data_json TEXT NOT NULL,
        params_json TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
        CHECK ((kind IN ('agreement', 'report')) = (project_id IS NOT NULL)),
        CHECK (status = 'draft' OR finalized_at IS NOT NULL)
      );
      CREATE INDEX documents_project ON documents(project_id, kind, language, version);
      CREATE INDEX documents_kind ON documents(kind, produced_at);
    `)
  },
}
