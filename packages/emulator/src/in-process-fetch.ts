import type { Hono } from 'hono'
import type { AppEnv } from './internals'

/** Base URL that works with the in-process `fetch`. */
export const IN_PROCESS_BASE_URL = 'http://emulator.local/rest/v2'

/** A fetch-compatible function answering from the app, with no network; relative URLs resolve on the base's origin. @internal */
export function createInProcessFetch(
  app: Hono<AppEnv>,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return (input, init) => {
    let request: Request
    try {
      request =
        input instanceof Request
          ? init
            ? new Request(input, init)
            : input
          : new Request(new URL(String(input), 'http://emulator.local'), init)
    } catch (error) {
      return Promise.reject(error)
    }
    return Promise.resolve(app.fetch(request, {}))
  }
}
