import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely'
import type { ContactValues, OrganisationValues, PartnerPageQuery, PartnerQuery, PartnershipValues } from './domain/schemas/partners'
import { AppError } from './domain/errors'
import { writeAudit, type Officer } from './audit'
import { projectsReferringTo } from './projects'
import { compiledOnce, type ParameterOf } from './compiled-once'
import { jsonRows, parseRows } from './json-rows'
import { checkNotStale } from './records'
import { refreshBeneficiaryKeys } from './figures'
import { nowTimestamp } from './domain/dates'
import { newId } from './ids'
import type { ContactTable, DB, OrganisationTable, PartnershipTable } from './schema'
import { enterpriseDigits, formatEnterpriseNumber } from './domain/identifiers'
import { searchPattern } from './search'
import { refreshOrganisationSearch } from './organisation-search'
import { afterSql, cutPage, keyColumns, orderSql, type Page, type SortPart } from './paging'
import type { ContactLanguage, OrganisationKind, PartnerRole, PartnershipStatus, Strand } from './domain/vocabulary'
import type { WritableDb, WriteTrx } from './writable'

/** Stamp every edited row carries. */
export interface Stamp {
  createdAt: string
  updatedAt: string
  updatedBy: string
}

export interface Organisation extends Omit<OrganisationValues, 'kind'>, Stamp {
  id: string
  kind: OrganisationKind
  archived: boolean
}

export interface Contact extends ContactValues, Stamp {
  id: string
  organisationId: string
  preferredLanguage: ContactLanguage
}

export interface Partnership extends PartnershipValues, Stamp {
  id: string
  organisationId: string
  strand: Strand
  role: PartnerRole
  status: PartnershipStatus
}

/** A row of the registry list. */
export interface PartnerListRow {
  id: string
  name: string
  acronym: string | null
  kind: OrganisationKind
  enterpriseNumber: string | null
  enterpriseNumberDisplay: string | null
  city: string | null
  country: string
  strands: Strand[]
  contacts: number
  signatories: number
  archived: boolean
  updatedAt: string
}

/** What refers to an organisation; anything here means it can be archived but not deleted. */
export interface PartnerReferences {
  partnerships: number
  projects: number
}

export interface PartnerDetail extends Organisation {
  contacts: Contact[]
  partnerships: Partnership[]
  references: PartnerReferences
}

function stamp(r: { created_at: string; updated_at: string; updated_by: string }): Stamp {
  return { createdAt: r.created_at, updatedAt: r.updated_at, updatedBy: r.updated_by }
}

function toOrganisation(r: Selectable<OrganisationTable>): Organisation {
  return {
    id: r.id,
    name: r.name,
    acronym: r.acronym,
    kind: r.kind,
    enterpriseNumber: r.enterprise_number,
    foreignRegistration: r.foreign_registration,
    vatNumber: r.vat_number,
    street: r.street,
    postcode: r.postcode,
    city: r.city,
    country: r.country,
    website: r.website,
    iban: r.iban,
    bic: r.bic,
    workingLanguages: JSON.parse(r.working_languages) as Organisation['workingLanguages'],
    notes: r.notes,
    nameFr: r.name_fr,
    nameNl: r.name_nl,
    nameEn: r.name_en,
    streetFr: r.street_fr,
    streetNl: r.street_nl,
    streetEn: r.street_en,
    cityFr: r.city_fr,
    cityNl: r.city_nl,
    cityEn: r.city_en,
    archived: r.archived === 1,
    ...stamp(r),
  }
}

function toContact(r: Omit<Selectable<ContactTable>, 'sync_vv'>): Contact {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    fullName: r.full_name,
    jobTitle: r.job_title,
    email: r.email,
    phone: r.phone,
    preferredLanguage: r.preferred_language,
    canSign: r.can_sign === 1,
    ...stamp(r),
  }
}

function toPartnership(r: Omit<Selectable<PartnershipTable>, 'sync_vv'>): Partnership {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    strand: r.strand,
    role: r.role,
    startDate: r.start_date,
    endDate: r.end_date,
    frameworkReference: r.framework_reference,
    status: r.status,
    notes: r.notes,
    ...stamp(r),
  }
}

