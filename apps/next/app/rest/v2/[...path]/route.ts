import { AGENT_CONSOLE_OPERATIONS } from '@uc-conversation/core/operations'
import { createConversationProxy, proxyErrorResponse } from '@uc-conversation/core/proxy'
import { signedInAgent } from '../../../../lib/signed-in-agent'
import { ultracartSettings } from '../../../../lib/ultracart-settings'

// The browser's client calls /rest/v2/... on this origin; only the agent console's operations go on to
// UltraCart, from this site only, for a signed-in agent, with that agent's own access token.
let handler: ((request: Request) => Promise<Response>) | undefined
const proxy = (request: Request) => {
  if (!handler) {
    let settings: ReturnType<typeof ultracartSettings>
    try {
      settings = ultracartSettings()
    } catch (error) {
      // Which setting is missing is for the deployment's log, not for the caller.
      console.error(`[uc proxy] ${error instanceof Error ? error.message : 'settings unreadable'}`)
      return Promise.resolve(
        proxyErrorResponse({
          status: 500,
          developerMessage: 'The proxy is not configured.',
          userMessage: 'The service is unavailable.',
          errorCode: 'proxy_misconfigured',
        }),
      )
    }
    handler = createConversationProxy({
      operations: AGENT_CONSOLE_OPERATIONS,
      baseUrl: settings.baseUrl,
      origin: settings.siteOrigin,
      authorize: async ({ request }) => (await signedInAgent(request.headers)) !== undefined,
      authenticate: async (request) => (await signedInAgent(request.headers)) !== undefined,
      accessToken: async ({ request }) => {
        const agent = await signedInAgent(request.headers)
        if (!agent?.accessToken) throw new Error('no signed-in agent')
        return agent.accessToken
      },
      // The code and the route only: the detail may quote what a caller sent.
      onFailure: (event) =>
        console.warn(`[uc proxy] ${event.status} ${event.errorCode} ${event.method} ${event.path}`),
    })
  }
  return handler(request)
}

export const dynamic = 'force-dynamic'
export const GET = proxy
export const PUT = proxy
export const POST = proxy
export const DELETE = proxy
