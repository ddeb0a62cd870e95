import { encodeTypingFrame } from '@uc-conversation/core'
import {
  asyncScheduler,
  distinctUntilChanged,
  filter,
  Observable,
  type SchedulerLike,
  type Subscription,
  throttleTime,
} from 'rxjs'
import type { AgentSocket } from './agent-socket/agent-socket'
import type { Defaults } from './internal/defaults'

/** A typist disappears after this long without an update. */
const EXPIRY_MS = 5_000
/** At most one typing frame per this many milliseconds (the last value always goes out). */
const THROTTLE_MS = 1_000

/**
 * Defaults of {@link TypingOptions} and {@link SendTypingOptions} (frozen). The functions read the constants
 * themselves, so an app that does not import this object does not ship it.
 */
export const DEFAULT_TYPING: Defaults<
  Pick<TypingOptions, 'expiryMs'> & Pick<SendTypingOptions, 'throttleMs'>
> = /* @__PURE__ */ Object.freeze({ expiryMs: EXPIRY_MS, throttleMs: THROTTLE_MS })

/** Someone typing in a conversation. */
export interface Typist {
  arn: string | undefined
  name: string | undefined
  /** The text typed so far. */
  value: string
  /** When the last update came (scheduler clock). */
  at: number
}

export interface TypingOptions {
  /**
   * Milliseconds after the last update before a typist is dropped.
   * @default DEFAULT_TYPING.expiryMs (5,000)
   */
  expiryMs?: number | undefined
  /**
   * Also report the agent's own typing (echoed by the server).
   * @default false
   */
  includeOwn?: boolean | undefined
  /** @default asyncScheduler */
  scheduler?: SchedulerLike | undefined
}

/**
 * Who is typing in a conversation, and what: `[]` at once, then the current typists on every change. A typist
 * leaves when the text becomes empty, when a message of theirs arrives, or after `expiryMs` without an update.
 * Subscribing connects the socket.
 */
export function typing(
  socket: AgentSocket,
  conversationUuid: string,
  options: TypingOptions = {},
): Observable<readonly Typist[]> {
  const scheduler = options.scheduler ?? asyncScheduler
  const expiryMs = options.expiryMs ?? EXPIRY_MS
  return new Observable<readonly Typist[]>((subscriber) => {
    // Subscriptions and expiries are added to the subscriber: its end ends them all (an expiry unsubscribed
    // earlier leaves it).
    const typists = new Map<string, { typist: Typist; expiry: Subscription }>()
    const emit = () => subscriber.next([...typists.values()].map((t) => t.typist))
    // Sets one typist (with a fresh expiry), or without one removes it; emits when anything changed.
    const update = (key: string, typist?: Typist) => {
      const old = typists.get(key)
      old?.expiry.unsubscribe()
      typists.delete(key)
      if (typist) {
        const expiry = scheduler.schedule(() => update(key), expiryMs)
        subscriber.add(expiry)
        typists.set(key, { typist, expiry })
      }
      if (old || typist) emit()
    }
    subscriber.add(
      socket.events('typing', conversationUuid).subscribe({
        next: (frame) => {
          const event = frame.event_typing
          if (!event) return
          const arn = event.author_conversation_participant_arn
          if (!options.includeOwn && arn !== undefined && arn === socket.agent?.conversation_participant_arn)
            return
          const name = event.author_conversation_participant_name
          const value = typeof event.value === 'string' ? event.value : ''
          update(arn ?? name ?? '', value ? { arn, name, value, at: scheduler.now() } : undefined)
        },
        error: (error) => subscriber.error(error),
      }),
    )
    // A message from a typist ends their typing at once, not expiryMs later.
    subscriber.add(
      socket.conversation(conversationUuid).subscribe((frame) => {
        if (frame.type !== 'message') return
        const { message } = frame
        update(
          message.author_conversation_participant_arn ?? message.author_conversation_participant_name ?? '',
        )
      }),
    )
    emit()
  })
}

export interface SendTypingOptions {
  /**
   * At most one frame per this many milliseconds; the latest value is sent at the end of each window.
   * @default DEFAULT_TYPING.throttleMs (1,000)
   */
  throttleMs?: number | undefined
  /** @default asyncScheduler */
  scheduler?: SchedulerLike | undefined
}

/**
 * Sends the agent's composer text as typing frames, throttled (first value at once, the latest at the end of
 * each window; repeats skipped). Emits each value actually written; values while the socket is down are
 * dropped. Send `''` when the composer is cleared or sent.
 */
export function sendTyping(
  socket: Pick<AgentSocket, 'send'>,
  conversationUuid: string,
  values: Observable<string>,
  options: SendTypingOptions = {},
): Observable<string> {
  return values.pipe(
    distinctUntilChanged(),
    throttleTime(options.throttleMs ?? THROTTLE_MS, options.scheduler ?? asyncScheduler, {
      leading: true,
      trailing: true,
    }),
    filter((value) => socket.send(encodeTypingFrame(conversationUuid, value))),
  )
}
