import { h, type VNode } from 'vue'

/**
 * A list cell showing an objective's code ("SO1") whose screen-reader text is its full label
 * ("SO1 · Asile"): the code alone says nothing to someone who cannot see the column's tooltip.
 */
export function objectiveCell(code: string, label: string): VNode {
  return h('span', { title: label }, [h('span', { 'aria-hidden': 'true' }, code), h('span', { class: 'sr-only' }, label)])
}
