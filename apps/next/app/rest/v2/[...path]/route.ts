import { createConversationProxy } from '@uc-conversation/core/proxy'
import { isSession, sessionOf } from '../../../../lib/session'
import { upstream } from '../../../../lib/upstream'

// The browser's client calls /rest/v2/... on this origin; only Conversation operations go on to UltraCart,
// with the key added here, and only for a signed-in session.
let handler: ((request: Request) => Promise<Response>) | undefined
const proxy = (request: Request) => {
  handler ??= createConversationProxy({
    ...upstream(),
    authorize: (r) => isSession(sessionOf(r)),
    onFailure: (failure) => console.warn(`[uc proxy] ${failure.status} ${failure.developerMessage}`),
  })
  return handler(request)
}

export const dynamic = 'force-dynamic'
export const GET = proxy
export const PUT = proxy
export const POST = proxy
export const DELETE = proxy