function organisationColumns(v: OrganisationValues) {
  return {
    name: v.name,
    acronym: v.acronym,
    kind: v.kind,
    enterprise_number: v.enterpriseNumber,
    foreign_registration: v.foreignRegistration,
    vat_number: v.vatNumber,
    street: v.street,
    postcode: v.postcode,
    city: v.city,
    country: v.country,
    website: v.website,
    iban: v.iban,
    bic: v.bic,
    working_languages: JSON.stringify(v.workingLanguages),
    notes: v.notes,
    name_fr: v.nameFr,
    name_nl: v.nameNl,
    name_en: v.nameEn,
    street_fr: v.streetFr,
    street_nl: v.streetNl,
    street_en: v.streetEn,
    city_fr: v.cityFr,
    city_nl: v.cityNl,
    city_en: v.cityEn,
  }
}

function contactColumns(v: ContactValues) {
  return {
    full_name: v.fullName,
    job_title: v.jobTitle,
    email: v.email,
    phone: v.phone,
    preferred_language: v.preferredLanguage,
    can_sign: v.canSign ? 1 : 0,
  }
}

function partnershipColumns(v: PartnershipValues) {
  return {
    strand: v.strand,
    role: v.role,
    start_date: v.startDate,
    end_date: v.endDate,
    framework_reference: v.frameworkReference,
    status: v.status,
    notes: v.notes,
  }
}

const SORT_COLUMNS = {
  name: sql`k.name_key`,
  acronym: sql`k.acronym_key`,
  kind: sql`o.kind`,
  enterpriseNumber: sql`coalesce(o.enterprise_number, '')`,
  city: sql`k.city_key`,
  updatedAt: sql`o.updated_at`,
} as const

/** The sorts that read the organisation itself; the others read organisation_search alone. */
const SORTED_BY_ORGANISATION: readonly PartnerQuery['sort']['field'][] = ['kind', 'enterpriseNumber', 'updatedAt']

/** The registry's order: the sort key, then the name and the id (ascending whatever the order, as the list always did). */
function partnerOrder(sort: PartnerQuery['sort']): SortPart[] {
  return [
    { expr: SORT_COLUMNS[sort.field], desc: sort.direction === 'desc' },
    { expr: sql`k.name_key`, desc: false },
    { expr: sql`k.organisation_id`, desc: false },
  ]
}

type PartnerSource = SelectQueryBuilder<DB & { o: DB['organisations']; k: DB['organisation_search'] }, 'o' | 'k', object>

/**
 * The organisations of a search and filters, before any column is chosen: found in
 * organisation_search (`k`, migration 017: folded name, acronym and city, archived or not), whose
 * index of archived and name gives the registry's first page alone; the organisation (`o`) is
 * joined when a filter, the order or the caller (`withOrganisation`) reads it.
 */
function filteredPartners(db: Kysely<DB>, q: PartnerQuery, withOrganisation = false): PartnerSource {
  const pattern = searchPattern(q.search)
  const digits = pattern ? enterpriseDigits(q.search) : ''
  const byNumber = /^\d{3,}$/.test(digits)
  let query = db.selectFrom('organisation_search as k') as unknown as PartnerSource
  if (withOrganisation || q.kinds.length > 0 || byNumber || SORTED_BY_ORGANISATION.includes(q.sort.field)) {
    query = query.innerJoin('organisations as o', 'o.id', 'k.organisation_id') as unknown as PartnerSource
  }
  if (q.archived !== 'all') query = query.where('k.archived', '=', q.archived === 'archived' ? 1 : 0)
  if (q.kinds.length > 0) query = query.where('o.kind', 'in', q.kinds)
  if (q.strands.length > 0) {
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('partnerships as ps').select('ps.id').whereRef('ps.organisation_id', '=', 'k.organisation_id').where('ps.strand', 'in', q.strands)),
    )
  }
  if (pattern) {
    query = query.where((eb) =>
      eb.or([
        eb(sql`k.name_key`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`k.acronym_key`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`k.city_key`, 'like', sql`${pattern} escape '\\'`),
        ...(byNumber ? [eb('o.enterprise_number', 'like', `%${digits}%`)] : []),
      ]),
    )
  }
  return query
}

