import type {
  ConversationClient,
  ConversationParticipant,
  ConversationWebsocketFrame,
} from '@uc-conversation/core'
import {
  applyParticipantEvent,
  ConversationValidationError,
  conversationSummaryOf,
  isParticipantPresent,
  mergeParticipants,
} from '@uc-conversation/core'
import { filter, map, type Observable, type SchedulerLike } from 'rxjs'
import type { AgentSession } from './agent-session'
import type { AgentSocket } from './agent-socket/agent-socket'
import type { BackoffOptions } from './backoff'
import type { Freshness, LiveSource, LiveWarning } from './freshness'
import { liveCollection } from './internal/live-collection'
import { checkRevalidateMs, type RevalidateOptions } from './poll-delay'
import { defineSessionCollection } from './session-collection'

export interface ConversationParticipantsOptions extends RevalidateOptions {
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
  /** Set while a load the stream needs waits for the client's hourly budget (`freshness` is then `behind`). */
  warning?: LiveWarning | undefined
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
    frame.event_type === 'new message' ||
    conversationSummaryOf(frame)?.participants !== undefined)

/** A participant a frame shows in the conversation whom the participants lack or list as gone. */
interface ParticipantEvidence {
  arn: string
  /**
   * Recognises evidence a load could not satisfy, so it is not loaded for again: a refused join by its time, a
   * message by its author (one the server never lists, e.g. a bot, costs one load, not one per message).
   */
  key: string
}

const presentIn = (participants: readonly ConversationParticipant[], arn: string) =>
  participants.some((p) => p.conversation_participant_arn === arn && isParticipantPresent(p))

/**
 * Evidence that the participants are behind the server: a join the merge rule refused (the server's clock stepped
 * back, so the join looks older than a remembered leave), or a message by someone not listed as present.
 */
const participantEvidence = (
  participants: readonly ConversationParticipant[],
  frame: ConversationWebsocketFrame,
): ParticipantEvidence[] => {
  if (frame.type !== 'event') return []
  if (frame.event_type === 'participant join') {
    const p = frame.event_participant_join_participant
    const arn = p?.conversation_participant_arn
    return arn && !presentIn(participants, arn) ? [{ arn, key: `${arn} ${p.joined_dts}` }] : []
  }
  if (frame.event_type === 'new message') {
    const s = frame.event_new_message
    const arn = s?.last_conversation_participant_arn
    return arn && !presentIn(participants, arn) ? [{ arn, key: arn }] : []
  }
  return []
}

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
  checkRevalidateMs(options.revalidateMs)
  const client = options.client ?? socket.client
  return liveCollection<readonly ConversationParticipant[], ParticipantEvidence>({
    initial: options.initial && mergeParticipants([], options.initial),
    empty: [],
    client,
    socket,
    scheduler: options.scheduler,
    retry: options.retry,
    pollIntervalMs: options.pollIntervalMs,
    pollBudgetShare: options.pollBudgetShare,
    revalidate: options,
    // The server's list wins over remembered event times (a server clock that stepped back lists a rejoined
    // participant with a join older than their remembered leave).
    load: async (signal) => {
      // One message is the least the API returns; the participants are what this stream wants.
      const response = await client.getConversation(conversationUuid, { limit: 1, signal })
      return mergeParticipants([], response?.conversation?.participants)
    },
    frames: (s) => s.conversation(conversationUuid).pipe(filter(carriesParticipants)),
    apply: reduceConversationParticipants,
    evidence: participantEvidence,
    lacks: (participants, e) => !presentIn(participants, e.arn),
    key: (e) => e.key,
  }).pipe(map(({ value, ...rest }) => ({ participants: value, ...rest })))
}

const participantsCollection = /* @__PURE__ */ defineSessionCollection(
  'participants',
  ({ client, poll, needSocket }, conversationUuid: string) =>
    conversationParticipants(needSocket('participants'), conversationUuid, { ...poll, client }),
)

/**
 * The session's {@link conversationParticipants} stream of one conversation: one per session and conversation
 * however many subscribe, with the session's client and polling settings (`session.collection`). Needs a session
 * with a socket: one made with a client only throws a `ConversationValidationError` naming `socket`. In a shared
 * session every tab mirrors the leading tab's stream; importing this function registers the collection, so the
 * leading tab must have loaded it too (see `defineSessionCollection`).
 */
export const conversationParticipantsOf = (
  session: AgentSession,
  conversationUuid: string,
): Observable<ConversationParticipantsState> => session.collection(participantsCollection, conversationUuid)
