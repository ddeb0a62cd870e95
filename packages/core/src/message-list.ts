import { mergeTransportStatuses } from './transport-status'
import type { ConversationMessage } from './types'

/** @internal A server time (ISO) in epoch milliseconds, or `undefined` when it is not one. */
export const parseDts = (dts: unknown): number | undefined => {
  const t = typeof dts === 'string' ? Date.parse(dts) : Number.NaN
  return Number.isFinite(t) ? t : undefined
}

/** Where a message sorts: `message_epoch`, else `message_dts`, else last. */
const epochOf = (m: ConversationMessage): number =>
  typeof m.message_epoch === 'number' && !Number.isNaN(m.message_epoch)
    ? m.message_epoch
    : (parseDts(m.message_dts) ?? Infinity)

/** True while an own message has not been echoed by the server (no `conversation_message_uuid` yet). */
export const isPendingMessage = (m: ConversationMessage): boolean => m.conversation_message_uuid === undefined

/** (order, identity, message): epoch milliseconds, then the identity as a tiebreak. */
type Entry = readonly [number, string, ConversationMessage?]

/** Epochs first; equal (or both infinite: NaN) fall to the identity. */
const compare = (a: Entry, b: Entry): number => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)

/**
 * Identity: the server's uuid; a pending own message (no uuid yet) by its `client_message_id`; a message with
 * neither by its content (so replays still dedupe).
 */
const entryOf = (m: ConversationMessage): Entry => {
  const epoch = epochOf(m)
  return [
    epoch,
    m.conversation_message_uuid !== undefined
      ? `u:${m.conversation_message_uuid}`
      : m.client_message_id !== undefined
        ? `c:${m.client_message_id}`
        : `x:${epoch}:${m.author_conversation_participant_arn}:${m.body}`,
    m,
  ]
}

/**
 * At most this many entries per chunk: a write copies one chunk and the chunk array (O(√n) at 100,000 messages),
 * and leaves the old version intact.
 */
const CHUNK = 512

/** Where `key` is or would go: [chunk, offset]. Searched from the end, where new messages land. */
const seek = (chunks: readonly Entry[][], key: Entry): [number, number] => {
  let c = Math.max(0, chunks.length - 1)
  while (c > 0 && compare(chunks[c]![0]!, key) > 0) c--
  const chunk = chunks[c] ?? []
  let lo = 0
  let hi = chunk.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (compare(chunk[mid]!, key) < 0) lo = mid + 1
    else hi = mid
  }
  return [c, lo]
}

/** The chunks with the `drop` (0 or 1) entries at `key` removed and `entry` (sorting there) put in their place. */
const write = (chunks: readonly Entry[][], key: Entry, drop: number, entry?: Entry): readonly Entry[][] => {
  const [c, i] = seek(chunks, key)
  const chunk = chunks[c]?.slice() ?? []
  if (entry) chunk.splice(i, drop, entry)
  else chunk.splice(i, drop)
  // An append to a full chunk starts the next one, so chunks stay full when messages come in order.
  const cut = i === CHUNK ? i : chunk.length >> 1
  const out = chunks.slice()
  out.splice(
    c,
    1,
    ...(chunk.length > CHUNK ? [chunk.slice(0, cut), chunk.slice(cut)] : chunk.length ? [chunk] : []),
  )
  return out
}

/**
 * The lookup map (`u:`uuid or content id → entry; `c:`client_message_id → entry, for reconciling own messages with
 * their echo). A merge or removal extends it and hands it to the new version; an older version that is merged
 * into again, or queried, rebuilds its own (O(n), rare).
 */
type Index = Map<string, Entry>

/**
 * An immutable, ordered, deduplicated list of one conversation's messages. Old versions stay valid after
 * {@link mergeMessages} returns a new one; versions share chunks, so a merge costs O(k √n).
 */