/** Every column a registry row shows. */
function withPartnerColumns(query: PartnerSource) {
  return query.select([
    'o.id',
    'o.name',
    'o.acronym',
    'o.kind',
    'o.enterprise_number',
    'o.city',
    'o.country',
    'o.archived',
    'o.updated_at',
    sql<string | null>`(select group_concat(distinct p.strand) from partnerships p where p.organisation_id = o.id)`.as('strands'),
    sql<number>`(select count(*) from contacts c where c.organisation_id = o.id)`.as('contacts'),
    sql<number>`(select count(*) from contacts c where c.organisation_id = o.id and c.can_sign = 1)`.as('signatories'),
  ])
}

function toPartnerRow(r: Awaited<ReturnType<ReturnType<typeof withPartnerColumns>['execute']>>[number]): PartnerListRow {
  return {
    id: r.id,
    name: r.name,
    acronym: r.acronym,
    kind: r.kind,
    enterpriseNumber: r.enterprise_number,
    enterpriseNumberDisplay: r.enterprise_number ? formatEnterpriseNumber(r.enterprise_number) : null,
    city: r.city,
    country: r.country,
    strands: r.strands ? (r.strands.split(',') as Strand[]) : [],
    contacts: Number(r.contacts),
    signatories: Number(r.signatories),
    archived: r.archived === 1,
    updatedAt: r.updated_at,
  }
}

/** Every organisation of a search, filters and sort (an export). */
export async function listPartners(db: Kysely<DB>, q: PartnerQuery): Promise<PartnerListRow[]> {
  const rows = await withPartnerColumns(filteredPartners(db, q, true))
    .orderBy(orderSql(partnerOrder(q.sort)))
    .execute()
  return rows.map(toPartnerRow)
}

/** One page of the registry list: the page's ids by the sort first, then its rows by id, with the count of the whole filtered list. */
export async function pagePartners(db: Kysely<DB>, q: PartnerPageQuery): Promise<Page<PartnerListRow>> {
  const order = partnerOrder(q.sort)
  let keys = filteredPartners(db, q).select(keyColumns(order))
  // The first page counts the whole filtered list in the same pass; the pages after it do not count it again.
  if (!q.after) keys = keys.select(sql<number>`count(*) over ()`.as('total_n'))
  else keys = keys.where(afterSql(order, q.after))
  const found = (await keys
    .orderBy(orderSql(order))
    .limit(q.limit + 1)
    .execute()) as Record<string, unknown>[]
  const page = cutPage(found, q.limit, order.length)
  const pageIds = page.rows.map((r) => r[`k${order.length - 1}`] as string)
  const byId = new Map(
    (pageIds.length
      ? await withPartnerColumns(db.selectFrom('organisations as o') as unknown as PartnerSource)
          .where('o.id', 'in', pageIds)
          .execute()
      : []
    ).map((r) => [r.id, r]),
  )
  return { rows: pageIds.map((id) => toPartnerRow(byId.get(id)!)), next: page.next, total: q.after ? null : Number(found[0]?.total_n ?? 0) }
}

async function organisationRow(db: Kysely<DB>, id: string): Promise<Selectable<OrganisationTable>> {
  const row = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `No organisation ${id}`, { entity: 'organisation', id })
  return row
}

/** An organisation with its contacts: what a document says of a party, read by id alone. */
export interface PartnerParty extends Organisation {
  contacts: Contact[]
}

async function contactsOf(db: Kysely<DB>, id: string): Promise<Contact[]> {
  const rows = await db.selectFrom('contacts').selectAll().where('organisation_id', '=', id).orderBy('can_sign', 'desc').orderBy('full_name').execute()
  return rows.map(toContact)
}

