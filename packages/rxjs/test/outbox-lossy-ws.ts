import WebSocket from 'ws'
import type { WebSocketCtorLike } from '../src'

const isMessageFrame = (data: unknown) => {
  try {
    return JSON.parse(String(data))?.type === 'message'
  } catch {
    return false
  }
}

/**
 * `ws` with a switch that makes the connections opened while it is on swallow incoming chat message frames (the
 * echoes): a write that reached the server
 * but whose echo was lost, the case where only asking the server can tell whether to write again.
 */
export function lossyWebSocket() {
  const control = { dropMessages: false, opened: 0 }
  const Ctor = function LossyWebSocket(url: string) {
    const inner = new WebSocket(url)
    control.opened++
    // Decided per connection: a later connection started after the switch is off delivers everything.
    const drop = control.dropMessages
    return new Proxy(inner, {
      set(target, prop, value) {
        if (prop === 'onmessage' && typeof value === 'function') {
          const handler = value as (event: { data: unknown }) => void
          target.onmessage = (event) => {
            if (drop && isMessageFrame(event.data)) return
            handler(event)
          }
          return true
        }
        return Reflect.set(target, prop, value)
      },
      get(target, prop) {
        const value = Reflect.get(target, prop)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  } as unknown as WebSocketCtorLike
  return { WebSocketCtor: Ctor, control }
}
