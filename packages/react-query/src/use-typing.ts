'use client'
import type { SendTypingOptions, Typist } from '@uc-conversation/rxjs'
import { useCallback, useState } from 'react'
import { ignoreElements, Subject } from 'rxjs'
import { useConversationContext } from './conversation-provider'
import { NONE } from './none'
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

/** Typing in one conversation, both ways, through the session (without a socket: nobody, and a no-op). */
export function useTyping(conversationUuid: string, options: UseTypingOptions = {}): UseTypingResult {
  const { session } = useConversationContext()
  const { expiryMs, throttleMs } = options
  const realtime = session.realtime
  const typists = useObservable(
    () => (realtime ? session.typing(conversationUuid, { expiryMs }) : undefined),
    [session, realtime, conversationUuid, expiryMs],
    NONE,
  )
  // The composer's values, sent while mounted (what went out is not state: nothing re-renders).
  const [values] = useState(() => new Subject<string>())
  useObservable(
    () =>
      realtime
        ? session.sendTyping(conversationUuid, values, { throttleMs }).pipe(ignoreElements())
        : undefined,
    [session, realtime, conversationUuid, throttleMs],
    undefined,
  )
  const setTyping = useCallback((value: string) => values.next(value), [values])
  return { typists, setTyping }
}
