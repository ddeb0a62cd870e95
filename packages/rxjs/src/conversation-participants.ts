import type {
  ConversationClient,
  ConversationParticipant,
  ConversationWebsocketFrame,
} from '@uc-conversation/core'
import {
  applyParticipantEvent,
  ConversationValidationError,
  conversationSummaryOf,
  mergeParticipants,
} from '@uc-conversation/core'
import { filter, map, type Observable, type SchedulerLike, tap } from 'rxjs'
import type { AgentSocket } from './agent-socket/agent-socket'
import type { BackoffOptions } from './backoff'
import type { Freshness, LiveSource } from './freshness'
import { liveCollection } from './internal/live-collection'
import { withLoadFailures } from './internal/load-failures'
import type { PollOptions } from './poll-delay'

export interface ConversationParticipantsOptions extends PollOptions {
  /**
   * The client that loads the conversation (`getConversation`).
   * @default socket.client
   */
  client?: ConversationClient | undefined
  /** @default DEFAULT_BACKOFF */
  retry?: BackoffOptions | undefined
  /** @default asyncScheduler */
  scheduler?: SchedulerLike | undefined
  /**
   * The participants as loaded before (e.g. the conversation prefetched on the server and hydrated): emitted at
   * once, and the stream loads only to catch up (when the socket opens) instead of loading them again.
   * @default none: the stream starts with a load
   */
  initial?: readonly ConversationParticipant[] | undefined
}

/** One emission of {@link conversationParticipants}. */
export interface ConversationParticipantsState {
  /**
   * Everyone who took part, in join order; those who left keep their record with `left_dts` (core's
   * `isParticipantPresent` tells who is in the conversation now).
   */
  participants: readonly ConversationParticipant[]
  source: LiveSource
  freshness: Freshness
  /**
   * The last load failure while the stream retries it with backoff; absent once a load succeeds. A failure
   * before the first successful load emits `participants: []`, `freshness: 'stale'` and this error.
   */
  error?: unknown | undefined
}

/**
 * Applies a frame of one conversation to its participants: the participants a summary carries (participant
 * update, join, left, new message…) and the participant of a join or left, by core's `mergeParticipants` rule.
 * Returns the same array when nothing changed.
 */
export function reduceConversationParticipants(
  participants: readonly ConversationParticipant[],
  frame: ConversationWebsocketFrame,
): readonly ConversationParticipant[] {
  return applyParticipantEvent(
    mergeParticipants(participants, conversationSummaryOf(frame)?.participants),
    frame,
  )
}

const carriesParticipants = (frame: ConversationWebsocketFrame): boolean =>
  frame.type === 'event' &&
  (frame.event_type === 'participant join' ||
    frame.event_type === 'participant left' ||
    conversationSummaryOf(frame)?.participants !== undefined)

/**
 * The participants of one conversation, live: `getConversation`, then the socket's join, left and participant
 * update events of that conversation (and any summary of it that lists participants); reloaded after every
 * socket (re)connect and on refocus, polled within the client's budget while the socket is down. A stale reload
 * or event never brings back a participant who left (core's `mergeParticipants`). Failed loads are retried with
 * backoff and reported as `error`; a permanent failure (404, 401…) ends the stream. Throws a
 * `ConversationValidationError` naming `conversation_uuid` at once when it is empty.
 */
export function conversationParticipants(
  socket: AgentSocket,
  conversationUuid: string,
  options: ConversationParticipantsOptions = {},
): Observable<ConversationParticipantsState> {
  if (typeof conversationUuid !== 'string' || conversationUuid === '')
    throw new ConversationValidationError('conversation_uuid', 'a non-empty string')
  const client = options.client ?? socket.client
  return withLoadFailures<ConversationParticipantsState>(
    (report) => {
      // What this subscription last emitted: a reload from a server that has not yet taken in a leave (or that
      // answers with an older snapshot) is merged into it, not laid over it.
      const initial = options.initial && mergeParticipants([], options.initial)
      let known: readonly ConversationParticipant[] = initial ?? []
      return liveCollection<readonly ConversationParticipant[]>({
        initial,
        client,
        socket,
        scheduler: options.scheduler,
        retry: options.retry,
        pollIntervalMs: options.pollIntervalMs,
        pollBudgetShare: options.pollBudgetShare,
        load: report(async (signal) => {
          // One message is the least the API returns; the participants are what this stream wants.
          const response = await client.getConversation(conversationUuid, { limit: 1, signal })
          return mergeParticipants(known, response?.conversation?.participants)
        }),
        frames: (s) => s.conversation(conversationUuid).pipe(filter(carriesParticipants)),
        reduce: reduceConversationParticipants,
      }).pipe(
        tap(({ value }) => {
          known = value
        }),
        map(({ value, source, freshness }) => ({ participants: value, source, freshness })),
      )
    },
    () => ({ participants: [] }),
  )
}
