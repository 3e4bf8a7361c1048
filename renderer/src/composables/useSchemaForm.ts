import { computed, nextTick, reactive, ref, watch } from 'vue'
import type { z } from 'zod'
import type { FieldIssue } from '@domain/errors'
import { focusFirstError, issueMessage } from '../lib/errors'
import { handleSaveError } from '../lib/saveErrors'

type Values = Record<string, unknown>

/** A field while the officer types: a number may still be empty (null, as MoneyInput and PercentInput give it). */
type Draft<T> = [T] extends [number] ? T | null : T

/** What a form on schema `S` holds: its input (z.input), a number possibly still empty. */
export type FormValues<S extends z.ZodType> = { [K in keyof z.input<S>]: Draft<z.input<S>[K]> }

/** A message to show under a field; a function so that it follows the UI language. */
type FieldMessage = () => string

/**
 * A form validated as the officer types, with the same zod schema the handler uses (one set of
 * rules). A field's message shows once it has been changed, or after a first attempt to save.
 * The values are typed by the schema (FormValues<S>); a form whose fields start empty in a way
 * the schema refuses (a choice not made yet) names its own values type `V`.
 */
export function useSchemaForm<S extends z.ZodType<object, object>, V extends object = FormValues<S>>(schema: S, initial: NoInfer<V>) {
  const values = reactive({ ...initial }) as V
  const baseline = ref(JSON.stringify(values))
  let previous: Record<string, string> = snapshotFields(values as Values)
  const touched = reactive(new Set<string>())
  const submitted = ref(false)
  const serverErrors = reactive<Record<string, FieldMessage>>({})

  const clientIssues = computed<Record<string, string>>(() => {
    const result = schema.safeParse(values)
    if (result.success) return {}
    const out: Record<string, string> = {}
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '')
      if (key && !(key in out)) out[key] = issue.message
    }
    return out
  })

  /** The message under each field (translated), or nothing. */
  const errors = computed<Record<string, string | undefined>>(() => {
    const out: Record<string, string | undefined> = {}
    for (const [key, message] of Object.entries(clientIssues.value)) {
      if (submitted.value || touched.has(key)) out[key] = issueMessage(message)
    }
    for (const [key, message] of Object.entries(serverErrors)) {
      if (!out[key]) out[key] = message()
    }
    return out
  })

  const valid = computed(() => Object.keys(clientIssues.value).length === 0)
  const dirty = computed(() => JSON.stringify(values) !== baseline.value)

  // A changed field is "touched" (its message shows) and loses any message the server gave it.
  watch(
    values,
    () => {
      const now = snapshotFields(values as Values)
      for (const key of Object.keys(now)) {
        if (now[key] !== previous[key]) {
          touched.add(key)
          delete serverErrors[key]
        }
      }
      previous = now
    },
    { deep: true },
  )

  /** Puts new values in the form and makes them the clean state. */
  function reset(next: V): void {
    for (const key of Object.keys(values)) if (!(key in next)) delete (values as Values)[key]
    Object.assign(values, next)
    baseline.value = JSON.stringify(values)
    previous = snapshotFields(values as Values)
    touched.clear()
    submitted.value = false
    for (const key of Object.keys(serverErrors)) delete serverErrors[key]
  }

  /** Marks the current values as saved (clean) without changing them. */
  function markClean(): void {
    baseline.value = JSON.stringify(values)
  }

  /** A first save attempt shows every message; true when the values pass the schema. */
  function check(): boolean {
    submitted.value = true
    return valid.value
  }

  /** Like check(), and gives the values typed as the schema's input when they pass it (null otherwise). */
  function checkedInput(): z.input<S> | null {
    return check() ? ({ ...values } as z.input<S>) : null
  }

  /** Shows a VALIDATION error's field issues under the fields (paths like `values.name`). */
  function applyServerIssues(issues: FieldIssue[], prefix = 'values.'): void {
    for (const issue of issues) {
      const path = issue.path.startsWith(prefix) ? issue.path.slice(prefix.length) : issue.path
      const key = path.split('.')[0]
      if (key) serverErrors[key] = () => issueMessage(issue)
    }
  }

  /** Shows a message of our own under a field (e.g. a duplicate enterprise number). */
  function setServerError(field: string, message: FieldMessage): void {
    serverErrors[field] = message
  }

  const saving = ref(false)

  /**
   * The save button of a dialog form: shows every message and the first field in error when the
   * values do not pass, otherwise runs `persist` once (no double submit) with the values, which
   * the schema has just accepted (so typed as its input), and shows a refusal where it belongs
   * (`onReload` answers a record changed meanwhile). True when saved.
   */
  async function submit(formRoot: HTMLElement | null, persist: (input: z.input<S>) => Promise<unknown>, onReload?: () => Promise<void>): Promise<boolean> {
    if (saving.value) return false
    if (!check()) {
      await nextTick()
      focusFirstError(formRoot)
      return false
    }
    saving.value = true
    try {
      await persist({ ...values } as z.input<S>) // check() passed: the values are the schema's input
      markClean()
      return true
    } catch (err) {
      await handleSaveError(err, { applyServerIssues, setServerError }, onReload)
      return false
    } finally {
      saving.value = false
    }
  }

  return { values, errors, valid, dirty, saving, reset, markClean, check, checkedInput, submit, applyServerIssues, setServerError }
}

function snapshotFields(values: Values): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, JSON.stringify(v)]))
}
