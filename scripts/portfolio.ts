/**
 * A generated portfolio for the bench and the end-to-end speed test: partners (contacts,
 * partnerships) and projects (budget lines, payments, an indicator, milestones) with their audit
 * rows, written with plain SQL from a seeded generator, so that every run measures the same file.
 * `scaleFile(N)` makes (once, then reads from a cache in the temp folder) a file N times a real
 * Belgian portfolio. Dev tooling only: nothing in the app imports it.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type Database from 'better-sqlite3'
import { newId } from '../database/ids'
import { ORGANISATION_KINDS, PARTNER_ROLES, PARTNERSHIP_STATUSES, STRANDS } from '../database/domain/vocabulary'
import { createAmifFile, openAmifFile } from '../database/file'
import { rebuildProjectFigures } from '../database/figures'
import { LATEST_VERSION } from '../database/migrations'

/**
 * A real Belgian portfolio at scale 1 (Fedasil and the Agence FSE together, over the programme):
 * partners, projects, milestones per project, and the history rows per project that bring the
 * audit log to about 10 000 rows per unit of scale.
 */
export const PORTFOLIO = { partners: 20, projects: 200, milestonesPerProject: 10, updatesPerProject: 30 } as const

/**
 * Bumped when the generated content changes, so a cached file of the old shape is not reused (2:
 * migration 017, not yet released, also counts every milestone under the empty gram; 3: migration
 * 019, not yet released, keeps each project_risk row's beneficiary).
 */
export const GENERATOR_VERSION = 3

/** A small seeded generator, so that every run measures the same file. */
export function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const CITIES = [
  ['1000', 'Bruxelles'],
  ['1030', 'Schaerbeek'],
  ['1080', 'Molenbeek-Saint-Jean'],
  ['2000', 'Antwerpen'],
  ['3000', 'Leuven'],
  ['4000', 'Liège'],
  ['5000', 'Namur'],
  ['6000', 'Charleroi'],
  ['7000', 'Mons'],
  ['8000', 'Brugge'],
  ['9000', 'Gent'],
  ['1300', 'Wavre'],
  ['6700', 'Arlon'],
  ['3500', 'Hasselt'],
  ['8500', 'Kortrijk'],
  ['4800', 'Verviers'],
  ['7500', 'Tournai'],
  ['2800', 'Mechelen'],
  ['9300', 'Aalst'],
] as const
const FORMS = [
  'CPAS de',
  'OCMW',
  'Initiative locale d’accueil de',
  'Lokaal opvanginitiatief',
  'Centre d’intégration de',
  'Maison de l’emploi de',
  'Vluchtelingenwerk',
  'Croix-Rouge –',
  'Rode Kruis –',
  'École de langues de',
  'Taalcentrum',
  'Aide aux personnes déplacées –',
  'Convivial –',
  'CIRÉ –',
  'Accueil et orientation',
] as const
const FIRST = ['Amina', 'Jan', 'Sofie', 'Karim', 'Marie', 'Pieter', 'Fatou', 'Luc', 'Nadia', 'Wout', 'Élise', 'Yusuf']
const LAST = ['Dubois', 'Peeters', 'Janssens', 'El Amrani', 'Lambert', 'Maes', 'Diallo', 'Claes', 'Dupont', 'Wouters']

/** A distinct, valid BCE/KBO number for each n (eight digits starting with 0 or 1, then 97 - mod 97). */
function enterpriseNumber(n: number): string {
  const base = 4000000 + n * 13
  return `${String(base).padStart(8, '0')}${String(97 - (base % 97)).padStart(2, '0')}`
}

