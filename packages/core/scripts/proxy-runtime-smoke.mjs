// Runs core's conversation proxy (the built `dist/proxy.js`, unchanged) under Bun (`Bun.serve`) or Deno
// (`Deno.serve`) in front of an upstream served by the same runtime, and checks a forwarded call and the
// refusals. Node is covered by vitest (src/proxy/*.test.ts). Usage, after `pnpm --filter @uc-conversation/core build`:
//   bun packages/core/scripts/proxy-runtime-smoke.mjs
//   deno run --allow-net --allow-read --allow-env packages/core/scripts/proxy-runtime-smoke.mjs
import { OPERATIONS } from '../dist/operations.js'
import { CLIENT_HEADER, createConversationProxy } from '../dist/proxy.js'

const runtime = globalThis.Bun
  ? `bun ${Bun.version}`
  : globalThis.Deno
    ? `deno ${Deno.version.deno}`
    : undefined
if (!runtime) throw new Error('run this with bun or deno (Node is covered by vitest)')

/** Serves `handler` on 127.0.0.1 with the runtime's own server. */
async function serve(handler) {
  if (globalThis.Bun) {
    const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: handler })
    return { url: `http://127.0.0.1:${server.port}`, stop: async () => server.stop(true) }
  }
  let listening
  const ready = new Promise((resolve) => (listening = resolve))
  const server = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: listening }, handler)
  await ready
  return { url: `http://127.0.0.1:${server.addr.port}`, stop: () => server.shutdown() }
}

const KEY = 'merchant-simple-key-0123456789abcdef'
const seen = []
const upstream = await serve(async (request) => {
  seen.push({
    method: request.method,
    path: new URL(request.url).pathname,
    key: request.headers.get('x-ultracart-simple-key'),
    cookie: request.headers.get('cookie'),
    body: await request.text(),
  })
  return Response.json({ success: true, conversations: [] })
})

const upstreamUrl = `${upstream.url}/rest/v2`
const handler = (options = {}) =>
  createConversationProxy({
    operations: OPERATIONS,
    authorize: ({ request }) => request.headers.get('x-test-session') === 'ok',
    authenticate: (request) => request.headers.get('x-test-session') === 'ok',
    simpleKey: KEY,
    baseUrl: upstreamUrl,
    maxBodyBytes: 1000,
    ...options,
  })
const current = handler()
const app = await serve((request) => current(request))

const results = []
const check = (name, ok, detail = '') => {
  results.push({ name, ok })
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `  (${detail})` : ''}`)
}
const call = (path, init = {}) =>
  fetch(`${app.url}/rest/v2${path}`, {
    ...init,
    headers: { 'x-test-session': 'ok', [CLIENT_HEADER]: '1', ...init.headers },
  })

const forwarded = await call('/conversation/conversations', {
  headers: { 'x-ultracart-simple-key': 'from-the-browser', cookie: 'session=abc' },
})
check(
  'forwards an operation with the key added, the browser’s key and cookie dropped',
  forwarded.status === 200 && seen.at(-1)?.key === KEY && seen.at(-1)?.cookie === null,
  `status ${forwarded.status}`,
)
const json = { 'content-type': 'application/json' }
const posted = await call('/conversation/conversations/search', {
  method: 'POST',
  body: '{"text":"x"}',
  headers: json,
})
check('forwards a body', posted.status === 200 && seen.at(-1)?.body === '{"text":"x"}')

const before = seen.length
const envelope = async (response, status, code) => {
  const body = await response.json().catch(() => ({}))
  return (
    response.status === status && body?.error?.error_code === code && !!response.headers.get('uc-rest-error')
  )
}
check('404 for another API', await envelope(await call('/order/orders'), 404, 'proxy_unknown_operation'))
check(
  '404 for an encoded slash in a parameter',
  await envelope(
    await call('/conversation/conversations/a%2F..%2Fb/messages/0'),
    404,
    'proxy_unknown_operation',
  ),
)
check(
  '405 for a wrong method',
  await envelope(
    await call('/conversation/conversations', { method: 'DELETE' }),
    405,
    'proxy_method_not_allowed',
  ),
)
check(
  '401 without the session',
  await envelope(
    await fetch(`${app.url}/rest/v2/conversation/conversations`, { headers: { [CLIENT_HEADER]: '1' } }),
    401,
    'proxy_unauthorized',
  ),
)
check(
  '403 for a cross-site request',
  await envelope(
    await call('/conversation/conversations', { headers: { 'sec-fetch-site': 'cross-site' } }),
    403,
    'proxy_cross_site',
  ),
)
check(
  '403 without the client header (a form, an image)',
  await envelope(
    await fetch(`${app.url}/rest/v2/conversation/conversations`, { headers: { 'x-test-session': 'ok' } }),
    403,
    'proxy_cross_site',
  ),
)
check(
  '413 for a body over the limit',
  await envelope(
    await call('/conversation/conversations/search', {
      method: 'POST',
      body: 'x'.repeat(5000),
      headers: json,
    }),
    413,
    'proxy_body_too_large',
  ),
)
check('no refusal reached the upstream', seen.length === before)

await upstream.stop()
const refused = await call('/conversation/conversations')
const text = await refused.text()
const restError = refused.headers.get('uc-rest-error') ?? ''
check(
  'upstream down: 502 in the envelope naming neither the upstream nor the key',
  refused.status === 502 &&
    ![text, restError].some((t) => t.includes(KEY) || t.includes(new URL(upstream.url).port)),
  restError,
)

await app.stop()
const failed = results.filter((r) => !r.ok).length
console.log(`${runtime}: ${results.length - failed} passed, ${failed} failed`)
if (failed) (globalThis.Deno ? Deno.exit : process.exit)(1)
