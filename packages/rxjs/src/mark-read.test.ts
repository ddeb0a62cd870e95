import type { ConversationMessage } from '@uc-conversation/core'
import { BehaviorSubject, Subject } from 'rxjs'
import { describe, expect, it } from 'vitest'
import type { AgentSocket, AgentSocketState } from './agent-socket/agent-socket'
import { markRead } from './mark-read'

const OPEN: AgentSocketState = { status: 'open', connection: 1, openedAt: 0 }
const DOWN: AgentSocketState = { status: 'reconnecting', attempt: 1, retryAt: 1 }

/** A socket whose state the test sets; `send` records frames and answers `accept`. */
function scriptedSocket(initial: AgentSocketState) {
  const state$ = new BehaviorSubject(initial)
  const sent: unknown[] = []
  const control = { accept: true }
  const socket = {
    state$,
    send: (frame: string) => {
      if (!control.accept) return false
      sent.push(JSON.parse(frame))
      return true
    },
  } as unknown as AgentSocket
  return { socket, state$, sent, control }
}

const message = (uuid: string, epoch: number): ConversationMessage => ({
  conversation_message_uuid: uuid,
  message_epoch: epoch,
  message_dts: new Date(epoch).toISOString(),
})

describe('markRead', () => {
  it('sends one read frame per newer message, never backwards', () => {
    const { socket, sent } = scriptedSocket(OPEN)
    const messages = new Subject<ConversationMessage>()
    const marked: string[] = []
    const sub = markRead(socket, 'c1', messages).subscribe((m) => marked.push(m.conversation_message_uuid!))
    messages.next(message('m1', 10))
    messages.next(message('m1', 10))
    messages.next(message('m0', 5))
    messages.next({ message_epoch: 20 })
    messages.next(message('m2', 20))
    expect(marked).toEqual(['m1', 'm2'])
    expect(sent).toEqual([
      {
        type: 'event',
        event_type: 'read message',
        conversation_uuid: 'c1',
        event_read_message: {
          conversation_message_uuid: 'm1',
          message_dts: new Date(10).toISOString(),
          message_epoch: 10,
        },
      },
      expect.objectContaining({ event_read_message: expect.objectContaining({ message_epoch: 20 }) }),
    ])
    sub.unsubscribe()
  })

  it('holds the newest message while the socket is down and sends only it on the next open', () => {
    const { socket, state$, sent } = scriptedSocket(DOWN)
    const messages = new Subject<ConversationMessage>()
    const sub = markRead(socket, 'c1', messages).subscribe()
    messages.next(message('m1', 10))
    messages.next(message('m2', 20))
    expect(sent).toEqual([])
    state$.next(OPEN)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ event_read_message: { conversation_message_uuid: 'm2' } })
    sub.unsubscribe()
  })

  it('a send refused by a closing socket goes out on the next open', () => {
    const { socket, state$, sent, control } = scriptedSocket(OPEN)
    const messages = new Subject<ConversationMessage>()
    const sub = markRead(socket, 'c1', messages).subscribe()
    control.accept = false
    messages.next(message('m1', 10))
    expect(sent).toEqual([])
    control.accept = true
    state$.next(DOWN)
    expect(sent).toEqual([])
    state$.next({ ...OPEN, connection: 2 })
    expect(sent).toHaveLength(1)
    sub.unsubscribe()
  })

  it('leaves no subscription on the socket or the messages after unsubscribe', () => {
    const { socket, state$ } = scriptedSocket(DOWN)
    const messages = new Subject<ConversationMessage>()
    const sub = markRead(socket, 'c1', messages).subscribe()
    messages.next(message('m1', 10))
    expect(state$.observed).toBe(true)
    sub.unsubscribe()
    expect(state$.observed).toBe(false)
    expect(messages.observed).toBe(false)
  })
})