/** An organisation and its contacts, without what refers to it (which reads every project). */
export async function getPartnerParty(db: Kysely<DB>, id: string): Promise<PartnerParty> {
  return { ...toOrganisation(await organisationRow(db, id)), contacts: await contactsOf(db, id) }
}

/**
 * The partner page's one query (compiled once): the organisation, its contacts and partnerships
 * (each list as one JSON array) and how many projects refer to it.
 */
const partnerPageQuery = compiledOnce((db, value: ParameterOf<{ id: string }>) => {
  const id = value('id')
  return db
    .selectFrom('organisations as o')
    .selectAll('o')
    .select([
      jsonRows(
        db
          .selectFrom('contacts')
          .select([
            'id',
            'organisation_id',
            'full_name',
            'job_title',
            'email',
            'phone',
            'preferred_language',
            'can_sign',
            'created_at',
            'updated_at',
            'updated_by',
          ])
          .where('organisation_id', '=', id),
        ['can_sign desc', 'full_name'],
      ).as('contacts'),
      jsonRows(
        db
          .selectFrom('partnerships')
          .select([
            'id',
            'organisation_id',
            'strand',
            'role',
            'start_date',
            'end_date',
            'framework_reference',
            'status',
            'notes',
            'created_at',
            'updated_at',
            'updated_by',
          ])
          .where('organisation_id', '=', id),
        ['start_date desc'],
      ).as('partnerships'),
      projectsReferringTo(db, id).as('projects'),
    ])
    .where('o.id', '=', id)
})

/** An organisation with its contacts, partnerships and what refers to it. */
export async function getPartner(db: Kysely<DB>, id: string): Promise<PartnerDetail> {
  const [o] = await partnerPageQuery(db, { id })
  if (!o) throw new AppError('NOT_FOUND', `No organisation ${id}`, { entity: 'organisation', id })
  const { contacts, partnerships, projects, ...organisation } = o
  const partnershipRows = parseRows(partnerships)
  return {
    ...toOrganisation(organisation),
    contacts: parseRows(contacts).map(toContact),
    partnerships: partnershipRows.map(toPartnership),
    // Every partnership refers to the organisation.
    references: { partnerships: partnershipRows.length, projects: Number(projects) },
  }
}

async function refuseDuplicateEnterpriseNumber(db: Kysely<DB>, digits: string | null, exceptId?: string): Promise<void> {
  if (!digits) return
  let q = db.selectFrom('organisations').select(['id', 'name']).where('enterprise_number', '=', digits)
  if (exceptId) q = q.where('id', '!=', exceptId)
  const other = await q.executeTakeFirst()
  if (other) {
    throw new AppError('DUPLICATE', `Enterprise number already used by ${other.name}`, {
      field: 'enterpriseNumber',
      existingId: other.id,
      existingName: other.name,
    })
  }
}

/**
 * Inserts an organisation and its audit row inside the caller's transaction (the demonstration
 * data writes many records in one); `createPartner` is the one-record transaction around it.
 */
export async function insertPartner(trx: WriteTrx, officer: Officer, values: OrganisationValues, at = nowTimestamp()): Promise<Organisation> {
  await refuseDuplicateEnterpriseNumber(trx, values.enterpriseNumber)
  const id = newId()
  await trx
    .insertInto('organisations')
    .values({ id, ...organisationColumns(values), archived: 0, created_at: at, updated_at: at, updated_by: officer.name })
    .execute()
  const created = toOrganisation(await organisationRow(trx, id))
  await writeAudit(trx, officer, { entity: 'organisation', recordId: id, action: 'create', after: created }, at)
  await refreshOrganisationSearch(trx, id)
  return created
}

/** Creates an organisation and its audit row in one transaction. */
export async function createPartner(db: WritableDb, officer: Officer, values: OrganisationValues): Promise<Organisation> {
  return db.transaction().execute((trx) => insertPartner(trx, officer, values))
}

