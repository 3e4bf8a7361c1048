// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { useRouter } from 'vue-router'
import { onMac, runShortcut, shortcutFor, shortcutFromMenu, useShortcuts } from '@/composables/useShortcuts'
import { mountApp } from './mount'

const SECTIONS = ['/dashboard', '/projects', '/milestones', '/partners', '/calls', '/documents', '/reference', '/file']

/** A screen with a "new" button and a search box, as the list views mark them. */
function screen(onNew: () => void, newDisabled = false) {
  const Screen = defineComponent({
    setup() {
      const root = ref<HTMLElement | null>(null)
      useShortcuts({ sections: () => SECTIONS, root: () => root.value })
      const router = useRouter()
      return () =>
        h('div', { ref: root }, [
          h('span', { 'data-testid': 'path' }, router.currentRoute.value.path),
          h('button', { 'data-shortcut': 'new', disabled: newDisabled, onClick: onNew }, 'Nouveau'),
          h('div', { 'data-shortcut': 'search' }, [h('input', { 'data-testid': 'search', value: 'retour' })]),
        ])
    },
  })
  return mountApp(Screen)
}

function press(key: string, init: KeyboardEventInit = { ctrlKey: true }): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })
  window.dispatchEvent(event)
  return event
}

// happy-dom lays nothing out: every element counts as shown.
vi.spyOn(HTMLElement.prototype, 'getClientRects').mockReturnValue([{}] as unknown as DOMRectList)

describe('the keyboard shortcuts', () => {
  it('reads Ctrl (Cmd on macOS) with 1..9, N and F, and nothing else', () => {
    const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods })
    expect(shortcutFor(key('2', { ctrlKey: true }), false)).toEqual({ kind: 'section', index: 1 })
    expect(shortcutFor(key('8', { metaKey: true }), true)).toEqual({ kind: 'section', index: 7 })
    expect(shortcutFor(key('N', { ctrlKey: true }), false)).toEqual({ kind: 'newRecord' })
    expect(shortcutFor(key('f', { ctrlKey: true }), false)).toEqual({ kind: 'search' })
    expect(shortcutFor(key('9', { ctrlKey: true }), false)).toEqual({ kind: 'section', index: 8 })
    // Ctrl/Cmd+0 stays the window's "actual size".
    expect(shortcutFor(key('0', { ctrlKey: true }), false)).toBeNull()
    // On a Belgian AZERTY keyboard the key of 1 gives "&" without Shift.
    expect(shortcutFor(key('&', { ctrlKey: true, code: 'Digit1' }), false)).toEqual({ kind: 'section', index: 0 })
    expect(shortcutFor(key('é', { metaKey: true, code: 'Digit2' }), true)).toEqual({ kind: 'section', index: 1 })
    // On macOS Ctrl keeps its own meanings (Ctrl+F, Ctrl+N move the caret; Ctrl+digit switches desktops).
    expect(shortcutFor(key('f', { ctrlKey: true }), true)).toBeNull()
    expect(shortcutFor(key('n', { ctrlKey: true }), true)).toBeNull()
    expect(shortcutFor(key('2', { ctrlKey: true }), true)).toBeNull()
    expect(shortcutFor(key('f', { metaKey: true }), true)).toEqual({ kind: 'search' })
    expect(shortcutFor(key('n', { metaKey: true }), true)).toEqual({ kind: 'newRecord' })
    expect(shortcutFor(key('a', { ctrlKey: true }), false)).toBeNull()
    expect(shortcutFor(key('2'), false)).toBeNull()
    expect(shortcutFor(key('2', { metaKey: true }), false)).toBeNull()
    expect(shortcutFor(key('n', { ctrlKey: true, shiftKey: true }), false)).toBeNull()
    expect(shortcutFor(key('f', { ctrlKey: true, altKey: true }), false)).toBeNull()
  })

  it('knows macOS from the platform Electron and Chromium report', () => {
    expect(onMac({ platform: 'MacIntel', userAgent: '' })).toBe(true)
    expect(onMac({ platform: 'Win32', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' })).toBe(false)
    expect(onMac({ platform: 'Linux x86_64', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' })).toBe(false)
    expect(onMac({ platform: '', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)' })).toBe(true)
    expect(onMac({ platform: '', userAgent: '', userAgentData: { platform: 'macOS' } } as unknown as Navigator)).toBe(true)
  })

  it('goes to a section, clicks the screen’s "new" and focuses its search box', async () => {
    const onNew = vi.fn()
    const wrapper = screen(onNew)
    await flushPromises()
    expect(press('3').defaultPrevented).toBe(true)
    await flushPromises()
    expect(wrapper.get('[data-testid="path"]').text()).toBe('/milestones')
    press('n')
    expect(onNew).toHaveBeenCalledOnce()
    press('f')
    expect(document.activeElement).toBe(wrapper.get('[data-testid="search"]').element)
    // A plain key or another combination is the page's.
    expect(press('f', {}).defaultPrevented).toBe(false)
    expect(press('s').defaultPrevented).toBe(false)
    wrapper.unmount()
    press('n')
    expect(onNew).toHaveBeenCalledOnce()
  })

  it('runs the Electron menu items the same way, and leaves a disabled button or an open dialog alone', async () => {
    const onNew = vi.fn()
    const wrapper = screen(onNew, true)
    await flushPromises()
    expect(runShortcut(shortcutFromMenu({ action: 'newRecord' })!)).toBe(false)
    expect(onNew).not.toHaveBeenCalled()
    expect(shortcutFromMenu({ action: 'open' })).toBeNull()
    const overlay = document.createElement('div')
    overlay.className = 'el-overlay'
    overlay.innerHTML = '<div role="dialog"></div>'
    document.body.append(overlay)
    expect(runShortcut(shortcutFromMenu({ action: 'section', index: 1 })!)).toBe(false)
    overlay.remove()
    expect(runShortcut(shortcutFromMenu({ action: 'section', index: 1 })!)).toBe(true)
    await flushPromises()
    expect(wrapper.get('[data-testid="path"]').text()).toBe('/projects')
    wrapper.unmount()
    expect(runShortcut({ kind: 'search' })).toBe(false)
  })
})