export class MessageList implements Iterable<ConversationMessage> {
  // `declare`: assigned in the constructor, so the bundle carries no field declarations besides.
  /** @internal Sorted chunks of entries, none empty. */
  declare readonly chunks: readonly Entry[][]
  /** @internal */
  declare index: Index | undefined
  declare readonly size: number
  /**
   * How many messages the server has stored (those with a `conversation_message_uuid`): what a conversation's
   * `message_count` is compared with. Own pending messages are not counted.
   */
  declare readonly serverCount: number
  #array: readonly ConversationMessage[] | undefined

  /** @internal Use {@link createMessageList} or {@link mergeMessages}. */
  constructor(chunks: readonly Entry[][], size = 0, index?: Index, serverCount = 0) {
    this.chunks = chunks
    this.size = size
    this.index = index
    this.serverCount = serverCount
  }

  /** Server messages sorting in [`from`, `to`), in order. O(√n + k). */
  #server(from: number, to?: number): ConversationMessage[] {
    const out: ConversationMessage[] = []
    let [c, i] = seek(this.chunks, [from, ''])
    for (; c < this.chunks.length; c++, i = 0)
      for (const [t, , m] of this.chunks[c]!.slice(i)) {
        if (t >= to!) return out
        if (!isPendingMessage(m!)) out.push(m!)
      }
    return out
  }

  /**
   * Server messages whose sort time falls in the millisecond of `epochMs` (`[floor, floor + 1)`): what a
   * `*_dts` of the server (ISO, millisecond precision) can refer to. O(√n + k).
   */
  inMillisecond(epochMs: number): ConversationMessage[] {
    return Number.isFinite(epochMs) ? this.#server(Math.floor(epochMs), Math.floor(epochMs) + 1) : []
  }

  /**
   * How many server messages sort at or before the millisecond of `epochMs`: what a summary's `message_count`
   * said when its newest message was that one. O(√n + k) for k messages after it.
   */
  serverCountThrough(epochMs: number): number {
    return Number.isNaN(epochMs) ? 0 : this.serverCount - this.#server(Math.floor(epochMs) + 1).length
  }

  /** The message at a position (negative counts from the end). */
  at(position: number): ConversationMessage | undefined {
    return this.toArray().at(position)
  }

  /** The newest message. */
  get last(): ConversationMessage | undefined {
    return this.at(-1)
  }

  /** The message with this `conversation_message_uuid`. */
  get(conversationMessageUuid: string): ConversationMessage | undefined {
    return ownIndex(this).get(`u:${conversationMessageUuid}`)?.[2]
  }

  /** The message (pending or echoed) with this `client_message_id`. */
  getByClientMessageId(clientMessageId: string): ConversationMessage | undefined {
    return ownIndex(this).get(`c:${clientMessageId}`)?.[2]
  }

  /** All messages in order; computed once per version. */
  toArray(): readonly ConversationMessage[] {
    this.#array ??= Object.freeze(this.chunks.flatMap((chunk) => chunk.map((e) => e[2]!)))
    return this.#array
  }

  /** Messages in [start, end), like `Array.prototype.slice`. */
  slice(start?: number, end?: number): ConversationMessage[] {
    return this.toArray().slice(start, end)
  }

  [Symbol.iterator](): Iterator<ConversationMessage> {
    return this.toArray()[Symbol.iterator]()
  }

  /** Serializes as the plain array. */
  toJSON(): readonly ConversationMessage[] {
    return this.toArray()
  }
}

const ownIndex = (list: MessageList): Index => {
  if (!list.index) {
    list.index = new Map()
    for (const chunk of list.chunks) for (const e of chunk) indexIds(list.index, e, e)
  }
  return list.index
}

/** Sets (`entry` given) or deletes the ids of `e`. */
const indexIds = (index: Index, e: Entry, entry?: Entry) => {
  for (const id of e[2]!.client_message_id === undefined ? [e[1]] : [e[1], `c:${e[2]!.client_message_id}`])
    entry ? index.set(id, entry) : index.delete(id)
}

/** What one merge changed. */
export interface MergeResult {
  /** The new version; the same instance as the input when nothing changed. */
  list: MessageList
  /** Messages that were not there before, in arrival order. */
  added: ConversationMessage[]
  /** Messages replaced by a newer copy (new transport statuses, an echo of a pending own message). */
  updated: ConversationMessage[]
}

