import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoData } from '../../database/demo'
import { finalizeDocument, produceDocument, type NameDocument, type RenderDocument } from '../../database/documents'
import { createAmifFile, openAmifFile } from '../../database/file'
import { asWritable } from '../../database/writable'
import { LATEST_VERSION, MIGRATIONS } from '../../database/migrations'
import {
  ANNEX_VIII_SOURCE,
  COMMON_INDICATORS,
  INDICATOR_LABELS_EN_2026,
  isPersonUnit,
  OBJECTIVE_WORDING_2026,
  SPECIFIC_OBJECTIVES,
  TARGET_GROUPS_2026,
} from '../../database/migrations/data/reference-2021-2027'
import { copyRowsInto } from './file-helpers'
import { APP_VERSION, makeFileAtVersion, OFFICER } from './helpers'

/**
 * An officer's file from any earlier app version, full of work, opened by this version: every
 * record is still there and says what it said, except where a migration is documented to change a
 * value (listed below with its number). Each earlier version gets its own file.
 */

const TODAY = '2026-03-15'
const render: RenderDocument = async (stamp) => ({ bytes: Buffer.from(`%PDF-1.7\n% ${stamp.status} v${stamp.version}\n%%EOF\n`), pageCount: 2 })
// The draft suffix an app before version 8 wrote in French (008 renames it).
const name: NameDocument = (version, status) => ({
  reference: `AMIF/TEST/${version}`,
  title: 'Convention de subvention',
  fileName: `Convention v${version}${status === 'draft' ? ' (projet)' : ''}.pdf`,
})

type Row = Record<string, unknown>
type Tables = Record<string, { key: string[]; rows: Map<string, Row> }>

/** The demonstration data and three documents (a final and a draft agreement, a Dutch report), written by today's app. */
async function latestDemoFile(filePath: string): Promise<string> {
  const file = asWritable(createAmifFile(filePath, { appVersion: APP_VERSION }))
  try {
    await loadDemoData(file.db, OFFICER, TODAY)
    const projects = file.sqlite.prepare("SELECT id FROM projects WHERE status <> 'draft' ORDER BY code").pluck().all() as string[]
    const final = await produceDocument(file.db, OFFICER, {
      kind: 'agreement',
      projectId: projects[0],
      language: 'fr',
      data: {},
      params: { signatoryId: null },
      name,
      render,
    })
    await finalizeDocument(file.db, OFFICER, final.id, name, render)
    await produceDocument(file.db, OFFICER, {
      kind: 'agreement',
      projectId: projects[1],
      language: 'fr',
      data: {},
      params: { signatoryId: null },
      name,
      render,
    })
    await produceDocument(file.db, OFFICER, { kind: 'report', projectId: projects[1], language: 'nl', data: { score: 3 }, params: null, name, render })
  } finally {
    await file.close()
  }
  return filePath
}

/** Every row of every table, by its primary key (the whole row where a table has none), each value with its type. */
function readTables(filePath: string): Tables {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    const out: Tables = {}
    for (const table of db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[]) {
      const info = db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; pk: number }[]
      const pk = info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name)
      const key = pk.length > 0 ? pk : info.map((c) => c.name)
      const select = info.flatMap((c) => [`"${c.name}"`, `typeof("${c.name}") AS "${c.name}:type"`]).join(', ')
      const rows = new Map<string, Row>()
      for (const row of db.prepare(`SELECT ${select} FROM "${table}"`).all() as Row[]) rows.set(JSON.stringify(key.map((k) => row[k])), row)
      out[table] = { key, rows }
    }
    return out
  } finally {
    db.close()
  }
}

const MIGRATED_AT = '2026-12-01T00:00:00.000Z'
const previousEn = new Map(SPECIFIC_OBJECTIVES.map((o) => [o.code, o.wordingEn]))
const objectiveWording = new Map(OBJECTIVE_WORDING_2026.map((o) => [o.code, o]))
const indicatorLabels = new Map(INDICATOR_LABELS_EN_2026.map((i) => [i.code, i]))
const targetGroups = new Map(TARGET_GROUPS_2026.map((g) => [g.code, g]))

