import { QueryClient } from '@tanstack/react-query'
import { type ConversationClient, createConversationClient } from '@uc-conversation/core'
import { createEmulator, type Emulator } from '@uc-conversation/emulator'

/**
 * The emulator listening on 127.0.0.1 and a client over real HTTP that records `METHOD /path`, with a fresh
 * QueryClient. For `@vitest-environment node` files only: under happy-dom, the emulator's Node server builds its
 * requests with happy-dom's `Request`, which loses request bodies (every POST answers 500 there).
 */
export interface HttpHarness {
  emulator: Emulator
  client: ConversationClient
  queryClient: QueryClient
  /** `METHOD /path` of every REST request, in order. */
  requests: string[]
  close: () => Promise<void>
}

export async function createHttpHarness(seed = 1): Promise<HttpHarness> {
  const emulator = createEmulator({ clock: 'manual', seed })
  const server = await emulator.listen({ port: 0 })
  const requests: string[] = []
  const client = createConversationClient({
    ...emulator.clientOptions({ server }),
    fetch: (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname.replace(/^\/rest\/v2/, '')}`)
      return fetch(input, init)
    },
  })
  const queryClient = new QueryClient()
  return {
    emulator,
    client,
    queryClient,
    requests,
    close: async () => {
      queryClient.clear()
      await server.close()
      await emulator.close()
    },
  }
}
