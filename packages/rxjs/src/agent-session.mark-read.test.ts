import type { ConversationClient } from '@uc-conversation/core'
import { BehaviorSubject } from 'rxjs'
import { describe, expect, it } from 'vitest'
import { createAgentSession } from './agent-session'
import type { AgentSocket, AgentSocketState } from './agent-socket/agent-socket'

const OPEN: AgentSocketState = { status: 'open', connection: 1, openedAt: 0 }

describe('AgentSession.markRead over the socket', () => {
  it('the caller’s abort ends a mark that waits for the socket (it dropped before the frame went out), and nothing is left subscribed', async () => {
    const state$ = new BehaviorSubject<AgentSocketState>(OPEN)
    // The state still says open, but the frame cannot be written: the socket is going (markRead waits for an open).
    const socket = {
      state$,
      get state() {
        return state$.value
      },
      send: () => false,
      client: {} as ConversationClient,
    } as unknown as AgentSocket
    const session = createAgentSession(socket)
    const controller = new AbortController()
    const marking = session.markRead(
      'c1',
      { conversation_message_uuid: 'm1', message_epoch: 5 },
      controller.signal,
    )
    await Promise.resolve()
    expect(state$.observed).toBe(true)
    controller.abort()
    await expect(marking).rejects.toMatchObject({ name: 'AbortError' })
    expect(state$.observed).toBe(false)
    // Aborted before it starts: rejects at once, nothing sent.
    await expect(
      session.markRead('c1', { conversation_message_uuid: 'm2', message_epoch: 6 }, controller.signal),
    ).rejects.toMatchObject({ name: 'AbortError' })
    session.close()
  })
})
