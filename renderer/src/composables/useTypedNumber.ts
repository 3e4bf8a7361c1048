import { ref, watch, type Ref } from 'vue'

/**
 * A number the officer types as text (an amount, a percentage): what is shown, kept apart from the
 * value. A leading minus stays (the form's schema refuses it with its message instead of the field
 * erasing it), a text that is not a number gives NaN (so the schema shows why), an empty one null;
 * a value set from outside (a form reset) replaces what is shown, and leaving the field formats it.
 */
export function useTypedNumber(model: Ref<number | null | undefined>, parseUnsigned: (text: string) => number | null, format: (value: number) => string) {
  const show = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? '' : format(v))
  const text = ref(show(model.value))

  function parse(value: string): number | null {
    const trimmed = value.trim()
    if (trimmed === '') return null
    const negative = /^[-−]/.test(trimmed)
    const parsed = parseUnsigned(negative ? trimmed.slice(1) : trimmed)
    return parsed === null ? Number.NaN : negative ? -parsed : parsed
  }

  watch(model, (v) => {
    if (v !== parse(text.value)) text.value = show(v)
  })

  function onInput(value: string): void {
    text.value = value
    model.value = parse(value)
  }

  function onBlur(): void {
    if (model.value !== null && model.value !== undefined && !Number.isNaN(model.value)) text.value = show(model.value)
  }

  /** Shows the value again in the current format (after a language change). */
  function refresh(): void {
    text.value = show(model.value)
  }

  return { text, onInput, onBlur, refresh }
}
