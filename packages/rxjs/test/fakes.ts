import type {
  ConversationClient,
  ConversationMessage,
  ConversationSummary,
  ConversationWebchatQueueStatus,
} from '@uc-conversation/core'
import { ConversationHttpError, ConversationValidationError } from '@uc-conversation/core'
import { vi } from 'vitest'
import {
  type ConversationMessagesState,
  connectAgentSocket,
  conversationMessages,
  type WebSocketLike,
} from '../src'

export const JWT = 'secret-jwt-value'

/** A WebSocket double: tests open, feed and close it by hand. */
export class FakeWebSocket implements WebSocketLike {
  readyState = 0
  readonly sent: string[] = []
  closedWith: number | undefined
  terminated = false
  onopen: ((event: never) => void) | null = null
  onmessage: ((event: never) => void) | null = null
  onclose: ((event: never) => void) | null = null
  onerror: ((event: never) => void) | null = null
  constructor(
    readonly url: string,
    readonly registry: FakeWebSocket[],
  ) {
    registry.push(this)
  }
  send(data: string) {
    if (this.readyState !== 1) throw new Error('not open')
    this.sent.push(data)
  }
  close(code = 1000) {
    if (this.readyState >= 2) return
    this.readyState = 3
    this.closedWith = code
  }
  terminate() {
    this.terminated = true
    this.readyState = 3
  }
  // Test controls.
  open() {
    this.readyState = 1
    ;(this.onopen as ((e: unknown) => void) | null)?.({})
  }
  receive(data: unknown) {
    ;(this.onmessage as ((e: unknown) => void) | null)?.({
      data: typeof data === 'string' ? data : JSON.stringify(data),
    })
  }
  receiveRaw(data: unknown) {
    ;(this.onmessage as ((e: unknown) => void) | null)?.({ data })
  }
  serverClose(code = 1006, reason = '') {
    this.readyState = 3
    ;(this.onclose as ((e: unknown) => void) | null)?.({ code, reason })
  }
  get isClosed() {
    return this.readyState === 3
  }
  sentFrames(): Record<string, unknown>[] {
    return this.sent.map((s) => JSON.parse(s))
  }
}

export function fakeSockets() {
  const sockets: FakeWebSocket[] = []
  const WebSocketCtor = class extends FakeWebSocket {
    constructor(url: string) {
      super(url, sockets)
    }
  }
  return {
    sockets,
    WebSocketCtor,
    get last(): FakeWebSocket {
      const s = sockets.at(-1)
      if (!s) throw new Error('no socket yet')
      return s
    },
  }
}

/**
 * An in-memory server behind a fake client: messages per conversation in ascending epoch order, `since` read as
 * `reading` says (inclusive by default), `limit` honoured, and `since`/`limit` refused as core refuses them.
 */
export function fakeServer() {
  const reading = { since: 'inclusive' as 'inclusive' | 'exclusive' }
  const messages = new Map<string, ConversationMessage[]>()
  let conversations: ConversationSummary[] = []
  let queues: ConversationWebchatQueueStatus[] = []
  let nextEpoch = 1_000_000
  let seq = 0
  const failures: unknown[] = []
  const budget = { left: Number.POSITIVE_INFINITY }
  const fail = () => {
    const error = failures.shift()
    if (error) throw error
  }
  const client = {
    getAgentKeepAlive: vi.fn(async () => {
      fail()
    }),
    getAgentWebsocketAuthorization: vi.fn(async () => {
      fail()
      return {
        success: true,
        agent_auth: {
          jwt: JWT,
          websocket_url: 'wss://socket.test/ws',
          conversation_participant_arn: 'arn:agent',
          conversation_participant_name: 'Agent',
          merchant_id: 'DEMO',
        },
      }
    }),
    getConversationMessages: vi.fn(async (uuid: string, since: number, options?: { limit?: number }) => {
      // What core's validation refuses, before anything is sent.
      if (!(Number.isSafeInteger(since) && since >= 0))
        throw new ConversationValidationError('since', 'an integer >= 0')
      const limit = options?.limit
      if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 1 && limit <= 200))
        throw new ConversationValidationError('limit', 'an integer from 1 to 200')
      fail()
      const epoch = (m: ConversationMessage) => (typeof m.message_epoch === 'number' ? m.message_epoch : 0)
      const all = [...(messages.get(uuid) ?? [])]
        .sort((a, b) => epoch(a) - epoch(b))
        .filter((m) => (reading.since === 'inclusive' ? epoch(m) >= since : epoch(m) > since))
      return { success: true, conversation_messages: limit ? all.slice(0, limit) : all }
    }),
    getConversations: vi.fn(async () => {
      fail()
      return { success: true, conversations }
    }),
    getConversationWebchatQueueStatuses: vi.fn(async () => {
      fail()
      return { success: true, queue_statuses: queues }
    }),
    getConversationMultimediaUploadUrl: vi.fn(async (extension: string) => {
      fail()
      return {
        success: true,
        conversation_multimedia_upload_url: { key: `key-${extension}`, url: 'https://upload.test/put' },
      }
    }),
    getConversation: vi.fn(),
    joinConversation: vi.fn(),
    leaveConversation: vi.fn(),
    startConversation: vi.fn(),
    updateConversationWebchatQueueStatus: vi.fn(),
    get stats() {
      return { sent: 0, queued: 0, inFlight: 0, retried: 0, rateLimited: 0, budgetLeft: budget.left }
    },
  }
  return {
    client: client as unknown as ConversationClient & typeof client,
    budget,
    /** How `since` is read; UltraCart does not say. */
    reading,
    /** Stores a message (epochs increase by 1000 ms) and returns it, as the server would. */
    add(uuid: string, patch: Partial<ConversationMessage> = {}): ConversationMessage {
      nextEpoch += 1000
      const m: ConversationMessage = {
        conversation_message_uuid: `m${++seq}`,
        body: `message ${seq}`,
        message_epoch: nextEpoch,
        author_conversation_participant_arn: 'arn:customer',
        ...patch,
      }
      const list = messages.get(uuid) ?? []
      list.push(m)
      messages.set(uuid, list)
      return m
    },
    messages: (uuid: string) => messages.get(uuid) ?? [],
    /** The `new message` event the server pushes after storing a message: its conversation's summary. */
    newMessageEvent(uuid: string) {
      const all = messages.get(uuid) ?? []
      const last = all.at(-1)
      return {
        type: 'event',
        event_type: 'new message',
        conversation_uuid: uuid,
        event_new_message: {
          conversation_uuid: uuid,
          message_count: all.length,
          ...(last
            ? {
                last_message_dts: new Date(last.message_epoch!).toISOString(),
                last_conversation_message_body: last.body,
              }
            : {}),
        },
      }
    },
    setConversations(list: ConversationSummary[]) {
      conversations = list
    },
    setQueues(list: ConversationWebchatQueueStatus[]) {
      queues = list
    },
    /** The next calls throw these, in order. */
    failNext(...errors: unknown[]) {
      failures.push(...errors)
    },
  }
}