/** Fills the file with generated partners, in one transaction, with plain SQL. */
export function fill(sqlite: Database.Database, count: number): { organisations: number; contacts: number; partnerships: number } {
  const rnd = random(2021)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]
  const at = new Date().toISOString()
  const by = 'Bench'
  const org = sqlite.prepare(`INSERT INTO organisations (id, name, acronym, kind, enterprise_number, street, postcode, city,
    country, website, working_languages, notes, archived, created_at, updated_at, updated_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'BE', ?, ?, ?, ?, ?, ?, ?)`)
  const contact = sqlite.prepare(`INSERT INTO contacts (id, organisation_id, full_name, job_title, email, phone,
    preferred_language, can_sign, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const partnership = sqlite.prepare(`INSERT INTO partnerships (id, organisation_id, strand, role, start_date, end_date,
    framework_reference, status, notes, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const audit = sqlite.prepare(`INSERT INTO audit_log (id, at, officer_name, officer_email, entity, record_id, parent_id,
    action, before_json, after_json) VALUES (?, ?, ?, NULL, ?, ?, ?, 'create', NULL, ?)`)
  const counts = { organisations: 0, contacts: 0, partnerships: 0 }
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = newId()
      const [postcode, city] = pick(CITIES)
      const name = `${pick(FORMS)} ${city} ${i + 1}`
      const values = [
        id,
        name,
        rnd() < 0.4 ? `P${i + 1}` : null,
        pick(ORGANISATION_KINDS),
        rnd() < 0.8 ? enterpriseNumber(i) : null,
        `Rue de l’Exemple ${1 + (i % 200)}`,
        postcode,
        city,
        `https://partner-${i + 1}.example.org`,
        JSON.stringify(rnd() < 0.5 ? ['fr'] : ['nl', 'en']),
        rnd() < 0.3 ? 'Partenaire généré pour la mesure.' : null,
        rnd() < 0.1 ? 1 : 0,
        at,
        at,
        by,
      ] as const
      org.run(...values)
      audit.run(newId(), at, by, 'organisation', id, null, JSON.stringify({ name, city }))
      counts.organisations++
      const contacts = 1 + Math.floor(rnd() * 3)
      for (let c = 0; c < contacts; c++) {
        const cid = newId()
        const fullName = `${pick(FIRST)} ${pick(LAST)}`
        contact.run(
          cid,
          id,
          fullName,
          c === 0 ? 'Directeur·rice' : 'Coordinateur·rice',
          `contact${i}-${c}@example.org`,
          '+32 2 000 00 00',
          rnd() < 0.5 ? 'fr' : 'nl',
          c === 0 ? 1 : 0,
          at,
          at,
          by,
        )
        audit.run(newId(), at, by, 'contact', cid, id, JSON.stringify({ fullName }))
        counts.contacts++
      }
      const partnerships = Math.floor(rnd() * 3)
      for (let p = 0; p < partnerships; p++) {
        const pid = newId()
        const year = 2021 + Math.floor(rnd() * 5)
        partnership.run(
          pid,
          id,
          pick(STRANDS),
          pick(PARTNER_ROLES),
          `${year}-01-01`,
          rnd() < 0.5 ? `${year + 2}-12-31` : null,
          `AMIF/${year}/${i}-${p}`,
          pick(PARTNERSHIP_STATUSES),
          null,
          at,
          at,
          by,
        )
        audit.run(newId(), at, by, 'partnership', pid, id, JSON.stringify({ year }))
        counts.partnerships++
      }
    }
  })()
  return counts
}

/** The records a generated project has besides its milestones, one audit row each. */
const CHILD_ENTITIES = [
  'budget_line',
  'budget_line',
  'budget_line',
  'budget_line',
  'payment',
  'payment',
  'payment',
  'project_indicator',
  'indicator_measurement',
] as const

/** How a generated project is filled beyond its budget lines, payments and indicator. */
export interface ProjectShape {
  milestonesPerProject: number
  /** Writes an audit row for every record created, as the app does. */
  audit: boolean
  /** Extra 'update' audit rows per project (status changes of its milestones), to reach a real file's history. */
  updatesPerProject: number
}

