'use client'
import { useEffect } from 'react'
import { useUnsentMessages } from './use-unsent-messages'

/**
 * Asks the browser to confirm closing or reloading the page while messages are unsent (`useUnsentMessages` >
 * 0): a `beforeunload` listener is present only then, and removed when the count drops to 0, when `enabled`
 * turns false and on unmount. Returns the unsent count. Without `window` (server rendering) it does nothing.
 * @param enabled @default true
 */
export function useWarnBeforeUnload(enabled = true): number {
  const unsent = useUnsentMessages()
  const warn = enabled && unsent > 0
  useEffect(() => {
    if (!warn || typeof window === 'undefined') return
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault()
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = ''
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [warn])
  return unsent
}
