import { signIn } from '../../auth'

export const dynamic = 'force-dynamic'

/** A path of this site only: never another origin (`//host`, `/\\host`) to send the agent to after sign-in. */
const localPath = (value: string | undefined): string => {
  const site = process.env.AUTH_URL ? new URL(process.env.AUTH_URL).origin : 'http://site.invalid'
  if (!value) return '/'
  try {
    const url = new URL(value, site)
    return url.origin === site ? `${url.pathname}${url.search}` : '/'
  } catch {
    return '/'
  }
}

const PROBLEMS: Record<string, string> = {
  AccessDenied: 'Access was denied at UltraCart.',
  OAuthCallbackError: 'UltraCart did not complete the sign-in. Try again.',
  Configuration: 'Sign-in is not configured on this server.',
}

/** Agents sign in at UltraCart (OAuth 2); each then acts as themselves. */
export default async function SignIn({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>
}) {
  const { callbackUrl, error } = await searchParams
  const redirectTo = localPath(callbackUrl)
  return (
    <main className="sign-in">
      <h1>Agent console</h1>
      <p>Sign in with your UltraCart user: you chat as yourself, with your own permissions.</p>
      {error ? <p role="alert">{PROBLEMS[error] ?? 'Signing in failed. Try again.'}</p> : null}
      <form
        action={async () => {
          'use server'
          await signIn('ultracart', { redirectTo })
        }}
      >
        <button type="submit">Sign in with UltraCart</button>
      </form>
    </main>
  )
}
