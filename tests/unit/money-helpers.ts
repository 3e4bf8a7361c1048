import path from 'node:path'
import { referenceId } from '../../database/migrations/data/reference-2021-2027'
import type { ApiInput } from '../../electron/api/index'
import type { Workspace } from '../../electron/api/workspace'
import en from '../../renderer/src/i18n/en'
import fr from '../../renderer/src/i18n/fr'
import nl from '../../renderer/src/i18n/nl'
import { ok, openNewFile, testWorkspace } from './helpers'

/** Shared set-up of the money tests (co-financing, simplified costs, payments, measurements). */

export type ProjectInput = ApiInput<'projects.create'>['values']
export const TODAY = '2026-03-15'
export const CATALOGUES = { fr, nl, en } as const

/** A message of a catalogue by its dotted key, with `{name}` placeholders filled in. */
export function message(lang: keyof typeof CATALOGUES, key: string, params: Record<string, string | number> = {}): string {
  const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], CATALOGUES[lang])
  if (typeof text !== 'string') throw new Error(`No message ${lang}:${key}`)
  return text.replace(/\{(\w+)\}/g, (_m, name: string) => String(params[name] ?? `{${name}}`))
}

export async function openNew() {
  const t = testWorkspace()
  await openNewFile(t.ws, path.join(t.dir, 'money.amif'))
  const partner = await ok(t.ws, 'partners.create', { values: { name: 'Caritas International', acronym: 'CI', kind: 'ngo', country: 'BE' } })
  return { ...t, partnerId: partner.id }
}

export function projectValues(beneficiaryId: string, patch: Partial<ProjectInput> = {}): ProjectInput {
  return {
    code: 'AMIF-2026-RV-01',
    title: 'Réintégration après retour volontaire',
    beneficiaryId,
    strand: 'voluntary_return',
    strandObjectiveId: referenceId('strand-objective', 'RV-2'),
    objectiveCode: 'SO3',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    officerName: 'Élise Test-Officer',
    ...patch,
  }
}

/** A project with one actual-cost line per amount given (staff first, then travel...). */
export async function projectWithBudget(
  ws: Workspace,
  beneficiaryId: string,
  lines: { category: 'staff' | 'travel' | 'external_services' | 'equipment'; cents: number; publicProcurement?: boolean }[],
  patch: Partial<ProjectInput> = {},
) {
  let p = await ok(ws, 'projects.create', { values: projectValues(beneficiaryId, patch), today: TODAY })
  for (const l of lines) {
    p = await ok(ws, 'budget.saveLine', {
      projectId: p.id,
      values: {
        category: l.category,
        costModel: 'actual_costs',
        description: `${l.category} line`,
        amountCents: l.cents,
        publicProcurement: l.publicProcurement ?? false,
      },
      today: TODAY,
    })
  }
  return p
}
