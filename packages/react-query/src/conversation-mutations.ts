import type { QueryClient, UseMutationOptions, WithRequired } from '@tanstack/react-query'
import {
  type AnyConversationError,
  applyOwnRead,
  type ConversationClient,
  ConversationConfigError,
  ConversationParseError,
  type ConversationStartRequest,
  type ConversationSummary,
  mergeConversationSummary,
} from '@uc-conversation/core'
import {
  type AgentSession,
  type AgentSocket,
  type OutgoingChatMessage,
  type SendMessageOptions,
  type SendMessageState,
  sendMessage,
} from '@uc-conversation/rxjs'
import { lastValueFrom } from 'rxjs'
import {
  AGENT_STATUS_MUTATION_KEY,
  type AgentStatusContext,
  agentStatusIn,
  type UpdateAgentStatusVariables,
  withAgentStatus,
  withPendingAgentStatuses,
} from './agent-status-overlay'
import type { ConversationDetailData, ConversationListData } from './conversation-data'
import {
  agentStatusKey,
  CONVERSATION_KEY_ROOT,
  type ConversationListFilters,
  detailKey,
  listsKey,
  queueStatusesKey,
} from './conversation-keys'
import { mapSame, placeInConversationPages, withPages, withRows } from './conversation-list-cache'
import { conversationQueries } from './conversation-queries'
import {
  type UploadAttachmentError,
  type UploadAttachmentVariables,
  type UploadMutationOptions,
  uploadAttachmentMutation,
} from './upload-attachment-mutation'

const mutationKey = (name: string) => [CONVERSATION_KEY_ROOT, name] as const

/** The `mutationKey` of every send (`useIsMutating({ mutationKey: SEND_MESSAGE_MUTATION_KEY })` counts them). */
export const SEND_MESSAGE_MUTATION_KEY = mutationKey('send-message')

export type {
  UpdateAgentStatusVariables,
  UploadAttachmentError,
  UploadAttachmentVariables,
  UploadMutationOptions,
}

/**
 * @internal The agent has read `conversationUuid` up to `message` (a server message): core's `applyOwnRead` on
 * the cached detail and on its row in every list, the rule the session applies to its own lists. A row that knows
 * a newer message keeps its unread marker (a `read message` frame marks only up to `message`); otherwise the row
 * takes the read message's server time as its position, so a late summary of that very message cannot bring the
 * unread marker back.
 */
export function writeConversationRead(
  queryClient: QueryClient,
  conversationUuid: string,
  message: { message_dts?: string | undefined },
): void {
  const read = (row: ConversationSummary) =>
    row.conversation_uuid === conversationUuid ? applyOwnRead(row, message) : row
  queryClient.setQueryData(detailKey(conversationUuid), (old) =>
    old ? (applyOwnRead(old, message) as typeof old) : old,
  )
  queryClient.setQueriesData<ConversationListData>(
    { queryKey: listsKey() },
    (data) =>
      data &&
      withPages(data, mapSame(data.pages, (page) => withRows(page, mapSame(page.conversations, read)))!),
  )
}

/** The list half of {@link writeConversationSummary} (rxjs's `placeConversationInPages` skips a summary without uuid). */
const writeListRows = (queryClient: QueryClient, summary: ConversationSummary): void => {
  for (const { queryKey } of queryClient.getQueryCache().findAll({ queryKey: listsKey() }))
    queryClient.setQueryData<ConversationListData>(queryKey, (data) =>
      placeInConversationPages(data, summary, queryKey[2] as ConversationListFilters),
    )
}

/**
 * @internal Merges a conversation (from a response, a socket event or the agent's own read) into the cached
 * detail and every list with core's `mergeConversationSummary`: read state and `closed` only move forward.
 */
export function writeConversationSummary(queryClient: QueryClient, summary: ConversationSummary): void {
  const uuid = summary.conversation_uuid
  if (!uuid) return
  queryClient.setQueryData(detailKey(uuid), (old) =>
    old ? (mergeConversationSummary(old, summary) as typeof old) : old,
  )
  writeListRows(queryClient, summary)
}

/**
 * Join and leave answer nothing: the one conversation is read again (one request, not a list reload) and laid
 * over the detail and the list rows. With a socket, the `participant update` event does the same a moment later.
 */
async function refreshConversation(queryClient: QueryClient, client: ConversationClient, uuid: string) {
  // The fetch merged it into the detail entry (the detail query's structural sharing): only the lists are left.
  const { messages: _messages, ...summary } = await queryClient.fetchQuery({
    ...conversationQueries.detail(client, uuid),
    staleTime: 0,
  })
  writeListRows(queryClient, summary)
}

