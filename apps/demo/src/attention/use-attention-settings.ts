import { useCallback, useState } from 'react'

/** What draws the agent's attention to a newly waiting customer or a new message; each can be switched off. */
export interface AttentionSettings {
  /** A short tone. @default true */
  sound: boolean
  /** A desktop notification (the browser asks for permission when this is switched on). @default false */
  desktop: boolean
  /** The count in the tab title. @default true */
  title: boolean
  /** A screen-reader announcement. @default true */
  announce: boolean
}

export const DEFAULT_ATTENTION: AttentionSettings = {
  sound: true,
  desktop: false,
  title: true,
  announce: true,
}
const KEY = 'uc-demo:attention'

const load = (): AttentionSettings => {
  try {
    return { ...DEFAULT_ATTENTION, ...JSON.parse(localStorage.getItem(KEY) ?? '{}') }
  } catch {
    return DEFAULT_ATTENTION
  }
}

/** The agent's attention settings, kept in `localStorage`. */
export function useAttentionSettings(): [AttentionSettings, (change: Partial<AttentionSettings>) => void] {
  const [settings, setSettings] = useState(load)
  const update = useCallback((change: Partial<AttentionSettings>) => {
    setSettings((old) => {
      const next = { ...old, ...change }
      try {
        localStorage.setItem(KEY, JSON.stringify(next))
      } catch {
        // Not kept across reloads; still applies now.
      }
      return next
    })
  }, [])
  return [settings, update]
}