/** Generated projects, each with four budget lines, three payments, one indicator and four milestones (or `shape`'s). */
export function fillProjects(
  sqlite: Database.Database,
  count: number,
  shape: ProjectShape = { milestonesPerProject: 4, audit: false, updatesPerProject: 0 },
): { projects: number; milestones: number; audit: number } {
  const rnd = random(2027)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]
  const at = new Date().toISOString()
  const by = 'Bench'
  const organisations = (sqlite.prepare('SELECT id FROM organisations').all() as { id: string }[]).map((r) => r.id)
  const indicators = sqlite.prepare('SELECT id, objective_code FROM indicators').all() as { id: string; objective_code: string }[]
  const stamp = [at, at, by] as const
  const project = sqlite.prepare(`INSERT INTO projects (id, code, title, description, beneficiary_id, strand, strand_objective_id, objective_code,
    call_id, start_date, end_date, officer_name, status, eu_rate_bp, rate_ground, rate_justification, created_at, updated_at, updated_by)
    VALUES (?, ?, ?, NULL, ?, ?, NULL, ?, NULL, ?, ?, ?, ?, 7500, NULL, NULL, ?, ?, ?)`)
  const line = sqlite.prepare(`INSERT INTO budget_lines (id, project_id, category, cost_model, description, amount_cents, units, unit_cost_cents,
    sort_order, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const payment = sqlite.prepare(`INSERT INTO payments (id, project_id, kind, planned_date, planned_cents, planned_rate_bp, status, paid_date,
    paid_cents, note, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, NULL, ?, ?, ?)`)
  const projectIndicator = sqlite.prepare(`INSERT INTO project_indicators (id, project_id, indicator_id, baseline, target, unit, created_at,
    updated_at, updated_by) VALUES (?, ?, ?, 0, ?, 'participants', ?, ?, ?)`)
  const measurement = sqlite.prepare(`INSERT INTO indicator_measurements (id, project_indicator_id, measured_on, value, source, created_at,
    updated_at, updated_by) VALUES (?, ?, ?, ?, 'Bench', ?, ?, ?)`)
  const milestone = sqlite.prepare(`INSERT INTO milestones (id, project_id, title, description, objective_code, project_indicator_id, due_date,
    status, done_date, evidence, responsible_id, created_at, updated_at, updated_by) VALUES (?, ?, ?, NULL, ?, NULL, ?, ?, ?, NULL, ?, ?, ?, ?)`)
  const auditRow = sqlite.prepare(`INSERT INTO audit_log (id, at, officer_name, officer_email, entity, record_id, parent_id,
    action, before_json, after_json) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`)
  const statuses = ['running', 'running', 'running', 'agreement_signed', 'selected', 'submitted', 'closed'] as const
  const counts = { projects: 0, milestones: 0, audit: 0 }
  const created = (entity: string, recordId: string, parentId: string | null) => {
    if (!shape.audit) return
    auditRow.run(newId(), at, by, entity, recordId, parentId, 'create', null, '{"generated":true}')
    counts.audit++
  }
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = newId()
      const year = 2022 + Math.floor(rnd() * 4)
      const ind = pick(indicators)
      const strand = pick(STRANDS)
      project.run(
        id,
        `BENCH-${year}-${i + 1}`,
        `Projet généré ${i + 1} (${strand})`,
        pick(organisations),
        strand,
        ind.objective_code,
        `${year}-01-01`,
        `${year + 2}-12-31`,
        pick(['Élise Vandenberghe', 'Pieter Janssens', 'Anne Dupont']),
        pick(statuses),
        ...stamp,
      )
      line.run(newId(), id, 'staff', 'actual_costs', 'Staff', Math.floor(rnd() * 50_000_000), null, null, 1, ...stamp)
      line.run(newId(), id, 'travel', 'actual_costs', 'Travel', Math.floor(rnd() * 2_000_000), null, null, 2, ...stamp)
      line.run(newId(), id, 'target_group_costs', 'unit_cost', 'Per person', null, 10 + Math.floor(rnd() * 500), 150_000, 3, ...stamp)
      line.run(newId(), id, 'indirect', 'flat_rate_7_direct', 'Indirect', null, null, null, 4, ...stamp)
      payment.run(newId(), id, 'advance', `${year}-01-15`, 4000, 'paid', `${year}-01-20`, Math.floor(rnd() * 10_000_000), ...stamp)
      const interimPaid = rnd() < 0.5
      payment.run(
        newId(),
        id,
        'interim',
        `${year + 1}-06-30`,
        3000,
        interimPaid ? 'paid' : 'planned',
        interimPaid ? `${year + 1}-07-10` : null,
        interimPaid ? 5_000_000 : null,
        ...stamp,
      )
      payment.run(newId(), id, 'balance', `${year + 3}-03-31`, 3000, 'planned', null, null, ...stamp)
      const piId = newId()
      projectIndicator.run(piId, id, ind.id, 100 + Math.floor(rnd() * 900), ...stamp)
      measurement.run(newId(), piId, `${year + 1}-06-30`, Math.floor(rnd() * 600), ...stamp)
      const milestoneIds: string[] = []
      for (let m = 0; m < shape.milestonesPerProject; m++) {
        const done = rnd() < 0.5
        const mid = newId()
        const month = 1 + ((2 + m * 2) % 12)
        milestone.run(
          mid,
          id,
          `Jalon ${m + 1} du projet ${i + 1}`,
          ind.objective_code,
          `${year + Math.floor((m * 2) / shape.milestonesPerProject)}-${String(month).padStart(2, '0')}-15`,
          done ? 'done' : pick(['planned', 'in_progress']),
          done ? `${year}-12-31` : null,
          pick(organisations),
          ...stamp,
        )
        milestoneIds.push(mid)
        counts.milestones++
      }
      if (shape.audit) {
        created('project', id, null)
        // Budget lines, payments, the indicator and its measurement: their ids are not kept, a fresh one each stands in.
        for (const entity of CHILD_ENTITIES) created(entity, newId(), id)
        for (const mid of milestoneIds) created('milestone', mid, id)
        for (let u = 0; u < shape.updatesPerProject; u++) {
          const mid = milestoneIds[u % milestoneIds.length] ?? id
          auditRow.run(newId(), at, by, 'milestone', mid, id, 'update', '{"status":"planned"}', '{"status":"in_progress"}')
          counts.audit++
        }
      }
      counts.projects++
    }
    // Written past the record writer: the kept figures are rebuilt as after a merge.
    rebuildProjectFigures(sqlite)
  })()
  return counts
}

/** Where the file of a scale is cached: keyed by the scale, the schema version and the generator's. */
export function scaleCachePath(scale: number): string {
  return path.join(os.tmpdir(), 'amif-bench', `scale-${scale}-v${LATEST_VERSION}-g${GENERATOR_VERSION}.amif`)
}

/** What generating a scale's file made and how long it took (null when the cached file was read). */
export interface Generated {
  partners: number
  projects: number
  milestones: number
  audit: number
  ms: number
}

/**
 * The file of `--scale N`, generated once (prepared statements, one transaction per kind of
 * record) and then read from the cache: the portfolio N times over. Never write to the returned
 * file: copy it first (opening it for writing would change it, and the cache with it).
 */
export async function scaleFile(scale: number): Promise<{ path: string; generated: Generated | null }> {
  const cached = scaleCachePath(scale)
  if (fs.existsSync(cached)) return { path: cached, generated: null }
  fs.mkdirSync(path.dirname(cached), { recursive: true })
  const tmp = `${cached}.${process.pid}.tmp`
  fs.rmSync(tmp, { force: true })
  if (await migratedFromOlder(scale, tmp)) {
    fs.renameSync(tmp, cached)
    return { path: cached, generated: null }
  }
  const start = performance.now()
  const file = createAmifFile(tmp, { appVersion: 'bench' })
  let generated: Generated
  try {
    // A generated file: nothing to lose if the machine stops, so no syncing, and a large cache for the random-key indexes.
    file.sqlite.pragma('synchronous = OFF')
    file.sqlite.pragma('cache_size = -1000000')
    const partners = fill(file.sqlite, PORTFOLIO.partners * scale)
    const projects = fillProjects(file.sqlite, PORTFOLIO.projects * scale, {
      milestonesPerProject: PORTFOLIO.milestonesPerProject,
      audit: true,
      updatesPerProject: PORTFOLIO.updatesPerProject,
    })
    file.sqlite.exec('ANALYZE')
    generated = {
      partners: partners.organisations,
      projects: projects.projects,
      milestones: projects.milestones,
      audit: partners.organisations + partners.contacts + partners.partnerships + projects.audit,
      ms: performance.now() - start,
    }
  } finally {
    await file.close()
  }
  fs.renameSync(tmp, cached)
  return { path: cached, generated }
}

/**
 * Makes `tmp` from the newest cached file of the same scale and generator at an older schema
 * version, migrated as the app migrates an officer's file: minutes of generating saved whenever
 * a migration is added. False when there is none.
 */
async function migratedFromOlder(scale: number, tmp: string): Promise<boolean> {
  const dir = path.dirname(tmp)
  const older = fs
    .readdirSync(dir)
    .map((name) => ({ name, match: new RegExp(`^scale-${scale}-v(\\d+)-g${GENERATOR_VERSION}\\.amif$`).exec(name) }))
    .filter((f) => f.match && Number(f.match[1]) < LATEST_VERSION)
    .sort((a, b) => Number(b.match![1]) - Number(a.match![1]))[0]
  if (!older) return false
  fs.copyFileSync(path.join(dir, older.name), tmp)
  const file = openAmifFile(tmp)
  const backup = file.backupPath
  await file.close()
  // The copy made before migrating is of no use here: the older cached file is that copy.
  if (backup) fs.rmSync(backup, { force: true })
  return true
}
