import { type NextRequest, NextResponse } from 'next/server'
import { isSession, newSession, SESSION_COOKIE } from './lib/session'

/** Gives every page visitor a signed session (the example has no sign-in: put yours here). */
export async function proxy(request: NextRequest) {
  const response = NextResponse.next()
  if (!(await isSession(request.cookies.get(SESSION_COOKIE)?.value)))
    response.cookies.set(SESSION_COOKIE, await newSession(), {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
    })
  return response
}

// Pages only: the API route checks the session, it never hands one out.
export const config = { matcher: ['/((?!rest/|_next/|icon.svg).*)'] }
