import type { Kysely } from 'kysely'
import type { GrantorValues } from './domain/schemas/documents'
import type { Grantor } from '../templates/types'
import type { DocLanguage } from './domain/languages'
import type { Officer } from './audit'
import { inLanguage, ownForm } from './domain/languages'
import { insertRecord, updateRecord, type NewRecord, type RecordTarget } from './records'
import type { DB, GrantorProfileTable } from './schema'
import type { WritableDb, WriteTrx } from './writable'

/** The file's own organisation, which grants and signs its agreements (one per file, id `grantor`). */

export const GRANTOR_ID = 'grantor'
const TARGET: RecordTarget<'grantor_profile'> = { table: 'grantor_profile', entity: 'grantor', parentId: null }

export interface GrantorProfile extends GrantorValues {
  updatedAt: string
  updatedBy: string
}

type Row = Omit<GrantorProfileTable, 'sync_vv'>

function toProfile(r: Row): GrantorProfile {
  return {
    nameFr: r.name_fr,
    nameNl: r.name_nl,
    nameEn: r.name_en,
    acronym: r.acronym,
    enterpriseNumber: r.enterprise_number,
    street: r.street,
    postcode: r.postcode,
    city: r.city,
    country: r.country,
    signatoryName: r.signatory_name,
    signatoryTitleFr: r.signatory_title_fr,
    signatoryTitleNl: r.signatory_title_nl,
    signatoryTitleEn: r.signatory_title_en,
    signaturePlace: r.signature_place,
    programmeReferenceFr: r.programme_reference_fr,
    programmeReferenceNl: r.programme_reference_nl,
    programmeReferenceEn: r.programme_reference_en,
    nationalBasisFr: r.national_basis_fr,
    nationalBasisNl: r.national_basis_nl,
    nationalBasisEn: r.national_basis_en,
    streetFr: r.street_fr,
    streetNl: r.street_nl,
    streetEn: r.street_en,
    cityFr: r.city_fr,
    cityNl: r.city_nl,
    cityEn: r.city_en,
    signaturePlaceFr: r.signature_place_fr,
    signaturePlaceNl: r.signature_place_nl,
    signaturePlaceEn: r.signature_place_en,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  }
}

function columns(v: GrantorValues): NewRecord<'grantor_profile'> {
  return {
    name_fr: v.nameFr,
    name_nl: v.nameNl,
    name_en: v.nameEn,
    acronym: v.acronym,
    enterprise_number: v.enterpriseNumber,
    street: v.street,
    postcode: v.postcode,
    city: v.city,
    country: v.country,
    signatory_name: v.signatoryName,
    signatory_title_fr: v.signatoryTitleFr,
    signatory_title_nl: v.signatoryTitleNl,
    signatory_title_en: v.signatoryTitleEn,
    signature_place: v.signaturePlace,
    programme_reference_fr: v.programmeReferenceFr,
    programme_reference_nl: v.programmeReferenceNl,
    programme_reference_en: v.programmeReferenceEn,
    national_basis_fr: v.nationalBasisFr,
    national_basis_nl: v.nationalBasisNl,
    national_basis_en: v.nationalBasisEn,
    street_fr: v.streetFr,
    street_nl: v.streetNl,
    street_en: v.streetEn,
    city_fr: v.cityFr,
    city_nl: v.cityNl,
    city_en: v.cityEn,
    signature_place_fr: v.signaturePlaceFr,
    signature_place_nl: v.signaturePlaceNl,
    signature_place_en: v.signaturePlaceEn,
  }
}

/** The grantor as set in the file, or null before the officer has set it. */
export async function getGrantor(db: Kysely<DB>): Promise<GrantorProfile | null> {
  const row = await db.selectFrom('grantor_profile').selectAll().where('id', '=', GRANTOR_ID).executeTakeFirst()
  return row ? toProfile(row) : null
}

/** Sets the grantor in the caller's transaction (STALE-checked when it exists already). */
export async function writeGrantor(trx: WriteTrx, officer: Officer, v: GrantorValues, expectedUpdatedAt?: string): Promise<void> {
  const exists = await trx.selectFrom('grantor_profile').select('id').where('id', '=', GRANTOR_ID).executeTakeFirst()
  if (exists) await updateRecord(trx, officer, TARGET, GRANTOR_ID, columns(v), expectedUpdatedAt)
  else await insertRecord(trx, officer, TARGET, { id: GRANTOR_ID, ...columns(v) })
}

/** Sets the grantor (STALE-checked when it exists already). */
export async function saveGrantor(db: WritableDb, officer: Officer, v: GrantorValues, expectedUpdatedAt?: string): Promise<GrantorProfile> {
  await db.transaction().execute((trx) => writeGrantor(trx, officer, v, expectedUpdatedAt))
  return (await getGrantor(db))!
}

/** The grantor as a document names it, in the document's language. */
export function grantorForDocument(g: GrantorProfile, lang: DocLanguage): Grantor {
  return {
    name: inLanguage(lang, g.nameFr, g.nameNl, g.nameEn),
    acronym: g.acronym,
    kind: 'public_authority',
    enterpriseNumber: g.enterpriseNumber,
    foreignRegistration: null,
    vatNumber: null,
    street: ownForm(lang, g.street, g.streetFr, g.streetNl, g.streetEn),
    postcode: g.postcode,
    city: ownForm(lang, g.city, g.cityFr, g.cityNl, g.cityEn),
    country: g.country,
    iban: null,
    bic: null,
    signatory: { name: g.signatoryName, title: inLanguage(lang, g.signatoryTitleFr, g.signatoryTitleNl, g.signatoryTitleEn) },
    signaturePlace: ownForm(lang, g.signaturePlace, g.signaturePlaceFr, g.signaturePlaceNl, g.signaturePlaceEn),
    programmeReference: g.programmeReferenceFr ? inLanguage(lang, g.programmeReferenceFr, g.programmeReferenceNl, g.programmeReferenceEn) : null,
    nationalBasis: g.nationalBasisFr ? inLanguage(lang, g.nationalBasisFr, g.nationalBasisNl, g.nationalBasisEn) : null,
  }
}
