import { ConversationConfigError, ConversationValidationError } from '@uc-conversation/core'
import { Observable, VirtualTimeScheduler } from 'rxjs'
import { describe, expect, it } from 'vitest'
import { fakeServer } from '../test/fakes'
import { createAgentSession } from './agent-session'
import { conversationContextOf } from './conversation-context'
import { conversationParticipantsOf } from './conversation-participants'
import {
  defineSessionCollection,
  type SessionCollectionContext,
  sessionCollectionNamed,
} from './session-collection'

/** A collection that counts its starts and stops and emits what it is told, by argument. */
function counting(name: string) {
  const log: string[] = []
  const emitters = new Map<string, (value: string) => void>()
  const contexts: SessionCollectionContext[] = []
  const definition = defineSessionCollection(name, (context, id: string, n: number) => {
    contexts.push(context)
    return new Observable<string>((subscriber) => {
      log.push(`start ${id}:${n}`)
      emitters.set(`${id}:${n}`, (value) => subscriber.next(value))
      return () => log.push(`stop ${id}:${n}`)
    })
  })
  return { definition, log, emitters, contexts }
}

describe('AgentSession.collection', () => {
  it('runs a definition once per session and arguments, replays its latest state, stops with its last subscriber and ends on close()', () => {
    const scheduler = new VirtualTimeScheduler()
    const server = fakeServer()
    const session = createAgentSession(server.client, { scheduler, pollIntervalMs: 30_000 })
    const { definition, log, emitters, contexts } = counting('test:counting')

    const first: string[] = []
    const a = session.collection(definition, 'x', 1).subscribe((v) => first.push(v))
    emitters.get('x:1')!('one')
    const late: string[] = []
    const b = session.collection(definition, 'x', 1).subscribe((v) => late.push(v))
    expect(late).toEqual(['one'])
    const other = session.collection(definition, 'x', 2).subscribe()
    expect(log).toEqual(['start x:1', 'start x:2'])
    // The definition gets the session's client and polling settings.
    expect(contexts[0]!.client).toBe(server.client)
    expect(contexts[0]!.socket).toBeUndefined()
    expect(contexts[0]!.poll).toEqual({ scheduler, pollIntervalMs: 30_000 })

    a.unsubscribe()
    expect(log).toEqual(['start x:1', 'start x:2'])
    b.unsubscribe()
    expect(log).toEqual(['start x:1', 'start x:2', 'stop x:1'])
    // Started again after it stopped: a new run, nothing replayed from the old one.
    const again: string[] = []
    session.collection(definition, 'x', 1).subscribe((v) => again.push(v))
    expect(again).toEqual([])
    expect(log.at(-1)).toBe('start x:1')

    let completed = 0
    session.collection(definition, 'x', 2).subscribe({ complete: () => completed++ })
    session.close()
    expect(completed).toBe(1)
    expect(other.closed).toBe(true)
    expect(log.filter((l) => l.startsWith('stop'))).toHaveLength(3)
    // Closed: nothing starts any more.
    session.collection(definition, 'y', 1).subscribe({ complete: () => completed++ })
    expect(completed).toBe(2)
    expect(log.some((l) => l.includes('y:1'))).toBe(false)
  })

  it('participants and context need a socket: a client-only session throws a validation error naming `socket`; an empty uuid names `conversation_uuid`', () => {
    const session = createAgentSession(fakeServer().client)
    for (const of of [conversationParticipantsOf, conversationContextOf]) {
      expect(() => of(session, 'c1')).toThrow(ConversationValidationError)
      expect(() => of(session, 'c1')).toThrow(/socket/)
    }
    session.close()
  })

  it('a definition is registered by name (the leading tab opens it by name); an unknown name is a config error naming it', () => {
    const { definition } = counting('test:registered')
    expect(sessionCollectionNamed('test:registered')).toBe(definition)
    expect(() => sessionCollectionNamed('test:never-defined')).toThrow(ConversationConfigError)
    expect(() => sessionCollectionNamed('test:never-defined')).toThrow(/"test:never-defined"/)
  })
})