/** Updates an organisation's fields; refuses with STALE if it changed since `expectedUpdatedAt`. */
export async function updatePartner(
  db: WritableDb,
  officer: Officer,
  id: string,
  values: OrganisationValues,
  expectedUpdatedAt?: string,
): Promise<Organisation> {
  return db.transaction().execute(async (trx) => {
    const beforeRow = await organisationRow(trx, id)
    checkNotStale(beforeRow, expectedUpdatedAt, id)
    await refuseDuplicateEnterpriseNumber(trx, values.enterpriseNumber, id)
    const at = nowTimestamp()
    await trx
      .updateTable('organisations')
      .set({ ...organisationColumns(values), updated_at: at, updated_by: officer.name })
      .where('id', '=', id)
      .execute()
    const after = toOrganisation(await organisationRow(trx, id))
    await writeAudit(trx, officer, { entity: 'organisation', recordId: id, action: 'update', before: toOrganisation(beforeRow), after }, at)
    // Its projects' list sorts by its acronym or name (project_figures); the registry by its folded texts.
    await refreshBeneficiaryKeys(trx, id)
    await refreshOrganisationSearch(trx, id)
    return after
  })
}

/** Archives (or restores) an organisation; it stays in the file with its history. */
export async function setPartnerArchived(db: WritableDb, officer: Officer, id: string, archived: boolean): Promise<Organisation> {
  return db.transaction().execute(async (trx) => {
    const beforeRow = await organisationRow(trx, id)
    if ((beforeRow.archived === 1) === archived) return toOrganisation(beforeRow)
    const at = nowTimestamp()
    await trx
      .updateTable('organisations')
      .set({ archived: archived ? 1 : 0, updated_at: at, updated_by: officer.name })
      .where('id', '=', id)
      .execute()
    const after = toOrganisation(await organisationRow(trx, id))
    await writeAudit(
      trx,
      officer,
      { entity: 'organisation', recordId: id, action: archived ? 'archive' : 'restore', before: toOrganisation(beforeRow), after },
      at,
    )
    await refreshOrganisationSearch(trx, id)
    return after
  })
}

/** Deletes an organisation that nothing refers to (its contacts go with it); otherwise PARTNER_REFERENCED. */
export async function deletePartner(db: WritableDb, officer: Officer, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const detail = await getPartner(trx, id)
    const refs = detail.references
    if (Object.values(refs).some((n) => n > 0)) {
      throw new AppError('PARTNER_REFERENCED', `Organisation ${detail.name} is referred to and can only be archived`, {
        id,
        references: refs,
      })
    }
    const at = nowTimestamp()
    for (const c of detail.contacts) {
      await writeAudit(trx, officer, { entity: 'contact', recordId: c.id, parentId: id, action: 'delete', before: c }, at)
    }
    await trx.deleteFrom('organisations').where('id', '=', id).execute()
    const { contacts: _c, partnerships: _p, references: _r, ...before } = detail
    await writeAudit(trx, officer, { entity: 'organisation', recordId: id, action: 'delete', before }, at)
  })
}

async function touchOrganisationExists(db: Kysely<DB>, organisationId: string): Promise<void> {
  await organisationRow(db, organisationId)
}

async function contactRow(db: Kysely<DB>, id: string): Promise<Selectable<ContactTable>> {
  const row = await db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `No contact ${id}`, { entity: 'contact', id })
  return row
}

/** Inserts a contact person and its audit row inside the caller's transaction. */
export async function insertContact(trx: WriteTrx, officer: Officer, organisationId: string, values: ContactValues, at = nowTimestamp()): Promise<Contact> {
  await touchOrganisationExists(trx, organisationId)
  const id = newId()
  await trx
    .insertInto('contacts')
    .values({ id, organisation_id: organisationId, ...contactColumns(values), created_at: at, updated_at: at, updated_by: officer.name })
    .execute()
  const created = toContact(await contactRow(trx, id))
  await writeAudit(trx, officer, { entity: 'contact', recordId: id, parentId: organisationId, action: 'create', after: created }, at)
  return created
}

