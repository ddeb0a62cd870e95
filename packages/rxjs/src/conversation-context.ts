import type {
  ConversationClient,
  ConversationEventAddCoupon,
  ConversationEventAddItem,
  ConversationEventWebchatContext,
  ConversationWebchatContext,
  ConversationWebsocketFrame,
} from '@uc-conversation/core'
import { ConversationValidationError } from '@uc-conversation/core'
import { getConversationContext } from '@uc-conversation/core/operations'
import { filter, map, type Observable, type SchedulerLike } from 'rxjs'
import type { AgentSession } from './agent-session'
import type { AgentSocket } from './agent-socket/agent-socket'
import type { BackoffOptions } from './backoff'
import type { Freshness, LiveSource, LiveWarning } from './freshness'
import { liveCollection } from './internal/live-collection'
import { checkRevalidateMs, type RevalidateOptions } from './poll-delay'
import { defineSessionCollection } from './session-collection'

export interface ConversationContextOptions extends RevalidateOptions {
  /**
   * The client that loads the context.
   * @default socket.client
   */
  client?: ConversationClient | undefined
  /**
   * Loads the customer's webchat context (e.g. through a server of your own).
   * @default (signal) => client.call(getConversationContext, conversationUuid, { signal })
   */
  load?: (signal: AbortSignal) => Promise<ConversationWebchatContext | undefined>
  /** @default DEFAULT_BACKOFF */
  retry?: BackoffOptions | undefined
  /** @default asyncScheduler */
  scheduler?: SchedulerLike | undefined
  /**
   * The context as loaded before (e.g. prefetched on the server and hydrated): emitted at once, and the stream
   * loads only to catch up (when the socket opens) instead of loading it again.
   * @default none: the stream starts with a load
   */
  initial?: ConversationWebchatContext | undefined
}

/** What {@link conversationContext} knows of the customer, before the stream's own fields. */
export interface ConversationContextValue {
  /**
   * The customer's webchat context as last loaded (cart, orders, pages viewed, session), with `current_url`
   * following the latest `webchat context` event; `undefined` until a load succeeds. A cart change (a
   * `webchat context` event for the page already shown or another cart, an `add item`, an `add coupon`) loads it
   * again, `freshness` saying `behind` until that answer comes.
   */
  context: ConversationWebchatContext | undefined
  /** The latest `webchat context` event (page URL, cart id, `ucacid`), once one arrived. */
  page: ConversationEventWebchatContext | undefined
  /**
   * Coupons agents added while the stream ran (`add coupon`), oldest first, one per coupon code. What this
   * socket sent itself is listed only if the server sends it back (the emulator sends it to the others only).
   */
  coupons: readonly ConversationEventAddCoupon[]
  /**
   * Items agents added while the stream ran (`add item`), oldest first; own additions as for `coupons`. The
   * events carry no id: one identical to an earlier one (same agent, same items) is listed once, so a duplicated
   * frame is too (the cart in `context` has the quantities).
   */
  items: readonly ConversationEventAddItem[]
}

/** One emission of {@link conversationContext}. */
export interface ConversationContextState extends ConversationContextValue {
  source: LiveSource
  freshness: Freshness
  /** Set while a load the stream needs waits for the client's hourly budget (`freshness` is then `behind`). */
  warning?: LiveWarning | undefined
  /**
   * The last load failure while the stream retries it with backoff; absent once a load succeeds. A failure
   * before the first successful load emits `context: undefined`, `freshness: 'stale'` and this error.
   */
  error?: unknown | undefined
}

const CONTEXT_EVENTS = new Set(['webchat context', 'add coupon', 'add item'])

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b)

/**
 * Applies a `webchat context`, `add coupon` or `add item` frame: the page replaces the last one (and the
 * context's `current_url`), a coupon is appended unless its code is already listed, an item addition is appended
 * unless an identical one is (idempotent: a duplicated frame changes nothing). Other frames and empty payloads
 * return the same value.
 */
export function reduceConversationContext(
  value: ConversationContextValue,
  frame: ConversationWebsocketFrame,
): ConversationContextValue {
  if (frame.type !== 'event') return value
  switch (frame.event_type) {
    case 'webchat context': {
      const page = frame.event_webchat_context
      if (!page || same(page, value.page)) return value
      const context =
        value.context && page.url !== undefined && page.url !== value.context.current_url
          ? { ...value.context, current_url: page.url }
          : value.context
      return { ...value, page, context }
    }
    case 'add coupon': {
      const coupon = frame.event_add_coupon
      if (!coupon?.coupon_code || value.coupons.some((c) => c.coupon_code === coupon.coupon_code))
        return value
      return { ...value, coupons: [...value.coupons, coupon] }
    }
    case 'add item': {
      const added = frame.event_add_item
      if (!added?.items?.length || value.items.some((i) => same(i, added))) return value
      return { ...value, items: [...value.items, added] }
    }
    default:
      return value
  }
}

