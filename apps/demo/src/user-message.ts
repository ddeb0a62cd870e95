import { isConversationError } from '@uc-conversation/core'

/**
 * The sentence to show a person for an error: the API's `user_message` (the dev-server proxy puts the cause of
 * an unreachable UltraCart there) with the status, e.g. `Invalid credentials (401)`.
 */
export function userMessage(error: unknown): string {
  if (!isConversationError(error)) return error instanceof Error ? error.message : 'Something went wrong.'
  switch (error.kind) {
    case 'http': {
      const status = `(${error.status})`
      if (error.userMessage) {
        const text = error.userMessage.trim()
        return text.includes(status) ? text : `${text.replace(/[.!]$/, '')} ${status}`
      }
      if (error.status === 429) return 'Too many requests right now; please wait a moment (429).'
      return `The server answered ${error.status}.`
    }
    case 'timeout':
      return 'The server took too long to answer.'
    case 'network':
      return `The server cannot be reached (${error.message}).`
    default:
      return error.message
  }
}
