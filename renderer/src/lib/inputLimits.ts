import { ElInput, ElMessage } from 'element-plus'
import { defineComponent, h, ref, type Plugin } from 'vue'
import { i18n } from '../i18n'

/**
 * Fields with a maximum length (issue 14): the browser's `maxlength` stops typing at the limit and
 * cuts a longer paste without a word. Every `<el-input>` with a `maxlength` here shows its count
 * and limit ("12 / 200") while the officer is in it, and a paste that would go past the limit is
 * refused with a message, the field left as it was. One place for all the forms' fields.
 */

type TextField = HTMLInputElement | HTMLTextAreaElement

/** The length `field` would have with `pasted` in place of its selection (a textarea stores line ends as LF). */
function lengthAfterPaste(field: TextField, pasted: string): number {
  const length = field.value.length
  const start = field.selectionStart ?? length
  const end = field.selectionEnd ?? length
  return length - (end - start) + pasted.replace(/\r\n?/g, '\n').length
}

/**
 * Refuses a paste into a field with a `maxlength` that would go past it: nothing is pasted and a
 * message says how long the text is and what the field takes. True when refused.
 */
function refuseLongPaste(event: ClipboardEvent): boolean {
  const field = event.target
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) || field.maxLength < 0) return false
  const pasted = event.clipboardData?.getData('text/plain') ?? ''
  if (lengthAfterPaste(field, pasted) <= field.maxLength) return false
  event.preventDefault()
  ElMessage({
    type: 'warning',
    message: i18n.global.t('validation.pasteTooLong', { length: pasted.length, max: field.maxLength }),
    grouping: true,
  })
  return true
}

type Listener = (event: ClipboardEvent) => void

/** `<el-input>` as the forms write it, with the count of a limited field and the paste check. */
const LimitedInput = defineComponent({
  name: 'LimitedInput',
  inheritAttrs: false,
  setup(_, { attrs, slots, expose }) {
    const inner = ref<Record<PropertyKey, unknown> | null>(null)
    // A parent's ref (a search box it focuses) reaches Element Plus's input: focus(), blur(), input...
    expose(
      new Proxy(
        {},
        {
          get: (_target, key) => inner.value?.[key],
          has: (_target, key) => inner.value !== null && key in inner.value,
        },
      ),
    )
    const onPaste = (event: ClipboardEvent) => {
      if (refuseLongPaste(event)) return
      const own = attrs.onPaste as Listener | Listener[] | undefined
      for (const listener of [own ?? []].flat()) listener(event)
    }
    return () => {
      const limited = attrs.maxlength !== undefined && attrs.maxlength !== null && attrs.maxlength !== ''
      return h(ElInput, { showWordLimit: limited, ...attrs, onPaste, ref: inner }, slots)
    }
  },
})

/**
 * Puts LimitedInput behind the templates' `<el-input>`: registered under that exact name, it is
 * found before Element Plus's `ElInput`, which it renders. Install after Element Plus.
 */
export const inputLimits: Plugin = {
  install(app) {
    // eslint-disable-next-line vue/component-definition-name-casing -- the templates' own spelling, found first
    app.component('el-input', LimitedInput)
  },
}
