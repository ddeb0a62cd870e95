const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )

/** Headers of every page the authorize endpoint serves: not framed (clickjacking), no scripts, not cached. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
} as const

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}
button{display:block;width:100%;margin:.5rem 0;padding:.75rem;font:inherit;cursor:pointer}
.muted{color:#555;font-size:.875rem}</style></head>
<body>${body}</body></html>`

/**
 * The emulator's stand-in for UltraCart's sign-in and consent: which agent (user) signs in, and whether the
 * application gets the scopes it asked for. No password: the emulator runs locally.
 */
export function authorizePage(request: {
  clientId: string
  scopes: readonly string[]
  fields: Readonly<Record<string, string>>
  agents: readonly { arn: string; name: string }[]
}): string {
  const hidden = Object.entries(request.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('')
  const agents = request.agents
    .map(
      (a) =>
        `<button type="submit" name="agent" value="${escapeHtml(a.arn)}">Sign in as ${escapeHtml(a.name)}</button>`,
    )
    .join('')
  return page(
    'Sign in · UltraCart emulator',
    `<h1>Sign in</h1>
<p><strong>${escapeHtml(request.clientId)}</strong> asks to act as you with: ${request.scopes.map(escape).join(', ')}.</p>
<form method="post">${hidden}${agents}<button type="submit" name="deny" value="1">Deny</button></form>
<p class="muted">UltraCart emulator: pick the agent to sign in as.</p>`,
  )
}

/** A refusal that cannot go back to the client (unknown client or redirect URI): shown, never redirected. */
export function authorizeErrorPage(message: string): string {
  return page('Sign-in error · UltraCart emulator', `<h1>Sign-in error</h1><p>${escapeHtml(message)}</p>`)
}
