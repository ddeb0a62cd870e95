/**
 * The console's data hooks: thin names over @uc-conversation/react-query (which owns the cache and builds on
 * the rxjs layer's sockets, polling, retries and merging). Components import only from here.
 */
import { type ConversationMedium, isConversationError } from '@uc-conversation/core'
import {
  type UseConversationOptions,
  useAgentKeepAlive,
  useAgentSocket,
  useConversation as useConversationQuery,
  useConversations,
  useWebchatQueueStatuses,
} from '@uc-conversation/react-query'
import type { HealthError } from '@uc-conversation/rxjs'

export {
  useCannedMessageSearch,
  useCannedMessages,
  useConversationAutocomplete,
  useConversationMessages,
  useConversationSearch,
  useDeleteCannedMessage,
  useInsertCannedMessage,
  useJoinConversation as useJoin,
  useLeaveConversation as useLeave,
  useMarkRead,
  useMultimediaUpload,
  useSendMessage,
  useStartConversation,
  useTyping,
  useUpdateAgentStatus,
  useUpdateCannedMessage,
  useWarnBeforeUnload,
  useWebchatContext,
} from '@uc-conversation/react-query'

/**
 * The sentence to show a person for an error: the API's `user_message` (the dev-server proxy puts the cause of
 * an unreachable UltraCart there) with the status, e.g. `Invalid credentials (401)`.
 */
export function userMessage(error: unknown): string {
  if (!isConversationError(error)) return error instanceof Error ? error.message : 'Something went wrong.'
  switch (error.kind) {
    case 'http': {
      const status = `(${error.status})`
      if (error.userMessage) {
        const text = error.userMessage.trim()
        return text.includes(status) ? text : `${text.replace(/[.!]$/, '')} ${status}`
      }
      if (error.status === 429) return 'Too many requests right now; please wait a moment (429).'
      return `The server answered ${error.status}.`
    }
    case 'timeout':
      return 'The server took too long to answer.'
    case 'network':
      return `The server cannot be reached (${error.message}).`
    default:
      return error.message
  }
}

/**
 * A health error (rxjs's `HealthError`, e.g. `HTTP 401: Invalid credentials.`) in the console's words:
 * `Invalid credentials (401)`.
 */
export function healthErrorText(error: HealthError): string {
  const prefix = error.httpStatus ? `HTTP ${error.httpStatus}: ` : ''
  if (!prefix || !error.message.startsWith(prefix)) return error.message
  return `${error.message.slice(prefix.length).trim().replace(/[.!]$/, '')} (${error.httpStatus})`
}

export function useKeepAlive() {
  return { data: useAgentKeepAlive() }
}

/** The signed-in agent (known once the socket was authorized). */
export function useAgent() {
  return useAgentSocket().agent
}

export function useQueueStatuses() {
  const q = useWebchatQueueStatuses()
  return {
    data: q.data ? { statuses: q.statuses, freshness: q.freshness, warning: q.warning } : undefined,
    error: q.error,
  }
}

export function useConversationList(medium: ConversationMedium | undefined) {
  const q = useConversations(medium ? { medium } : {})
  return {
    data: q.data ? { conversations: q.conversations } : undefined,
    error: q.error,
    freshness: q.freshness,
    warning: q.warning,
    hasMore: q.hasNextPage,
    loadMore: () => {
      if (q.hasNextPage && !q.isFetchingNextPage) void q.fetchNextPage()
    },
  }
}

export function useConversation(uuid: string, options: UseConversationOptions = {}) {
  return useConversationQuery(uuid, options)
}
