import type { ConnectionHealth } from '@uc-conversation/rxjs'
import { useSyncExternalStore } from 'react'
import { useConsole } from './console-context'

/** The latest {@link ConnectionHealth} of the console (re-renders on every change). */
export function useHealth(): ConnectionHealth {
  const { health } = useConsole()
  return useSyncExternalStore(health.subscribe, health.current, health.current)
}
