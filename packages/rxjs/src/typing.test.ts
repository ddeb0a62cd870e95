import { Subject } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeServer, fakeSockets, flush } from '../test/fakes'
import type { AgentSocket } from './agent-socket/agent-socket'
import { connectAgentSocket } from './agent-socket/connect-agent-socket'
import { sendTyping, typing } from './typing'

afterEach(() => {
  vi.useRealTimers()
})

const typingFrame = (value: string, arn = 'arn:customer', uuid = 'c1') => ({
  type: 'event' as const,
  event_type: 'typing' as const,
  conversation_uuid: uuid,
  event_typing: {
    author_conversation_participant_arn: arn,
    author_conversation_participant_name: arn,
    value,
  },
})

/** A socket whose events come from marbles. */
const marbleSocket = (
  frames: Subject<ReturnType<typeof typingFrame>>,
  sent: string[] = [],
  messages: Subject<unknown> = new Subject(),
): AgentSocket =>
  ({
    events: () => frames,
    conversation: () => messages,
    send: (f: string) => {
      sent.push(JSON.parse(f).event_typing.value)
      return true
    },
    agent: { conversation_participant_arn: 'arn:agent' },
  }) as unknown as AgentSocket

/** Runs a stream in virtual time and returns [time, value] pairs. */
const timeline = <T>(scheduler: TestScheduler, run: () => import('rxjs').Observable<T>, until: number) => {
  const out: [number, T][] = []
  scheduler.run(({ flush }) => {
    const sub = run().subscribe((v) => out.push([scheduler.now(), v]))
    scheduler.schedule(() => sub.unsubscribe(), until)
    flush()
  })
  return out
}

describe('typing', () => {
  it('shows typists, drops them on an empty value or after expiryMs of silence, ignores the agent (virtual time)', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b))
    const out = timeline(
      scheduler,
      () => {
        const subject = new Subject<ReturnType<typeof typingFrame>>()
        // a: customer types at 0 and 1000; b: the agent's own echo; c: another typist at 2000, stops at 3000.
        scheduler
          .createHotObservable('a 999ms b 999ms c 999ms d', {
            a: typingFrame('h'),
            b: typingFrame('he'),
            c: typingFrame('x', 'arn:other'),
            d: typingFrame('', 'arn:other'),
          })
          .subscribe(subject)
        scheduler.createHotObservable('500ms m', { m: typingFrame('mine', 'arn:agent') }).subscribe(subject)
        return typing(marbleSocket(subject), 'c1', { expiryMs: 5000 })
      },
      10_000,
    )
    const view = out.map(([t, list]) => [t, list.map((x) => `${x.arn}:${x.value}`).join(',')])
    expect(view).toEqual([
      [0, ''],
      [0, 'arn:customer:h'],
      [1000, 'arn:customer:he'],
      [2000, 'arn:customer:he,arn:other:x'],
      [3000, 'arn:customer:he'],
      // 5 s after the last update.
      [6000, ''],
    ])
  })

  it('drops a typist as soon as a message of theirs arrives (virtual time)', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b))
    const out = timeline(
      scheduler,
      () => {
        const typingFrames = new Subject<ReturnType<typeof typingFrame>>()
        const messages = new Subject<unknown>()
        scheduler.createHotObservable('a', { a: typingFrame('Hello') }).subscribe(typingFrames)
        scheduler
          .createHotObservable('500ms m', {
            m: {
              type: 'message',
              conversation_uuid: 'c1',
              message: { author_conversation_participant_arn: 'arn:customer', body: 'Hello there' },
            },
          })
          .subscribe(messages)
        return typing(marbleSocket(typingFrames, [], messages), 'c1', { scheduler })
      },
      10_000,
    )
    expect(out.map(([t, typists]) => [t, typists.map((x) => x.value)])).toEqual([
      [0, []],
      [0, ['Hello']],
      [500, []],
    ])
  })

  it('leaves no timers after unsubscribe', async () => {
    vi.useFakeTimers()
    const server = fakeServer()
    const fakes = fakeSockets()
    const socket = connectAgentSocket(server.client, { WebSocketCtor: fakes.WebSocketCtor, lingerMs: 0 })
    const sub = typing(socket, 'c1').subscribe()
    await flush()
    fakes.last.open()
    fakes.last.receive(typingFrame('hello'))
    sub.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
    expect(fakes.last.isClosed).toBe(true)
  })
})

describe('sendTyping', () => {
  it('throttles: first value at once, the latest at the end of each window, no repeats (virtual time)', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b))
    const sent: string[] = []
    const out = timeline(
      scheduler,
      () =>
        sendTyping(
          marbleSocket(new Subject(), sent),
          'c1',
          scheduler.createColdObservable('a 99ms b 99ms c 99ms c 1999ms d 1999ms e', {
            a: 'h',
            b: 'he',
            c: 'hel',
            d: 'hell',
            e: '',
          }),
          { throttleMs: 1000 },
        ),
      10_000,
    )
    expect(out).toEqual([
      [0, 'h'],
      [1000, 'hel'],
      [2300, 'hell'],
      [4300, ''],
    ])
    expect(sent).toEqual(['h', 'hel', 'hell', ''])
  })
})