/** Options of {@link conversationMutations.updateAgentStatus}. */
export interface UpdateAgentStatusOptions {
  /**
   * The agent's ARN, to update its row in the cached queue statuses optimistically.
   * @default the agent of `socket` (`socket.agent`), when one is known; else only `conversationKeys.agentStatus`
   */
  agentArn?: string | undefined
  /**
   * The agent socket or session, whose agent is the default `agentArn` (read when the mutation runs).
   * @default undefined (no ARN unless `agentArn` is given)
   */
  socket?: Pick<AgentSocket, 'agent'> | undefined
}

/** A message to send; `client_message_id` again retries a failed one without a duplicate. */
export interface SendMessageVariables extends OutgoingChatMessage {
  conversationUuid: string
}

const noSocket = () =>
  new ConversationConfigError(
    'Sending needs the agent socket: pass one to <ConversationProvider socket={connectAgentSocket(client)}>',
  )

/**
 * Options of one mutation (what `mutationOptions` returns), its error typed as core's
 * {@link AnyConversationError} unless said otherwise.
 */
export type ConversationMutationOptions<
  TData,
  TVariables,
  TOnMutateResult = unknown,
  TError = AnyConversationError,
> = WithRequired<UseMutationOptions<TData, TError, TVariables, TOnMutateResult>, 'mutationKey'>

/** The shape of {@link conversationMutations}. */
export interface ConversationMutations {
  /** Joins a conversation; then refreshes that one conversation in the cache. */
  join(client: ConversationClient): ConversationMutationOptions<void, string>
  /** Leaves a conversation; then refreshes that one conversation in the cache. */
  leave(client: ConversationClient): ConversationMutationOptions<void, string>
  /** Starts a conversation; the new one goes into the detail cache and on top of every list. */
  start(
    client: ConversationClient,
  ): ConversationMutationOptions<ConversationDetailData, ConversationStartRequest>
  /**
   * Sets the agent's status in a queue, optimistically: `conversationKeys.agentStatus(queue)` and the agent's
   * row in the cached queue statuses change at once, hold against live queue events while the request runs
   * (`useWebchatQueueStatuses` overlays changes in flight), and only they are put back if the request fails.
   */
  updateAgentStatus(
    client: ConversationClient,
    options?: UpdateAgentStatusOptions,
  ): ConversationMutationOptions<void, UpdateAgentStatusVariables, AgentStatusContext>
  /**
   * Sends a chat message through the session (or over the agent socket) with rxjs's `sendMessage`. The pending copy appears at once in
   * the live message list (by `client_message_id`), becomes `sent` with the server's echo, or `failed` after
   * the send timeout; mutating again with the same `client_message_id` retries without a duplicate.
   */
  sendMessage(
    sender: AgentSession | AgentSocket | undefined,
    options?: SendMessageOptions,
  ): ConversationMutationOptions<SendMessageState, SendMessageVariables>
  /** Uploads an attachment (rxjs's `uploadAttachment`) and resolves with the upload key. */
  uploadAttachment(
    client: ConversationClient,
    options?: UploadMutationOptions,
  ): ConversationMutationOptions<string, UploadAttachmentVariables, unknown, UploadAttachmentError>
}

/**
 * `mutationOptions` for every write, with their cache updates built in (they use the mutation's own
 * `QueryClient`), their errors typed as core's {@link AnyConversationError}. Mutations never retry in TanStack
 * (`retry: false`, whatever the QueryClient's defaults): core retries what is safe to retry, and a start is never
 * repeated.
 */
/**
 * Join or leave: the call, then the one conversation read again into the cache. Like every option set here, a plain
 * object typed as {@link ConversationMutationOptions} (TanStack's `mutationOptions` only returns its argument).
 */
const membership =
  (name: 'join' | 'leave') =>
  (client: ConversationClient): ConversationMutationOptions<void, string> => ({
    mutationKey: mutationKey(name),
    retry: false,
    mutationFn: (conversationUuid: string) => client[`${name}Conversation` as const](conversationUuid),
    onSuccess: (_data, conversationUuid, _result, { client: queryClient }) =>
      refreshConversation(queryClient, client, conversationUuid),
  })

/** @internal `conversationMutations.join`, importable alone so a bundle carries only what it uses. */
export const joinMutation = /* @__PURE__ */ membership('join')

/** @internal `conversationMutations.leave`, importable alone so a bundle carries only what it uses. */
export const leaveMutation = /* @__PURE__ */ membership('leave')

