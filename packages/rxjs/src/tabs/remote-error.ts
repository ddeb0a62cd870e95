import {
  ConversationConfigError,
  ConversationError,
  ConversationHttpError,
  ConversationNetworkError,
  ConversationParseError,
  ConversationTimeoutError,
  ConversationValidationError,
} from '@uc-conversation/core'

/** An error as it crosses to another tab: its kind and own fields (never credentials: core scrubs them). */
export type EncodedError = { kind?: string; name: string; message: string; fields?: Record<string, unknown> }

/** @internal */
export const encodeError = (error: unknown): EncodedError => {
  if (error instanceof ConversationError) {
    const { message, ...fields } = error.toJSON() as Record<string, unknown>
    delete fields.cause
    return { kind: error.kind, name: error.name, message: String(message), fields: structuredClone(fields) }
  }
  if (error instanceof Error) return { name: error.name, message: error.message }
  return { name: 'Error', message: String(error) }
}

/** @internal The same class again (so `instanceof` and `kind` work in a follower tab), with the same fields. */
export const decodeError = (encoded: EncodedError): Error => {
  const fields = encoded.fields ?? {}
  let error: Error
  switch (encoded.kind) {
    case 'validation':
      error = new ConversationValidationError(String(fields.field ?? ''), '')
      break
    case 'config':
      error = new ConversationConfigError(encoded.message)
      break
    case 'network':
      error = new ConversationNetworkError(encoded.message)
      break
    case 'timeout':
      error = new ConversationTimeoutError(Number(fields.timeoutMs ?? 0), encoded.message)
      break
    case 'http':
      error = new ConversationHttpError(Number(fields.status ?? 0))
      break
    case 'parse':
      error = new ConversationParseError(Number(fields.status ?? 0), encoded.message)
      break
    default:
      error = new Error(encoded.message)
  }
  Object.assign(error, fields)
  Object.defineProperty(error, 'message', { value: encoded.message, writable: true, configurable: true })
  error.name = encoded.name
  return error
}
