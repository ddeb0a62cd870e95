import { type ConversationClient, createConversationClient } from '@uc-conversation/core'
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  type EmulatorServer,
} from '@uc-conversation/emulator'
import type { Observable, Subscription } from 'rxjs'
import { type AgentSocket, type ConnectAgentSocketOptions, connectAgentSocket } from '../src'

export interface Harness {
  emulator: Emulator
  server: EmulatorServer
  client: ConversationClient
  socket: AgentSocket
  close(): Promise<void>
}

/** An emulator listening on 127.0.0.1 and an agent connected to it over a real websocket (`ws`). */
export async function startHarness(
  options: EmulatorOptions = {},
  socketOptions: ConnectAgentSocketOptions = {},
  clientOptions: Parameters<typeof createConversationClient>[0] = {},
): Promise<Harness> {
  const emulator = createEmulator({ customers: { autoReply: false }, ...options })
  const server = await emulator.listen({ port: 0, host: '127.0.0.1' })
  const client = createConversationClient({ ...emulator.clientOptions({ server }), ...clientOptions })
  const socket = connectAgentSocket(client, {
    ...emulator.socketOptions({ server }),
    lingerMs: 0,
    ...socketOptions,
  })
  return {
    emulator,
    server,
    client,
    socket,
    close: async () => {
      await server.close()
      await emulator.close()
    },
  }
}

/** Keeps the latest value of a stream (and every value), for polling assertions. */
export function capture<T>(source: Observable<T>) {
  const values: T[] = []
  const errors: unknown[] = []
  const subscription: Subscription = source.subscribe({
    next: (v) => values.push(v),
    error: (e) => errors.push(e),
  })
  return {
    values,
    errors,
    get latest(): T | undefined {
      return values.at(-1)
    },
    unsubscribe: () => subscription.unsubscribe(),
    get subscriptionClosed() {
      return subscription.closed
    },
  }
}

/** Waits (real time) until `check` returns truthy; fails with `what` after `timeoutMs`. */
export async function until<T>(check: () => T, what: string, timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const result = check()
    if (result) return result as NonNullable<T>
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
