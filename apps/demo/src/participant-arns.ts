/**
 * What "Start conversation" accepts, checked before anything is sent. UltraCart publishes neither format, so
 * these follow the emulator (an **assumption**): a phone number is what its SMS path accepts (7 to 15 digits,
 * optionally with a leading +; spaces, dots, dashes and brackets are dropped first), and a participant ARN has
 * the shape `arn:<partition>:<service>:…` with no spaces.
 */
export const PARTICIPANT_RULE =
  'Each entry: a phone number of 7–15 digits (e.g. +15551234567) or a participant ARN (arn:ultracart:…), separated by commas.'

const PHONE = /^\+?[0-9]{7,15}$/
const ARN = /^arn:[a-z0-9-]+:[a-z0-9-]+(:[^\s:,]+)+$/i

/** The entries of the field, normalized, or the first one that breaks {@link PARTICIPANT_RULE}. */
export function parseParticipants(
  text: string,
): { ok: true; arns: string[] } | { ok: false; problem: string } {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (!entries.length) return { ok: false, problem: 'Enter a phone number or a participant ARN.' }
  const arns: string[] = []
  for (const entry of entries) {
    if (/^arn:/i.test(entry)) {
      if (!ARN.test(entry)) return { ok: false, problem: `“${entry}” is not a participant ARN.` }
      arns.push(entry)
      continue
    }
    const phone = entry.replace(/[\s.()-]/g, '')
    if (!PHONE.test(phone)) return { ok: false, problem: `“${entry}” is neither a phone number nor an ARN.` }
    arns.push(phone)
  }
  return { ok: true, arns }
}