export const http = (status: number) =>
  new ConversationHttpError(status, { developer_message: `status ${status}` }, undefined)

export const messageFrame = (uuid: string, message: ConversationMessage) => ({
  type: 'message',
  conversation_uuid: uuid,
  message,
})

/** Lets pending promise callbacks run (fake timers do not advance microtasks by themselves). */
export const flush = async (times = 5) => {
  for (let i = 0; i < times; i++) await Promise.resolve()
}

/** A fake browser page: document visibility and window online events, counted listeners. */
export function fakePage() {
  const doc = new EventTarget() as EventTarget & { visibilityState: string }
  doc.visibilityState = 'visible'
  const win = new EventTarget()
  let listeners = 0
  const count = (target: EventTarget) => {
    const add = target.addEventListener.bind(target)
    const remove = target.removeEventListener.bind(target)
    target.addEventListener = (...args: Parameters<EventTarget['addEventListener']>) => {
      listeners++
      add(...args)
    }
    target.removeEventListener = (...args: Parameters<EventTarget['removeEventListener']>) => {
      listeners--
      remove(...args)
    }
  }
  count(doc)
  count(win)
  const navigator = { onLine: true }
  vi.stubGlobal('document', doc)
  vi.stubGlobal('navigator', navigator)
  vi.stubGlobal('addEventListener', win.addEventListener.bind(win))
  vi.stubGlobal('removeEventListener', win.removeEventListener.bind(win))
  return {
    get listeners() {
      return listeners
    },
    hide() {
      doc.visibilityState = 'hidden'
      doc.dispatchEvent(new Event('visibilitychange'))
    },
    show() {
      doc.visibilityState = 'visible'
      doc.dispatchEvent(new Event('visibilitychange'))
    },
    offline() {
      navigator.onLine = false
      win.dispatchEvent(new Event('offline'))
    },
    online() {
      navigator.onLine = true
      win.dispatchEvent(new Event('online'))
    },
  }
}

/**
 * A fake server and an agent socket on fake websockets, as most stream tests need them: no linger, no jitter, the
 * heartbeat slowed out of the way.
 */
export function fakeSocketSetup() {
  const server = fakeServer()
  const fakes = fakeSockets()
  const socket = connectAgentSocket(server.client, {
    WebSocketCtor: fakes.WebSocketCtor,
    lingerMs: 0,
    random: () => 0,
    heartbeatIntervalMs: 3_600_000,
  })
  return { server, fakes, socket }
}

/**
 * A `conversationMessages` stream of `conversationUuid` over a fake server and fake sockets (which never answer
 * pings, so the heartbeat is slowed out of the way), with what it emitted and how it failed.
 */
export function messagesStream(
  conversationUuid: string,
  options: Parameters<typeof conversationMessages>[2] = {},
  withSocket = true,
) {
  const { server, fakes, socket } = fakeSocketSetup()
  const states: ConversationMessagesState[] = []
  const errors: unknown[] = []
  const subscribe = () =>
    conversationMessages(server.client, conversationUuid, {
      ...(withSocket ? { socket } : {}),
      ...options,
    }).subscribe({
      next: (s) => states.push(s),
      error: (e) => errors.push(e),
    })
  /** A field of every message of the latest emission. */
  const latest = <K extends keyof ConversationMessage>(key: K) =>
    states
      .at(-1)
      ?.list.toArray()
      .map((m) => m[key])
  return { server, fakes, socket, states, errors, subscribe, latest }
}