/**
 * The changes a migration makes to values that existed before it, each as: the migration, the
 * table, and whether a column's change from `before` to `after` is the documented one.
 */
const DOCUMENTED: { migration: number; table: string; allows: (column: string, before: Row, after: Row) => boolean }[] = [
  // 006: natural-id records still at the empty vector count as created in this file.
  ...['grantor_profile', 'agreement_clauses', 'project_evaluations'].map((table) => ({
    migration: 6,
    table,
    allows: (column: string, before: Row) => column === 'sync_vv' && before.sync_vv === '{}',
  })),
  // 008: the objectives' official English and Dutch wording where still the shipped one, with its stamp.
  {
    migration: 8,
    table: 'specific_objectives',
    allows: (column, before, after) => {
      const official = objectiveWording.get(String(before.code))
      if (!official) return false
      if (column === 'wording_en') return before.wording_en === previousEn.get(official.code) && after.wording_en === official.en
      if (column === 'wording_nl') return (before.wording_nl === null || String(before.wording_nl).trim() === '') && after.wording_nl === official.nl
      return stampOrVector(column, before, after)
    },
  },
  // 008: eleven Annex VIII indicators' official English label where still the previous default, and the source.
  {
    migration: 8,
    table: 'indicators',
    allows: (column, before, after) => {
      if (column === 'source') return before.source === ANNEX_VIII_SOURCE.previous && after.source === ANNEX_VIII_SOURCE.now
      const label = indicatorLabels.get(String(before.code))
      if (column === 'label_en') return label !== undefined && before.label_en === label.previous && after.label_en === label.official
      const resourced = before.source === ANNEX_VIII_SOURCE.previous
      if (column === 'sync_vv') return (label !== undefined || resourced) && bumped(before, after)
      return label !== undefined && stampOrVector(column, before, after)
    },
  },
  // 008: the target groups' vulnerability (Art. 21 Directive 2013/33/EU) and labels where still the previous ones.
  {
    migration: 8,
    table: 'target_groups',
    allows: (column, before, after) => {
      const g = targetGroups.get(String(before.code))
      if (!g) return false
      if (column === 'vulnerability') return after.vulnerability === (g.vulnerability ? 1 : 0)
      const i = ['label_fr', 'label_nl', 'label_en'].indexOf(column)
      if (i >= 0) return before[column] === g.previous[i] && after[column] === g.labels[i]
      return stampOrVector(column, before, after)
    },
  },
  // 008: a French draft is a « brouillon », not a « projet », in the register.
  {
    migration: 8,
    table: 'documents',
    allows: (column, before, after) =>
      before.language === 'fr' &&
      before.status === 'draft' &&
      after.file_name === String(before.file_name).replace(' (projet).pdf', ' (brouillon).pdf') &&
      (column === 'file_name' || (column === 'sync_vv' && bumped(before, after))),
  },
  // 008: the grantor and organisations in Brussels get the city (and the grantor its place of
  // signature) in each language: new columns, but the update bumps their version vector.
  ...['grantor_profile', 'organisations'].map((table) => ({
    migration: 8,
    table,
    allows: (column: string, before: Row, after: Row) =>
      column === 'sync_vv' &&
      BRUSSELS.includes(
        String(before.city ?? before.signature_place)
          .trim()
          .toLowerCase(),
      ) &&
      bumped(before, after),
  })),
]

/** 008's fixed stamp on the rows it rewords, and their version vector bumped by the update (the sync trigger of 004). */
function stampOrVector(column: string, before: Row, after: Row): boolean {
  if (column === 'updated_at') return after.updated_at === MIGRATED_AT
  if (column === 'updated_by') return after.updated_by === 'AMIF Desk'
  return column === 'sync_vv' && bumped(before, after)
}

