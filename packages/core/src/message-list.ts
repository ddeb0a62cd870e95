import {
  emptyTree,
  type Key,
  type Node,
  treeAt,
  treeCollect,
  treeGet,
  treePut,
  treeRank,
  treeRemove,
} from './sorted-tree'
import { mergeTransportStatuses } from './transport-status'
import type { ConversationMessage } from './types'

/** Where a message sorts: `message_epoch`, else `message_dts`, else last. */
const epochOf = (m: ConversationMessage): number => {
  if (typeof m.message_epoch === 'number' && !Number.isNaN(m.message_epoch)) return m.message_epoch
  const t = typeof m.message_dts === 'string' ? Date.parse(m.message_dts) : Number.NaN
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t
}

/** True for a message the server has stored (it carries the server's uuid). */
const isServerMessage = (m: ConversationMessage): boolean => m.conversation_message_uuid !== undefined

/**
 * Identity: the server's uuid; a pending own message (no uuid yet) by its `client_message_id`; a message with
 * neither by its content (so replays still dedupe).
 */
const idOf = (m: ConversationMessage): string =>
  m.conversation_message_uuid !== undefined
    ? `u:${m.conversation_message_uuid}`
    : m.client_message_id !== undefined
      ? `c:${m.client_message_id}`
      : `x:${epochOf(m)}:${m.author_conversation_participant_arn}:${m.body}`

const keyOf = (m: ConversationMessage): Key => [epochOf(m), idOf(m)]

/** True while an own message has not been echoed by the server (no `conversation_message_uuid` yet). */
export const isPendingMessage = (m: ConversationMessage): boolean => m.conversation_message_uuid === undefined

/**
 * Lookup maps shared by successive versions of one list. Only the newest version (the owner) may use or
 * extend them; an older version that is merged into again, or queried, rebuilds its own (O(n), rare).
 */
interface Index {
  owner: MessageList
  /** uuid or content id → key. */
  byId: Map<string, Key>
  /** client_message_id → key, for reconciling own messages with their echo. */
  byClient: Map<string, Key>
}

/**
 * An immutable, ordered, deduplicated list of one conversation's messages. Old versions stay valid after
 * {@link mergeMessages} returns a new one; versions share structure, so a merge costs O(k log n).
 */
export class MessageList implements Iterable<ConversationMessage> {
  /** @internal */
  readonly tree: Node<ConversationMessage>
  /** @internal */
  index: Index | undefined
  #array: readonly ConversationMessage[] | undefined
  #stored: number | undefined

  /** @internal Use {@link createMessageList} or {@link mergeMessages}. */
  constructor(tree: Node<ConversationMessage>, index?: Index, serverCount?: number) {
    this.tree = tree
    this.index = index
    this.#stored = serverCount
    if (index) index.owner = this
  }

  get size(): number {
    return this.tree.size
  }

  /**
   * How many messages the server has stored (those with a `conversation_message_uuid`): what a conversation's
   * `message_count` is compared with. Own pending messages are not counted.
   */
  get serverCount(): number {
    this.#stored ??= this.toArray().filter(isServerMessage).length
    return this.#stored
  }

  /**
   * Server messages whose sort time falls in the millisecond of `epochMs` (`[floor, floor + 1)`): what a
   * `*_dts` of the server (ISO, millisecond precision) can refer to. O(log n + k).
   */
  inMillisecond(epochMs: number): ConversationMessage[] {
    const out: ConversationMessage[] = []
    if (!Number.isFinite(epochMs)) return out
    const from = Math.floor(epochMs)
    for (let i = treeRank(this.tree, [from, '']); i < this.size; i++) {
      const m = this.at(i)!
      if (!(epochOf(m) < from + 1)) break
      if (isServerMessage(m)) out.push(m)
    }
    return out
  }

  /**
   * How many server messages sort at or before the millisecond of `epochMs`: what a summary's `message_count`
   * said when its newest message was that one. O(log n + k) for k messages after it.
   */
  serverCountThrough(epochMs: number): number {
    if (Number.isNaN(epochMs)) return 0
    let after = 0
    for (let i = treeRank(this.tree, [Math.floor(epochMs) + 1, '']); i < this.size; i++)
      if (isServerMessage(this.at(i)!)) after++
    return this.serverCount - after
  }

  /** The message at a position (negative counts from the end). */
  at(position: number): ConversationMessage | undefined {
    return treeAt(this.tree, position < 0 ? this.size + position : position)
  }

  /** The newest message. */
  get last(): ConversationMessage | undefined {
    return this.at(-1)
  }

  /** The message with this `conversation_message_uuid`. */
  get(conversationMessageUuid: string): ConversationMessage | undefined {
    const key = ownIndex(this).byId.get(`u:${conversationMessageUuid}`)
    return key && treeGet(this.tree, key)
  }

  /** The message (pending or echoed) with this `client_message_id`. */
  getByClientMessageId(clientMessageId: string): ConversationMessage | undefined {
    const key = ownIndex(this).byClient.get(clientMessageId)
    return key && treeGet(this.tree, key)
  }

