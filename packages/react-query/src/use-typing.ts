'use client'
import type { SendTypingOptions, Typist } from '@uc-conversation/rxjs'
import { useCallback, useEffect, useRef } from 'react'
import { Subject } from 'rxjs'
import { useConversationContext } from './conversation-provider'
import { useObservable } from './use-observable'

export interface UseTypingOptions extends Omit<SendTypingOptions, 'scheduler'> {
  /** Typists disappear after this long without an update. @default rxjs's DEFAULT_TYPING.expiryMs (5,000) */
  expiryMs?: number | undefined
}

/** Result of {@link useTyping}. */
export interface UseTypingResult {
  /** Who is typing now (others only), and what. */
  typists: readonly Typist[]
  /** Reports the agent's composer text (throttled by rxjs's `sendTyping`); pass `''` when cleared or sent. */
  setTyping: (value: string) => void
}

const NOBODY: readonly Typist[] = Object.freeze([])

/** Typing in one conversation, both ways, through the session (without a socket: nobody, and a no-op). */
export function useTyping(conversationUuid: string, options: UseTypingOptions = {}): UseTypingResult {
  const { session } = useConversationContext()
  const { expiryMs, throttleMs } = options
  const realtime = session.realtime
  const typists = useObservable(
    () =>
      realtime ? session.typing(conversationUuid, expiryMs !== undefined ? { expiryMs } : {}) : undefined,
    [session, realtime, conversationUuid, expiryMs],
    NOBODY,
  )
  const values = useRef<Subject<string> | undefined>(undefined)
  useEffect(() => {
    if (!realtime) return
    const subject = new Subject<string>()
    values.current = subject
    const subscription = session
      .sendTyping(conversationUuid, subject, throttleMs !== undefined ? { throttleMs } : {})
      .subscribe({ error: () => {} })
    return () => {
      values.current = undefined
      subscription.unsubscribe()
    }
  }, [session, realtime, conversationUuid, throttleMs])
  const setTyping = useCallback((value: string) => values.current?.next(value), [])
  return { typists, setTyping }
}
