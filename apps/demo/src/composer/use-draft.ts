import { useCallback, useEffect, useState } from 'react'

/** Where a draft is kept: one entry per agent and conversation. */
export const draftKey = (agentArn: string | undefined, conversationUuid: string) =>
  `uc-demo:draft:${agentArn ?? 'unknown'}:${conversationUuid}`

const load = (key: string) => {
  try {
    return localStorage.getItem(key) ?? ''
  } catch {
    return ''
  }
}

/**
 * The composer's text of one conversation, kept in `localStorage` so that it survives switching conversations
 * and reloading. Setting `''` (after a send) removes the entry.
 */
export function useDraft(key: string): [string, (text: string) => void] {
  const [text, setText] = useState(() => load(key))
  // Another conversation's composer: its own draft.
  useEffect(() => setText(load(key)), [key])
  const update = useCallback(
    (next: string) => {
      setText(next)
      try {
        if (next) localStorage.setItem(key, next)
        else localStorage.removeItem(key)
      } catch {
        // Storage full or blocked: the draft lives on in memory only.
      }
    },
    [key],
  )
  return [text, update]
}