  /** All messages in order; computed once per version. */
  toArray(): readonly ConversationMessage[] {
    this.#array ??= Object.freeze(treeCollect(this.tree, []))
    return this.#array
  }

  /** Messages in [start, end), like `Array.prototype.slice`, without materializing the rest. */
  slice(start = 0, end = this.size): ConversationMessage[] {
    const out: ConversationMessage[] = []
    const from = start < 0 ? Math.max(0, this.size + start) : start
    const to = Math.min(this.size, end < 0 ? this.size + end : end)
    for (let i = from; i < to; i++) out.push(this.at(i)!)
    return out
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
  if (list.index?.owner !== list) {
    const index: Index = { owner: list, byId: new Map(), byClient: new Map() }
    for (const m of treeCollect(list.tree, [])) addToIndex(index, m, keyOf(m))
    // A rebuilt private index; the newer version keeps the shared one.
    list.index = index
  }
  return list.index
}

const addToIndex = (index: Index, m: ConversationMessage, key: Key) => {
  index.byId.set(key[1], key)
  if (m.client_message_id !== undefined) index.byClient.set(m.client_message_id, key)
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
  mergeMessages(new MessageList(emptyTree()), messages).list

const sameMessage = (a: ConversationMessage, b: ConversationMessage): boolean => {
  if (a === b) return true
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  for (const k of ka) {
    const va = a[k as keyof ConversationMessage]
    const vb = b[k as keyof ConversationMessage]
    if (va !== vb && JSON.stringify(va) !== JSON.stringify(vb)) return false
  }
  return true
}

/**
 * Merges messages into a list by the rules every layer shares: ordered by `message_epoch` (ties by uuid),
 * deduplicated by `conversation_message_uuid`, and a pending own message replaced by its echo (matched by
 * `client_message_id`). A newer copy of a known message is laid over the old one field by field. A pending
 * copy never replaces an echoed one, so the result does not depend on arrival order, and merging the same
 * messages again changes nothing. Costs O(k log n) for k messages into n.
 */
export function mergeMessages(list: MessageList, incoming: Iterable<ConversationMessage>): MergeResult {
  let tree = list.tree
  let index: Index | undefined
  let count = list.serverCount
  const added: ConversationMessage[] = []
  const updated: ConversationMessage[] = []
  for (const m of incoming) {
    if (!m || typeof m !== 'object') continue
    index ??= ownIndex(list)
    let key = keyOf(m)
    const cid = m.client_message_id
    let oldKey = index.byId.get(key[1])
    if (oldKey === undefined && cid !== undefined) {
      const byClient = index.byClient.get(cid)
      // An echo replaces its pending copy; a pending copy of an echoed message merges into the echo.
      if (byClient && (byClient[1].startsWith('c:') || key[1].startsWith('c:'))) oldKey = byClient
    }
    if (oldKey === undefined) {
      tree = treePut(tree, key, m)
      addToIndex(index, m, key)
      added.push(m)
      if (isServerMessage(m)) count++
      continue
    }
    const old = treeGet(tree, oldKey)!
    const echoed = !oldKey[1].startsWith('c:') && key[1].startsWith('c:')
    const next = echoed ? { ...m, ...old } : { ...old, ...m }
    // Per participant, a status only moves forward, whatever order the copies come in.
    const statuses = mergeTransportStatuses(old.transport_statuses, m.transport_statuses)
    if (statuses !== undefined) next.transport_statuses = statuses
    if (sameMessage(old, next)) continue
    if (isServerMessage(next) && !isServerMessage(old)) count++
    key = keyOf(next)
    if (key[0] !== oldKey[0] || key[1] !== oldKey[1]) {
      tree = treeRemove(tree, oldKey)
      index.byId.delete(oldKey[1])
    }
    tree = treePut(tree, key, next)
    addToIndex(index, next, key)
    updated.push(next)
  }
  if (tree === list.tree) return { list, added, updated }
  return { list: new MessageList(tree, index, count), added, updated }
}

/**
 * Removes messages by `conversation_message_uuid` or, for pending own messages, `client_message_id` (e.g. a
 * discarded failed send). Returns the same instance when none was there. Costs O(k log n).
 */
export function removeMessages(
  list: MessageList,
  ids: Iterable<string>,
): { list: MessageList; removed: ConversationMessage[] } {
  let tree = list.tree
  const index = ownIndex(list)
  let count = list.serverCount
  const removed: ConversationMessage[] = []
  for (const id of ids) {
    const key = index.byId.get(`u:${id}`) ?? index.byClient.get(id)
    const m = key && treeGet(tree, key)
    if (!key || !m) continue
    tree = treeRemove(tree, key)
    index.byId.delete(key[1])
    if (m.client_message_id !== undefined) index.byClient.delete(m.client_message_id)
    removed.push(m)
    if (isServerMessage(m)) count--
  }
  return { list: tree === list.tree ? list : new MessageList(tree, index, count), removed }
}