/** @internal `conversationMutations.start`, importable alone so a bundle carries only what it uses. */
export const startMutation = (
  client: ConversationClient,
): ConversationMutationOptions<ConversationDetailData, ConversationStartRequest> => ({
  mutationKey: mutationKey('start'),
  retry: false,
  mutationFn: async (request: ConversationStartRequest): Promise<ConversationDetailData> => {
    const response = await client.startConversation(request)
    if (!response?.conversation?.conversation_uuid)
      throw new ConversationParseError(200, 'the startConversation response has no conversation')
    return response.conversation
  },
  onSuccess: (conversation, _request, _result, { client: queryClient }) => {
    queryClient.setQueryData(detailKey(conversation.conversation_uuid!), conversation)
    const { messages: _messages, ...summary } = conversation
    writeConversationSummary(queryClient, summary)
  },
})

/** @internal `conversationMutations.updateAgentStatus`, importable alone so a bundle carries only what it uses. */
export const updateAgentStatusMutation = (
  client: ConversationClient,
  options: UpdateAgentStatusOptions = {},
): ConversationMutationOptions<void, UpdateAgentStatusVariables, AgentStatusContext> => ({
  mutationKey: AGENT_STATUS_MUTATION_KEY,
  retry: false,
  mutationFn: ({ queueName, agentStatus }: UpdateAgentStatusVariables) =>
    client.updateConversationWebchatQueueStatus(queueName, { agent_status: agentStatus }),
  onMutate: async ({ queueName, agentStatus }, { client: queryClient }): Promise<AgentStatusContext> => {
    const statusKey = agentStatusKey(queueName)
    const queuesKey = queueStatusesKey()
    await queryClient.cancelQueries({ queryKey: statusKey })
    const queues = queryClient.getQueryData(queuesKey)
    const arn = options.agentArn ?? options.socket?.agent?.conversation_participant_arn
    const context: AgentStatusContext = {
      status: queryClient.getQueryData(statusKey),
      arn,
      previous: arn && queues ? agentStatusIn(queues, queueName, arn) : undefined,
    }
    queryClient.setQueryData(statusKey, agentStatus)
    // Live emissions during the request are overlaid too (useWebchatQueueStatuses), so this row holds.
    if (arn && queues)
      queryClient.setQueryData(queuesKey, withAgentStatus(queues, queueName, arn, agentStatus))
    return context
  },
  onError: (_error, { queueName }, context, { client: queryClient }) => {
    if (!context) return
    const statusKey = agentStatusKey(queueName)
    if (context.status === undefined) queryClient.removeQueries({ queryKey: statusKey, exact: true })
    else queryClient.setQueryData(statusKey, context.status)
    // Only the agent's row goes back: whatever live events brought meanwhile stays. Changes still in flight
    // keep their own optimistic values.
    const queuesKey = queueStatusesKey()
    const queues = queryClient.getQueryData(queuesKey)
    // `previous` is known only with the agent's ARN.
    if (queues && context.previous)
      queryClient.setQueryData(
        queuesKey,
        withPendingAgentStatuses(
          queryClient,
          withAgentStatus(queues, queueName, context.arn!, context.previous),
          context,
        ),
      )
  },
})

/**
 * @internal Send mutation options on what sends: the provider's session (what `useSendMessage` passes), or a
 * socket or nothing made to look like one by {@link sendMessageMutation}.
 */
export const sessionSendMutation = (
  sender: Pick<AgentSession, 'realtime' | 'send'>,
  options: SendMessageOptions = {},
): ConversationMutationOptions<SendMessageState, SendMessageVariables> => ({
  mutationKey: SEND_MESSAGE_MUTATION_KEY,
  retry: false,
  // The socket's outbox owns delivery: it shows the pending copy at once and sends when it can. TanStack's
  // default ('online') would pause the mutation while `onlineManager` says offline, before the outbox saw it.
  networkMode: 'always',
  mutationFn: ({ conversationUuid, ...message }: SendMessageVariables): Promise<SendMessageState> =>
    sender.realtime
      ? lastValueFrom(sender.send(conversationUuid, message, options))
      : Promise.reject(noSocket()),
})

/** @internal `conversationMutations.sendMessage`, importable alone so a bundle carries only what it uses. */
export const sendMessageMutation = (
  sender: AgentSession | AgentSocket | undefined,
  options?: SendMessageOptions,
) =>
  sessionSendMutation(
    !sender || 'realtime' in sender
      ? // Without a sender nothing is sent: `send` is never called when `realtime` is false.
        (sender ?? ({ realtime: false } as Pick<AgentSession, 'realtime' | 'send'>))
      : {
          realtime: true,
          send: (uuid, message, sendOptions) => sendMessage(sender, uuid, message, sendOptions),
        },
    options,
  )

export const conversationMutations: ConversationMutations = {
  join: joinMutation,
  leave: leaveMutation,
  start: startMutation,
  updateAgentStatus: updateAgentStatusMutation,
  sendMessage: sendMessageMutation,
  uploadAttachment: uploadAttachmentMutation,
}