/** What changed in the rows the file held at `version`, other than what a later migration documents. */
function undocumentedChanges(version: number, before: Tables, after: Tables): string[] {
  const problems: string[] = []
  for (const [table, { key, rows }] of Object.entries(before)) {
    const now = after[table]
    if (!now) {
      problems.push(`${table}: table gone`)
      continue
    }
    const rules = DOCUMENTED.filter((d) => d.table === table && d.migration > version)
    for (const [id, row] of rows) {
      const later = now.rows.get(id)
      if (!later) {
        problems.push(`${table} ${id}: row gone (key ${key.join(', ')})`)
        continue
      }
      for (const column of Object.keys(row)) {
        if (same(row[column], later[column])) continue
        const base = column.replace(/:type$/, '')
        if (column.endsWith(':type') && !same(row[base], later[base])) continue // told once, by its value
        if (rules.some((r) => r.allows(base, row, later))) continue
        problems.push(`${table} ${id}.${column}: ${JSON.stringify(row[column])} -> ${JSON.stringify(later[column])}`)
      }
    }
  }
  return problems
}

function same(a: unknown, b: unknown): boolean {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b)
  return Object.is(a, b)
}

/** A version vector the migration's own update bumped: only counters increased, none lost. */
function bumped(before: Row, after: Row): boolean {
  if (typeof before.sync_vv !== 'string' || typeof after.sync_vv !== 'string') return false
  const old = JSON.parse(before.sync_vv) as Record<string, number>
  const now = JSON.parse(after.sync_vv) as Record<string, number>
  return Object.entries(old).every(([file, n]) => now[file] >= n) && Object.entries(now).some(([file, n]) => n > (old[file] ?? 0))
}

const BRUSSELS = ['bruxelles', 'brussel', 'brussels']

function count(tables: Tables): number {
  return Object.values(tables).reduce((n, t) => n + t.rows.size, 0)
}

describe('a filled file from every earlier schema version, opened by this app', () => {
  let dir: string
  let demo: string

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-migrations-data-'))
    demo = await latestDemoFile(path.join(dir, 'latest.amif'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  const versions = MIGRATIONS.map((m) => m.version).filter((v) => v < LATEST_VERSION)

  it('covers every earlier version', () => {
    expect(versions).toEqual(Array.from({ length: LATEST_VERSION - 1 }, (_, i) => i + 1))
  })

  it.each(versions)('version %i: migrated to the latest, every row kept with its values', (version) => {
    const filePath = makeFileAtVersion(path.join(dir, `v${version}.amif`), version)
    copyRowsInto(demo, filePath, { keepSeeded: true })
    const before = readTables(filePath)
    // The file is filled: organisations and contacts from version 1, projects from 2, documents from 3.
    expect(before.organisations.rows.size).toBeGreaterThan(5)
    expect(before.contacts.rows.size).toBeGreaterThan(5)
    if (version >= 2) expect(before.projects.rows.size).toBeGreaterThan(3)
    if (version >= 2) expect(before.indicator_measurements.rows.size).toBeGreaterThan(0)
    if (version >= 3) expect(before.documents.rows.size).toBe(3)
    expect(count(before)).toBeGreaterThan(100)

    const file = openAmifFile(filePath)
    void file.close()

    const db = new Database(filePath, { readonly: true, fileMustExist: true })
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(db.pragma('foreign_key_check')).toEqual([])
      // 009: the catalogue's person indicators are marked as such (a new column).
      const persons = db.prepare('SELECT code FROM indicators WHERE common = 1 AND about_persons = 1 ORDER BY code').pluck().all()
      expect(persons).toEqual(
        COMMON_INDICATORS.filter((i) => isPersonUnit(i.unit))
          .map((i) => i.code)
          .sort(),
      )
    } finally {
      db.close()
    }
    const after = readTables(filePath)
    expect(undocumentedChanges(version, before, after)).toEqual([])
    if (version < 8 && version >= 2) {
      // 008's rewording happened on this file (a check that the exceptions above are not idle).
      const o13 = [...after.indicators.rows.values()].find((r) => r.code === 'O.1.3')
      expect(o13?.label_en).toBe(indicatorLabels.get('O.1.3')?.official)
      const so1 = [...after.specific_objectives.rows.values()].find((r) => r.code === 'SO1')
      expect(so1?.wording_en).toBe(objectiveWording.get('SO1')?.en)
    }
    if (version < 8 && version >= 3) {
      const fileNames = [...after.documents.rows.values()].map((r) => r.file_name)
      expect(fileNames).toContain('Convention v1 (brouillon).pdf')
    }
    fs.rmSync(filePath, { force: true })
  })
})