/** Adds a contact person to an organisation. */
export async function createContact(db: WritableDb, officer: Officer, organisationId: string, values: ContactValues): Promise<Contact> {
  return db.transaction().execute((trx) => insertContact(trx, officer, organisationId, values))
}

/** Changes a contact person. */
export async function updateContact(db: WritableDb, officer: Officer, id: string, values: ContactValues, expectedUpdatedAt?: string): Promise<Contact> {
  return db.transaction().execute(async (trx) => {
    const beforeRow = await contactRow(trx, id)
    checkNotStale(beforeRow, expectedUpdatedAt, id)
    const at = nowTimestamp()
    await trx
      .updateTable('contacts')
      .set({ ...contactColumns(values), updated_at: at, updated_by: officer.name })
      .where('id', '=', id)
      .execute()
    const after = toContact(await contactRow(trx, id))
    await writeAudit(
      trx,
      officer,
      { entity: 'contact', recordId: id, parentId: beforeRow.organisation_id, action: 'update', before: toContact(beforeRow), after },
      at,
    )
    return after
  })
}

/** Removes a contact person. */
export async function deleteContact(db: WritableDb, officer: Officer, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const beforeRow = await contactRow(trx, id)
    await trx.deleteFrom('contacts').where('id', '=', id).execute()
    await writeAudit(trx, officer, {
      entity: 'contact',
      recordId: id,
      parentId: beforeRow.organisation_id,
      action: 'delete',
      before: toContact(beforeRow),
    })
  })
}

async function partnershipRow(db: Kysely<DB>, id: string): Promise<Selectable<PartnershipTable>> {
  const row = await db.selectFrom('partnerships').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `No partnership ${id}`, { entity: 'partnership', id })
  return row
}

/** Inserts a partnership and its audit row inside the caller's transaction. */
export async function insertPartnership(
  trx: WriteTrx,
  officer: Officer,
  organisationId: string,
  values: PartnershipValues,
  at = nowTimestamp(),
): Promise<Partnership> {
  await touchOrganisationExists(trx, organisationId)
  const id = newId()
  await trx
    .insertInto('partnerships')
    .values({ id, organisation_id: organisationId, ...partnershipColumns(values), created_at: at, updated_at: at, updated_by: officer.name })
    .execute()
  const created = toPartnership(await partnershipRow(trx, id))
  await writeAudit(trx, officer, { entity: 'partnership', recordId: id, parentId: organisationId, action: 'create', after: created }, at)
  return created
}

/** Records a partnership of an organisation in a strand. */
export async function createPartnership(db: WritableDb, officer: Officer, organisationId: string, values: PartnershipValues): Promise<Partnership> {
  return db.transaction().execute((trx) => insertPartnership(trx, officer, organisationId, values))
}

/** Changes a partnership. */
export async function updatePartnership(
  db: WritableDb,
  officer: Officer,
  id: string,
  values: PartnershipValues,
  expectedUpdatedAt?: string,
): Promise<Partnership> {
  return db.transaction().execute(async (trx) => {
    const beforeRow = await partnershipRow(trx, id)
    checkNotStale(beforeRow, expectedUpdatedAt, id)
    const at = nowTimestamp()
    await trx
      .updateTable('partnerships')
      .set({ ...partnershipColumns(values), updated_at: at, updated_by: officer.name })
      .where('id', '=', id)
      .execute()
    const after = toPartnership(await partnershipRow(trx, id))
    await writeAudit(
      trx,
      officer,
      { entity: 'partnership', recordId: id, parentId: beforeRow.organisation_id, action: 'update', before: toPartnership(beforeRow), after },
      at,
    )
    return after
  })
}

/** Removes a partnership entered by mistake (ended ones should be marked ended instead). */
export async function deletePartnership(db: WritableDb, officer: Officer, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const beforeRow = await partnershipRow(trx, id)
    await trx.deleteFrom('partnerships').where('id', '=', id).execute()
    await writeAudit(trx, officer, {
      entity: 'partnership',
      recordId: id,
      parentId: beforeRow.organisation_id,
      action: 'delete',
      before: toPartnership(beforeRow),
    })
  })
}
