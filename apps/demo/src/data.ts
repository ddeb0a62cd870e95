/**
 * The console's data hooks. Live data comes from @uc-conversation/rxjs streams (they own sockets, polling,
 * retries and merging); one-shot calls are TanStack mutations. Components import only from here.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  type AgentStatus,
  ConversationHttpError,
  type ConversationMedium,
  type ConversationMessage,
  encodeReadFrame,
} from '@uc-conversation/core'
import {
  type AgentKeepAliveStatus,
  agentKeepAlive,
  type ConnectionHealth,
  type ConversationListState,
  type ConversationMessagesState,
  connectionHealth,
  conversationList,
  conversationMessages,
  type QueueStatusesState,
  queueStatuses,
  sendMessage,
  sendTyping,
  type Typist,
  typing,
  type UploadState,
  uploadAttachment,
} from '@uc-conversation/rxjs'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { map, type Observable, Subject, type Subscription } from 'rxjs'
import { useConsole } from './console-context'

export interface Live<T> {
  data: T | undefined
  error: unknown
}

/** Subscribes to an observable for the lifetime of the component (or until `deps` change). */
export function useObservable<T>(
  factory: () => Observable<T> | undefined,
  deps: readonly unknown[],
): Live<T> {
  const [state, setState] = useState<Live<T>>({ data: undefined, error: undefined })
  useEffect(() => {
    setState({ data: undefined, error: undefined })
    const source = factory()
    if (!source) return
    const subscription = source.subscribe({
      next: (data) => setState({ data, error: undefined }),
      error: (error) => setState((s) => ({ ...s, error })),
    })
    return () => subscription.unsubscribe()
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists the factory's inputs
  }, deps)
  return state
}

/** The sentence to show a person for an error: the API's `user_message` first. */
export function userMessage(error: unknown): string {
  if (error instanceof ConversationHttpError) {
    if (error.userMessage) return error.userMessage
    if (error.status === 429) return 'Too many requests right now; please wait a moment.'
    return `The server answered ${error.status}.`
  }
  if (error instanceof Error && error.name === 'ConversationTimeoutError')
    return 'The server took too long to answer.'
  if (error instanceof Error && error.name === 'ConversationNetworkError')
    return 'The server cannot be reached.'
  return error instanceof Error ? error.message : 'Something went wrong.'
}

export function useConnectionHealth(): ConnectionHealth {
  const { socket } = useConsole()
  return useObservable(() => connectionHealth(socket), [socket]).data ?? { status: 'reconnecting' }
}

export function useKeepAlive(): Live<AgentKeepAliveStatus> {
  const { client } = useConsole()
  return useObservable(() => agentKeepAlive(client), [client])
}

/** The signed-in agent (known once the socket was authorized). */
export function useAgent() {
  const { socket } = useConsole()
  return useObservable(() => socket.state$.pipe(map(() => socket.agent ?? null)), [socket]).data ?? undefined
}

export function useQueueStatuses(): Live<QueueStatusesState> {
  const { client, socket } = useConsole()
  return useObservable(() => queueStatuses(client, { socket }), [client, socket])
}

export function useConversationList(medium: ConversationMedium | undefined): Live<ConversationListState> {
  const { client, socket } = useConsole()
  return useObservable(
    () => conversationList(client, { socket, ...(medium ? { medium } : {}) }),
    [client, socket, medium],
  )
}

export function useConversation(uuid: string | undefined) {
  const { client } = useConsole()
  return useQuery({
    queryKey: ['uc-conversation', 'conversation', uuid],
    queryFn: async ({ signal }) => (await client.getConversation(uuid!, { signal, limit: 1 })).conversation,
    enabled: !!uuid,
  })
}

export function useConversationMessages(uuid: string | undefined): Live<ConversationMessagesState> {
  const { client, socket } = useConsole()
  return useObservable(
    () => (uuid ? conversationMessages(client, uuid, { socket }) : undefined),
    [client, socket, uuid],
  )
}

export function useTypists(uuid: string | undefined): readonly Typist[] {
  const { socket } = useConsole()
  return useObservable(() => (uuid ? typing(socket, uuid) : undefined), [socket, uuid]).data ?? []
}