const EMPTY: ConversationContextValue = { context: undefined, page: undefined, coupons: [], items: [] }

/** A cart change the loaded context cannot show until it loads again (each one asks for its own load). */
type CartChange = { seq: number }

/**
 * Frames that say the cart changed: `add item`, `add coupon`, and a `webchat context` that is not a page change
 * (the event carries only the URL and the cart id, so the same page or another cart means the cart changed).
 */
const changesCart = (value: ConversationContextValue, frame: ConversationWebsocketFrame): boolean => {
  if (frame.type !== 'event') return false
  if (frame.event_type === 'add item' || frame.event_type === 'add coupon') return true
  if (frame.event_type !== 'webchat context') return false
  const page = frame.event_webchat_context
  const cart = value.context?.cart?.cart_id
  return page?.cart_id !== undefined && page.cart_id !== cart
    ? true
    : page?.url === value.context?.current_url
}

/**
 * The webchat customer's context in one conversation, live: `getConversationContext` (their page, cart, orders
 * and session), then the socket's `webchat context`, `add coupon` and `add item` events of that conversation
 * ({@link reduceConversationContext}); loaded again when an event says the cart changed, after every socket
 * (re)connect, on refocus, and periodically within the client's budget while the socket is up (`revalidateMs`);
 * polled while it is down. Coupons and items added stay listed across reloads. Failed loads are retried with
 * backoff and reported as `error`; a permanent failure (404, 401…) ends the stream. Throws a
 * `ConversationValidationError` naming `conversation_uuid` at once when it is empty.
 */
export function conversationContext(
  socket: AgentSocket,
  conversationUuid: string,
  options: ConversationContextOptions = {},
): Observable<ConversationContextState> {
  if (typeof conversationUuid !== 'string' || conversationUuid === '')
    throw new ConversationValidationError('conversation_uuid', 'a non-empty string')
  checkRevalidateMs(options.revalidateMs)
  const client = options.client ?? socket.client
  const load =
    options.load ??
    ((signal: AbortSignal) => client.call(getConversationContext, conversationUuid, { signal }))
  let seq = 0
  return liveCollection<ConversationContextValue, CartChange>({
    initial: options.initial && { ...EMPTY, context: options.initial },
    empty: EMPTY,
    client,
    socket,
    scheduler: options.scheduler,
    retry: options.retry,
    pollIntervalMs: options.pollIntervalMs,
    pollBudgetShare: options.pollBudgetShare,
    revalidate: options,
    // The events this stream heard are not in the server's context: they stay (events heard during the load
    // are applied again on top, idempotently).
    load: async (signal, current) => ({
      ...(current ?? EMPTY),
      context: (await load(signal)) ?? {},
    }),
    frames: (s) =>
      s
        .conversation(conversationUuid)
        .pipe(filter((f) => f.type === 'event' && CONTEXT_EVENTS.has(f.event_type))),
    apply: reduceConversationContext,
    // Judged against the value before the frame moved `current_url`.
    evidence: (_value, frame, previous) => (changesCart(previous, frame) ? [{ seq: ++seq }] : []),
  }).pipe(map(({ value, ...rest }) => ({ ...value, ...rest })))
}

const contextCollection = /* @__PURE__ */ defineSessionCollection(
  'context',
  ({ client, poll, needSocket }, conversationUuid: string) =>
    conversationContext(needSocket('context'), conversationUuid, { ...poll, client }),
)

/**
 * The session's {@link conversationContext} stream of one conversation (the webchat customer's page, cart,
 * coupons and items): one per session and conversation however many subscribe, with the session's client and
 * polling settings (`session.collection`). Needs a session with a socket: one made with a client only throws a
 * `ConversationValidationError` naming `socket`. In a shared session every tab mirrors the leading tab's stream;
 * importing this function registers the collection, so the leading tab must have loaded it too (see
 * `defineSessionCollection`).
 */
export const conversationContextOf = (
  session: AgentSession,
  conversationUuid: string,
): Observable<ConversationContextState> => session.collection(contextCollection, conversationUuid)
