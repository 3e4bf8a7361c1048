import type { Migration } from './types'

/** The file's identity, the partner registry (organisations, contacts, partnerships) and the audit log. */
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        file_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_with_version TEXT NOT NULL
      );

      CREATE TABLE organisations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        acronym TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('international_organisation', 'ngo', 'public_authority',
          'local_reception_initiative', 'training_operator', 'other')),
        enterprise_number TEXT CHECK (enterprise_number IS NULL OR length(enterprise_number) = 10),
        foreign_registration TEXT,
        vat_number TEXT,
        street TEXT,
        postcode TEXT,
        city TEXT,
        country TEXT NOT NULL DEFAULT 'BE',
        website TEXT,
        iban TEXT,
        bic TEXT,
        working_languages TEXT NOT NULL DEFAULT '[]',
        notes TEXT,
        archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      );
      CREATE UNIQUE INDEX organisations_enterprise_number ON organisations(enterprise_number)
        WHERE enterprise_number IS NOT NULL;
      CREATE INDEX organisations_name ON organisations(name COLLATE NOCASE);
      CREATE INDEX organisations_kind ON organisations(kind, archived);

      CREATE TABLE contacts (
        id TEXT PRIMARY KEY,
        organisation_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        full_name TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
        job_title TEXT,
        email TEXT,
        phone TEXT,
        preferred_language TEXT NOT NULL DEFAULT 'fr',
        can_sign INTEGER NOT NULL DEFAULT 0 CHECK (can_sign IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      );
      CREATE INDEX contacts_organisation ON contacts(organisation_id);

      CREATE TABLE partnerships (
        id TEXT PRIMARY KEY,
        organisation_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
        strand TEXT NOT NULL CHECK (strand IN ('reception', 'resettlement', 'voluntary_return', 'integration')),
        role TEXT NOT NULL CHECK (role IN ('beneficiary', 'co_beneficiary', 'implementing_partner',
          'reintegration_partner')),
        start_date TEXT NOT NULL,
        end_date TEXT,
        framework_reference TEXT,
        status TEXT NOT NULL CHECK (status IN ('prospective', 'active', 'suspended', 'ended')),
        notes TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        CHECK (end_date IS NULL OR end_date >= start_date)
      );
      CREATE INDEX partnerships_organisation ON partnerships(organisation_id);
      CREATE INDEX partnerships_strand ON partnerships(strand, organisation_id);

      CREATE TABLE audit_log (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        officer_name TEXT NOT NULL,
        officer_email TEXT,
        entity TEXT NOT NULL,
        record_id TEXT NOT NULL,
        parent_id TEXT,
        action TEXT NOT NULL,
        before_json TEXT,
        after_json TEXT
      );
      CREATE INDEX audit_log_record ON audit_log(record_id, at);
      CREATE INDEX audit_log_parent ON audit_log(parent_id, at);
    `)
  },
}
