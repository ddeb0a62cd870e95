import { MAX_PAGE_SIZE } from './limits'

/**
 * The API could not page past one millisecond: more messages share it than the largest page holds, and
 * `getConversationMessages` takes nothing but an epoch to start from. Messages at `epoch` beyond the page may be
 * missing; a stream reports this instead of looping on the same page or skipping in silence.
 */
export interface CatchUpWarning {
  /**
   * `epoch-overflow`: one millisecond filled the largest page. `no-progress`: a full page held no epoch at or
   * after `since` (the server ignored it or sent no usable epochs), so paging stopped there.
   */
  kind: 'epoch-overflow' | 'no-progress'
  /** The server epoch (milliseconds) that filled a whole page (`since` for `no-progress`). */
  epoch: number
  /** The page size that was full (the largest the API allows). */
  limit: number
}

/**
 * Where a paged load of `getConversationMessages(uuid, since, { limit })` stands. Immutable; made by
 * {@link startCatchUp}, moved on by {@link advanceCatchUp} with each page until `done`.
 */
export interface CatchUpCursor {
  /** `since` of the next request: always a safe, non-negative integer. */
  readonly since: number
  /** `limit` of the next request. */
  readonly limit: number
  /** True once the last page has come: no further request. */
  readonly done: boolean
  /** The highest finite `message_epoch` delivered so far. */
  readonly highest: number | undefined
  /** Requests answered so far. */
  readonly requests: number
  /** The server has returned a message at `since` itself, so it reads `since` inclusively (`>=`). */
  readonly inclusive: boolean
  /** @internal An overflow that stands unless the next page shows an inclusive server. */
  readonly suspect: CatchUpWarning | undefined
  /** @internal */
  readonly maxLimit: number
}

export interface CatchUpOptions {
  /**
   * `limit` of each request.
   * @default MAX_PAGE_SIZE
   */
  pageSize?: number | undefined
  /**
   * The largest `limit` the API accepts: a page filled by one millisecond is asked again with it before the
   * cursor gives up on that millisecond.
   * @default MAX_PAGE_SIZE
   */
  maxPageSize?: number | undefined
}

/** An integer or ±Infinity (never NaN: every caller ceils a finite number or −Infinity) clamped to a safe `since`. */
const toSafe = (n: number): number => Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, n))

const positiveInt = (n: unknown, fallback: number): number =>
  Number.isSafeInteger(n) && (n as number) > 0 ? (n as number) : fallback

/**
 * A cursor that loads every message with `message_epoch >= from`. It starts one millisecond early, so the
 * first page holds `from` whether the server reads `since` as `>=` or `>` (UltraCart does not say which); a
 * missing, negative or non-finite `from` loads from the start.
 */
export function startCatchUp(from: number | undefined, options: CatchUpOptions = {}): CatchUpCursor {
  const maxLimit = positiveInt(options.maxPageSize, MAX_PAGE_SIZE)
  const limit = Math.min(positiveInt(options.pageSize, maxLimit), maxLimit)
  const start = Number.isFinite(from) ? toSafe(Math.ceil(from!) - 1) : 0
  return {
    since: start,
    limit,
    done: false,
    highest: undefined,
    requests: 0,
    inclusive: false,
    suspect: undefined,
    maxLimit,
  }
}

/**
 * The cursor after one page (`conversation_messages` as it came, whatever it holds). Never loops and never
 * skips, under either reading of `since`, assuming only that the server returns the messages from `since` on
 * in ascending `message_epoch` order, at most `limit` of them:
 * - a page shorter than `limit` is the last;
 * - a full page proves every message before its highest epoch `e` arrived, so the next starts at
 *   `ceil(e) − 1`: messages at `e` come again (and dedupe) under either reading;
 * - when that does not move (the page is one millisecond's worth), the same `since` is asked again with the
 *   largest page; if that is full too, the cursor steps one millisecond on and reports a
 *   {@link CatchUpWarning} for what may lie beyond the page (withdrawn again if the next page shows the server
 *   reads `since` inclusively and the millisecond was not exhausted).
 * Server numbers (fractions, 1e20, negative, strings, missing) only ever make the cursor advance or stop;
 * `since` stays a safe integer. A full page with nothing at or after `since` stops it (`no-progress`).
 * Requests are bounded by about three per message.
 */
export function advanceCatchUp(
  cursor: CatchUpCursor,
  page: unknown,
): { cursor: CatchUpCursor; warning?: CatchUpWarning } {
  if (cursor.done) return { cursor }
  const items: unknown[] = Array.isArray(page) ? page : []
  let max = -Infinity
  let atOrBefore = false
  for (const m of items) {
    // `Number.isFinite` is false for anything but a finite number (no coercion).
    const e = (m as { message_epoch?: number } | null)?.message_epoch as number
    if (!Number.isFinite(e)) continue
    if (e > max) max = e
    if (e <= cursor.since) atOrBefore = true
  }
  // `max` is −Infinity when the page held no finite epoch: never above.
  const highest = max > (cursor.highest ?? -Infinity) ? max : cursor.highest
  const inclusive = cursor.inclusive || atOrBefore
  // A suspected overflow stands unless this page shows an inclusive server that returned that millisecond again.
  const withdrawn = atOrBefore && (cursor.suspect?.epoch as number) >= cursor.since
  const warning = cursor.suspect && !withdrawn ? cursor.suspect : undefined
  const base = { ...cursor, highest, inclusive, requests: cursor.requests + 1, suspect: undefined }
  const out = (
    next: Partial<CatchUpCursor>,
    w = warning,
  ): { cursor: CatchUpCursor; warning?: CatchUpWarning } => ({
    cursor: { ...base, ...next },
    ...(w && { warning: w }),
  })
  if (items.length < cursor.limit) return out({ done: true })
  // No finite epoch (`max` −Infinity): 0, never past `since`.
  const next = toSafe(Math.ceil(max) - 1)
  if (next > cursor.since) return out({ since: next })
  if (!(max >= cursor.since))
    return out({ done: true }, { kind: 'no-progress', epoch: cursor.since, limit: cursor.limit })
  // One millisecond filled the page.
  if (cursor.limit < cursor.maxLimit) return out({ limit: cursor.maxLimit })
  // `max >= since` here: a finite epoch.
  const overflow: CatchUpWarning = { kind: 'epoch-overflow', epoch: max, limit: cursor.limit }
  if (cursor.since >= Number.MAX_SAFE_INTEGER) return out({ done: true }, overflow)
  if (inclusive) {
    // `>=`: stepping one millisecond on loses nothing unless the page never got past `since`'s millisecond.
    const lost = !(max >= cursor.since + 1)
    return out({ since: cursor.since + 1 }, lost ? overflow : undefined)
  }
  // `>` or not yet known: step on, and keep the overflow as suspect until the next page tells the reading.
  return out({ since: Math.max(cursor.since + 1, toSafe(Math.ceil(max))), suspect: overflow })
}
