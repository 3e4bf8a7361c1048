import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ObjectiveRow, StrandObjectiveRow, TargetGroupRow } from '~/database/reference'
import { call } from '../api/client'
import { uiLanguage } from '../i18n'

/**
 * The label of a reference row in the UI language (`labelNl`, `shortEn`...), French when a
 * translation is missing. Takes any row: table slots hand rows over untyped.
 */
export function localized(row: object, prefix: 'label' | 'short'): string {
  const r = row as Record<string, string | null | undefined>
  const suffix = { fr: 'Fr', nl: 'Nl', en: 'En' }[uiLanguage.value]
  return r[`${prefix}${suffix}`] ?? r[`${prefix}Fr`] ?? ''
}

/** The file's reference data (objectives, strand objectives, target groups), loaded once per file. */
export const useReferenceStore = defineStore('reference', () => {
  const objectives = ref<ObjectiveRow[]>([])
  const strandObjectives = ref<StrandObjectiveRow[]>([])
  const targetGroups = ref<TargetGroupRow[]>([])
  let loading: Promise<void> | null = null

  /** Loads the reference data unless it is already there. */
  function ensure(): Promise<void> {
    loading ??= (async () => {
      ;[objectives.value, strandObjectives.value, targetGroups.value] = await Promise.all([
        call('reference.objectives'),
        call('reference.strandObjectives'),
        call('reference.targetGroups'),
      ])
    })().catch((err: unknown) => {
      loading = null
      throw err
    })
    return loading
  }

  /** "SO3 · Retour": the objective's code and short label in the UI language. */
  function objectiveLabel(code: string): string {
    const o = objectives.value.find((x) => x.code === code)
    return o ? `${code} · ${localized(o, 'short')}` : code
  }

  function strandObjectiveLabel(id: string | null): string {
    const s = strandObjectives.value.find((x) => x.id === id)
    return s ? `${s.code} · ${localized(s, 'label')}` : ''
  }

  /** Puts an objective the officer has just corrected in place of the loaded one. */
  function setObjective(row: ObjectiveRow): void {
    objectives.value = objectives.value.map((o) => (o.code === row.code ? row : o))
  }

  /** True when a document in `lang` could not quote the objective's official wording (missing or incomplete there). */
  function wordingMissing(code: string, lang: 'fr' | 'nl' | 'en'): boolean {
    const o = objectives.value.find((x) => x.code === code)
    if (!o) return false
    const [text, incomplete] = lang === 'fr' ? [o.wordingFr, o.incompleteFr] : lang === 'nl' ? [o.wordingNl, o.incompleteNl] : [o.wordingEn, o.incompleteEn]
    return !text?.trim() || incomplete
  }

  return { objectives, strandObjectives, targetGroups, ensure, objectiveLabel, strandObjectiveLabel, setObjective, wordingMissing }
})
