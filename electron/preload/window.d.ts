import type { AmifBridge } from './bridge'

declare global {
  interface Window {
    amif: AmifBridge
  }
}

export {}
