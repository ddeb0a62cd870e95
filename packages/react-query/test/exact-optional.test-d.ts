// Under `exactOptionalPropertyTypes` (this package's tsconfig turns it on, as strict apps do) every optional
// option takes `undefined`, so values that may be missing (`process.env.X`, a socket not made yet) pass as they are.
import { useQuery } from '@tanstack/react-query'
import type { ConversationClient, ConversationMedium } from '@uc-conversation/core'
import {
  type AgentSocket,
  agentKeepAlive,
  connectAgentSocket,
  conversationContext,
  conversationList,
  conversationMessages,
  queueStatuses,
  sendMessage,
  typing,
} from '@uc-conversation/rxjs'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type ConversationListFilters,
  type ConversationProviderProps,
  conversationMutations,
  conversationQueries,
  type RetryOption,
  type UpdateAgentStatusOptions,
  type UploadMutationOptions,
  useAgentKeepAlive,
  useConversations,
  useTyping,
  useUpdateAgentStatus,
  withoutPermanentRetries,
} from '../src'

declare const client: ConversationClient
declare const socket: AgentSocket | undefined
declare const medium: ConversationMedium | undefined
declare const limit: number | undefined
declare const arn: string | undefined
declare const signal: AbortSignal | undefined
declare const flag: boolean | undefined

describe('optional options take undefined', () => {
  it('in the provider, the filters and the mutation options', () => {
    const props: ConversationProviderProps = { client, socket, live: undefined }
    const filters: ConversationListFilters = { medium, limit }
    const status: UpdateAgentStatusOptions = { agentArn: arn, socket }
    const upload: UploadMutationOptions = { signal, onProgress: undefined }
    expectTypeOf(props.socket).toEqualTypeOf<AgentSocket | undefined>()
    conversationQueries.list(client, filters)
    conversationMutations.updateAgentStatus(client, status)
    conversationMutations.uploadAttachment(client, upload)
  })

  it('in the hooks', () => {
    useConversations({ medium, limit })
    useUpdateAgentStatus({ agentArn: arn })
    useAgentKeepAlive({ enabled: flag })
    useTyping('x', { expiryMs: limit })
  })

  it('in the rxjs streams a console wires up (their option types, read through this strict package)', () => {
    const live = connectAgentSocket(client, { heartbeatIntervalMs: limit, lingerMs: limit, jwtReuses: limit })
    conversationMessages(client, 'x', { socket, pageSize: limit, pollIntervalMs: limit })
    conversationList(client, { socket, medium, limit })
    queueStatuses(client, { socket, pollIntervalMs: limit })
    conversationContext(live, 'x', { client, pollIntervalMs: limit })
    agentKeepAlive(client, { intervalMs: limit })
    sendMessage(live, 'x', { body: 'hi' }, { timeoutMs: limit })
    typing(live, 'x', { expiryMs: limit })
  })

  it('while a retry guard given a value returns one, for TanStack’s `retry` (which takes no undefined)', () => {
    expectTypeOf(withoutPermanentRetries(3)).toEqualTypeOf<RetryOption<unknown>>()
    useConversations({}, { retry: withoutPermanentRetries(3) })
    useQuery({ ...conversationQueries.detail(client, 'x'), retry: withoutPermanentRetries((n) => n < 2) })
  })
})
