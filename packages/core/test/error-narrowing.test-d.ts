import { describe, expectTypeOf, it } from 'vitest'
import {
  type AnyConversationError,
  ConversationError,
  type ConversationErrorKind,
  ConversationHttpError,
  type ConversationParseError,
  isConversationError,
} from '../src'

declare const thrown: unknown

describe('errors narrow the way users write it', () => {
  it('instanceof the base, then switch on kind, reaches each class’s fields', () => {
    if (thrown instanceof ConversationError) {
      expectTypeOf(thrown).toEqualTypeOf<AnyConversationError>()
      switch (thrown.kind) {
        case 'http':
          expectTypeOf(thrown.status).toEqualTypeOf<number>()
          expectTypeOf(thrown.userMessage).toEqualTypeOf<string | undefined>()
          break
        case 'parse':
          expectTypeOf(thrown).toEqualTypeOf<ConversationParseError>()
          break
        case 'validation':
          expectTypeOf(thrown.field).toEqualTypeOf<string>()
          break
        case 'timeout':
          expectTypeOf(thrown.timeoutMs).toEqualTypeOf<number>()
          break
        case 'network':
          expectTypeOf(thrown.code).toEqualTypeOf<string | undefined>()
          break
        case 'config':
          break
        case 'outcome-unknown':
          expectTypeOf(thrown.operation.method).toEqualTypeOf<'GET' | 'PUT' | 'POST' | 'DELETE'>()
          expectTypeOf(thrown.cause).toEqualTypeOf<AnyConversationError>()
          break
        default:
          expectTypeOf(thrown).toBeNever()
      }
    }
  })

  it('a subclass instanceof narrows to that class; the guard to the union', () => {
    if (thrown instanceof ConversationHttpError) expectTypeOf(thrown).toEqualTypeOf<ConversationHttpError>()
    if (isConversationError(thrown) && thrown.kind === 'http') expectTypeOf(thrown.status).toBeNumber()
    expectTypeOf<ConversationErrorKind>().toEqualTypeOf<
      'validation' | 'config' | 'network' | 'timeout' | 'http' | 'parse' | 'outcome-unknown'
    >()
  })

  it('only subclasses construct', () => {
    // @ts-expect-error: a kind without its class's fields would be a lie
    new ConversationError('http', 'HTTP 500')
  })
})
