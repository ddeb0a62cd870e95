import { DEFAULT_BASE_URL } from '@uc-conversation/core'

/**
 * Where the server reaches UltraCart and with what: `UC_SIMPLE_KEY` and `UC_BASE_URL` (scripts/start.mjs points
 * them at an emulator when no key is set). Read per request, not at import: `next build` runs without them.
 */
export function upstream(): { simpleKey: string; baseUrl: string } {
  const simpleKey = process.env.UC_SIMPLE_KEY
  if (!simpleKey) throw new Error('UC_SIMPLE_KEY is not set: start with `pnpm start` or set it')
  return { simpleKey, baseUrl: process.env.UC_BASE_URL || DEFAULT_BASE_URL }
}
