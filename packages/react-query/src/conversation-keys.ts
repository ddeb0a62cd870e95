import type { DataTag } from '@tanstack/react-query'
import type { AgentStatus, AnyConversationError, ConversationMedium } from '@uc-conversation/core'
import type { Operation } from '@uc-conversation/core/operations'
import type {
  ConversationDetailData,
  ConversationListData,
  ConversationMessagesData,
  QueueStatusesData,
} from './conversation-data'
import { operationName, splitOperationArgs } from './operation-args'
import type { WebchatContextData } from './webchat-context-data'

/** Filters of the conversation list; part of its key. */
export interface ConversationListFilters {
  /** Only conversations of this medium. @default all media */
  medium?: ConversationMedium | undefined
  /**
   * Page size (`_limit`, 1 to 200).
   * @default DEFAULT_CONVERSATIONS_PAGE_SIZE
   */
  limit?: number | undefined
}

/** Prefix of every key of this package. */
export const CONVERSATION_KEY_ROOT = 'uc-conversation' as const

const root = [CONVERSATION_KEY_ROOT] as const

// Undefined members would make `{}` and `{ medium: undefined }` different keys in user code's eyes only (TanStack's
// hash is JSON already): a JSON copy drops them, and the key never changes with the caller's object.
const normalizeFilters = (filters?: ConversationListFilters): ConversationListFilters =>
  JSON.parse(JSON.stringify(filters ?? {}))

type Root = typeof CONVERSATION_KEY_ROOT

// Keys carry the error type too, so `getQueryState(key)?.error` and every option built on a key say which errors
// can be there without a `Register` augmentation.

/** Key of a conversation list, tagged with its data and error types. */
export type ConversationListKey = DataTag<
  readonly [Root, 'conversations', ConversationListFilters],
  ConversationListData,
  AnyConversationError
>
/** Key of one conversation. */
export type ConversationDetailKey = DataTag<
  readonly [Root, 'conversation', string],
  ConversationDetailData,
  AnyConversationError
>
/** Key of one conversation's messages (below its detail key, so invalidating the detail includes them). */
export type ConversationMessagesKey = DataTag<
  readonly [Root, 'conversation', string, 'messages'],
  ConversationMessagesData,
  AnyConversationError
>
/** Key of the webchat queue statuses. */
export type QueueStatusesKey = DataTag<
  readonly [Root, 'queue-statuses'],
  QueueStatusesData,
  AnyConversationError
>
/** Key of the agent's own status in one queue (written by `useUpdateAgentStatus`). */
export type AgentStatusKey = DataTag<
  readonly [Root, 'agent-status', string],
  AgentStatus,
  AnyConversationError
>

/** What a query of an operation caches: its result, `null` for an operation that answers nothing. */
// biome-ignore lint/suspicious/noConfusingVoidType: the descriptors of operations that answer nothing say `void`
export type OperationData<Result> = [Result] extends [void] ? null : Result
/** Prefix of every key of one operation (`invalidateQueries` of all its calls). */
export type OperationKeyPrefix = readonly [Root, 'op', string]
/** Key of one call of an operation: its name, path parameters, body and query parameters. */
export type OperationKey<Result> = DataTag<
  readonly [Root, 'op', string, ...unknown[]],
  OperationData<Result>,
  AnyConversationError
>
/** Key of one conversation's webchat context (below its detail key). */
export type WebchatContextKey = DataTag<
  readonly [Root, 'conversation', string, 'webchat-context'],
  WebchatContextData,
  AnyConversationError
>

/** The shape of {@link conversationKeys}. */
export interface ConversationKeys {
  readonly all: readonly [Root]
  lists(): readonly [Root, 'conversations']
  list(filters?: ConversationListFilters): ConversationListKey
  details(): readonly [Root, 'conversation']
  detail(conversationUuid: string): ConversationDetailKey
  messages(conversationUuid: string): ConversationMessagesKey
  queueStatuses(): QueueStatusesKey
  agentStatuses(): readonly [Root, 'agent-status']
  agentStatus(queueName: string): AgentStatusKey
  /** Every key of all operation calls made through `operationQueryOptions`. */
  operations(): readonly [Root, 'op']
  /** Prefix of every call of one operation (`['uc-conversation', 'op', 'GET /conversation/canned_messages']`). */
  operation(operation: Operation): OperationKeyPrefix
  /**
   * Key of one call: the operation's `METHOD /path`, then its path parameters and body, then its query
   * parameters and optional body (sorted, undefined members dropped; omitted when none). `signal`, `timeoutMs`,
   * `headers` and `retry` are left out: they change how it is sent, not what it answers.
   */
  operation<Args extends readonly unknown[], Result>(
    operation: Operation<Args, Result>,
    args: Args,
  ): OperationKey<Result>
  /** One conversation's webchat context (`useWebchatContext`). */
  webchatContext(conversationUuid: string): WebchatContextKey
}

// Each key alone too, so a bundle that uses only these does not carry the object and its operation keys.
/** @internal `conversationKeys.lists()`. */
export const listsKey = (): readonly [Root, 'conversations'] => [CONVERSATION_KEY_ROOT, 'conversations']
/** @internal `conversationKeys.list(filters)`. */
export const listKey = (filters?: ConversationListFilters): ConversationListKey =>
  [CONVERSATION_KEY_ROOT, 'conversations', normalizeFilters(filters)] as unknown as ConversationListKey
/** @internal `conversationKeys.detail(uuid)`. */
export const detailKey = (conversationUuid: string): ConversationDetailKey =>
  [CONVERSATION_KEY_ROOT, 'conversation', conversationUuid] as unknown as ConversationDetailKey
/** @internal `conversationKeys.messages(uuid)`. */
export const messagesKey = (conversationUuid: string): ConversationMessagesKey =>
  [CONVERSATION_KEY_ROOT, 'conversation', conversationUuid, 'messages'] as unknown as ConversationMessagesKey
/** @internal `conversationKeys.queueStatuses()`. */
export const queueStatusesKey = (): QueueStatusesKey =>
  [CONVERSATION_KEY_ROOT, 'queue-statuses'] as unknown as QueueStatusesKey
/** @internal `conversationKeys.agentStatus(queue)`. */
export const agentStatusKey = (queueName: string): AgentStatusKey =>
  [CONVERSATION_KEY_ROOT, 'agent-status', queueName] as unknown as AgentStatusKey

/**
 * Hierarchical query keys. Each level is a prefix of the next, so `invalidateQueries` can target everything
 * (`all`), every list (`lists()`), one conversation with its messages (`detail(uuid)`) or only its messages
 * (`messages(uuid)`). Keys carry their data type (`getQueryData(conversationKeys.detail(id))` is typed) and never
 * the client or credentials.
 */
export const conversationKeys: ConversationKeys = {
  all: root,
  lists: listsKey,
  list: listKey,
  details: () => [...root, 'conversation'],
  detail: detailKey,
  messages: messagesKey,
  queueStatuses: queueStatusesKey,
  agentStatuses: () => [...root, 'agent-status'],
  agentStatus: agentStatusKey,
  operations: () => [...root, 'op'],
  operation: ((operation: Operation, args?: readonly unknown[]) => {
    const prefix = [...root, 'op', operationName(operation)] as const
    if (!args) return prefix
    const { positional, request } = splitOperationArgs(operation, args)
    return [...prefix, ...positional, ...(request ? [request] : [])]
  }) as ConversationKeys['operation'],
  webchatContext: (conversationUuid) =>
    [...root, 'conversation', conversationUuid, 'webchat-context'] as unknown as WebchatContextKey,
}