/** A list from any messages, in any order, with duplicates. */
export const createMessageList = (messages: Iterable<ConversationMessage> = []): MessageList =>
  mergeMessages(new MessageList([]), messages).list

const sameMessage = (a: ConversationMessage, b: ConversationMessage): boolean => {
  const keys = Object.keys(a) as (keyof ConversationMessage)[]
  return (
    keys.length === Object.keys(b).length &&
    keys.every((k) => a[k] === b[k] || JSON.stringify(a[k]) === JSON.stringify(b[k]))
  )
}

/**
 * Merges messages into a list by the rules every layer shares: ordered by `message_epoch` (ties by uuid),
 * deduplicated by `conversation_message_uuid`, and a pending own message replaced by its echo (matched by
 * `client_message_id`). A newer copy of a known message is laid over the old one field by field. A pending
 * copy never replaces an echoed one, so the result does not depend on arrival order, and merging the same
 * messages again changes nothing. Costs O(k √n) for k messages into n.
 */
export function mergeMessages(list: MessageList, incoming: Iterable<ConversationMessage>): MergeResult {
  let chunks = list.chunks
  let index: Index | undefined
  let count = list.serverCount
  let size = list.size
  const added: ConversationMessage[] = []
  const updated: ConversationMessage[] = []
  for (const m of incoming) {
    if (!m || typeof m !== 'object') continue
    index ??= ownIndex(list)
    let entry = entryOf(m)
    const cid = m.client_message_id
    let old = index.get(entry[1])
    // An echo replaces its pending copy. (A pending copy's own id is `c:`client_message_id: it found its echo above.)
    if (!old && cid !== undefined) {
      const byClient = index.get(`c:${cid}`)
      if (byClient?.[1].startsWith('c:')) old = byClient
    }
    if (!old) {
      chunks = write(chunks, entry, 0, entry)
      indexIds(index, entry, entry)
      added.push(m)
      size++
      if (!isPendingMessage(m)) count++
      continue
    }
    const was = old[2]!
    // A pending copy of a message the server has echoed.
    const echoed = isPendingMessage(m) && !isPendingMessage(was)
    const next = echoed ? { ...m, ...was } : { ...was, ...m }
    // Per participant, a status only moves forward, whatever order the copies come in.
    const statuses = mergeTransportStatuses(was.transport_statuses, m.transport_statuses)
    if (statuses !== undefined) next.transport_statuses = statuses
    if (sameMessage(was, next)) continue
    if (isPendingMessage(was) && !isPendingMessage(next)) count++
    entry = entryOf(next)
    if (compare(entry, old)) {
      chunks = write(write(chunks, old, 1), entry, 0, entry)
      indexIds(index, old)
    } else chunks = write(chunks, entry, 1, entry)
    indexIds(index, entry, entry)
    updated.push(next)
  }
  if (chunks === list.chunks) return { list, added, updated }
  // The index moves to the new version.
  list.index = undefined
  return { list: new MessageList(chunks, size, index, count), added, updated }
}

/**
 * Removes messages by `conversation_message_uuid` or, for pending own messages, `client_message_id` (e.g. a
 * discarded failed send). Returns the same instance when none was there. Costs O(k √n).
 */
export function removeMessages(
  list: MessageList,
  ids: Iterable<string>,
): { list: MessageList; removed: ConversationMessage[] } {
  let chunks = list.chunks
  const index = ownIndex(list)
  let count = list.serverCount
  let size = list.size
  const removed: ConversationMessage[] = []
  for (const id of ids) {
    const e = index.get(`u:${id}`) ?? index.get(`c:${id}`)
    if (!e) continue
    const m = e[2]!
    chunks = write(chunks, e, 1)
    indexIds(index, e)
    removed.push(m)
    size--
    if (!isPendingMessage(m)) count--
  }
  if (chunks === list.chunks) return { list, removed }
  list.index = undefined
  return { list: new MessageList(chunks, size, index, count), removed }
}