/** Returns a function to call with the composer's text on every change (throttled by the rxjs layer). */
export function useSendTyping(uuid: string | undefined): (value: string) => void {
  const { socket } = useConsole()
  const subject = useMemo(() => new Subject<string>(), [])
  useEffect(() => {
    if (!uuid) return
    const subscription = sendTyping(socket, uuid, subject).subscribe()
    return () => subscription.unsubscribe()
  }, [socket, uuid, subject])
  return useCallback((value: string) => subject.next(value), [subject])
}

// Sends outlive the component that started them (switching conversations must not withdraw a message).
const sends = new Map<string, Subscription>()

export function useSendMessage() {
  const { socket } = useConsole()
  return useCallback(
    (uuid: string, message: { body: string; client_message_id?: string; upload_keys?: string[] }) => {
      const sub = sendMessage(socket, uuid, message).subscribe({
        next: (s) => sends.set(s.clientMessageId, sub),
        error: () => {},
      })
    },
    [socket],
  )
}

/** Retries a failed own message with the same client id (the rxjs layer makes sure it is not doubled). */
export function retryMessage(send: ReturnType<typeof useSendMessage>, uuid: string, m: ConversationMessage) {
  send(uuid, {
    body: m.body ?? '',
    ...(m.client_message_id ? { client_message_id: m.client_message_id } : {}),
    ...(m.upload_keys?.length ? { upload_keys: [...m.upload_keys] } : {}),
  })
}

/** Marks everything up to `message` read (once per message). */
export function useMarkRead(
  uuid: string | undefined,
  message: ConversationMessage | undefined,
  enabled: boolean,
) {
  const { socket } = useConsole()
  const lastSent = useRef<string | undefined>(undefined)
  const messageUuid = message?.conversation_message_uuid
  useEffect(() => {
    if (!uuid || !enabled || !message || !messageUuid || lastSent.current === messageUuid) return
    if (
      socket.send(
        encodeReadFrame(uuid, {
          conversation_message_uuid: messageUuid,
          ...(message.message_dts ? { message_dts: message.message_dts } : {}),
          ...(message.message_epoch !== undefined ? { message_epoch: message.message_epoch } : {}),
        }),
      )
    )
      lastSent.current = messageUuid
  }, [socket, uuid, message, messageUuid, enabled])
}

export interface Upload {
  file: File
  previewUrl: string | undefined
  state: UploadState | undefined
  error: unknown
}

/** One attachment being uploaded for the composer. */
export function useUpload() {
  const { client } = useConsole()
  const [upload, setUpload] = useState<Upload | undefined>(undefined)
  const subscription = useRef<Subscription | undefined>(undefined)
  const clear = useCallback(() => {
    subscription.current?.unsubscribe()
    setUpload((u) => {
      if (u?.previewUrl) URL.revokeObjectURL(u.previewUrl)
      return undefined
    })
  }, [])
  const start = useCallback(
    (file: File) => {
      clear()
      const previewUrl = file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined
      setUpload({ file, previewUrl, state: undefined, error: undefined })
      subscription.current = uploadAttachment(client, file).subscribe({
        next: (state) => setUpload((u) => (u && u.file === file ? { ...u, state } : u)),
        error: (error) => setUpload((u) => (u && u.file === file ? { ...u, error } : u)),
      })
    },
    [client, clear],
  )
  useEffect(() => () => subscription.current?.unsubscribe(), [])
  return { upload, start, clear }
}

export function useJoin() {
  const { client } = useConsole()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (uuid: string) => client.joinConversation(uuid),
    onSuccess: (_, uuid) =>
      queryClient.invalidateQueries({ queryKey: ['uc-conversation', 'conversation', uuid] }),
  })
}

export function useLeave() {
  const { client } = useConsole()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (uuid: string) => client.leaveConversation(uuid),
    onSuccess: (_, uuid) =>
      queryClient.invalidateQueries({ queryKey: ['uc-conversation', 'conversation', uuid] }),
  })
}

export function useStartConversation() {
  const { client } = useConsole()
  return useMutation({
    mutationFn: async (input: { queueUuid?: string; participants: string[] }) =>
      (
        await client.startConversation({
          ...(input.queueUuid ? { conversation_webchat_queue_uuid: input.queueUuid } : {}),
          add_conversation_participant_arns: input.participants,
        })
      ).conversation,
  })
}

export function useSetAgentStatus() {
  const { client } = useConsole()
  return useMutation({
    mutationFn: async ({ queues, status }: { queues: string[]; status: AgentStatus }) => {
      for (const queue of queues)
        await client.updateConversationWebchatQueueStatus(queue, { agent_status: status })
    },
  })
}
