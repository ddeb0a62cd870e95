/**
 * The saved-reply search the agent is typing, if any: a `/` at the start of the text or after a space, then a
 * short code (e.g. `Thanks! /ship`). While one is being typed the text is a search, not a reply: the composer
 * sends no typing preview of it.
 */
export function cannedTrigger(text: string): { query: string; start: number } | undefined {
  const match = /(^|\s)\/([\w-]*)$/.exec(text)
  if (!match) return undefined
  return { query: match[2]!, start: match.index + match[1]!.length }
}

/** The text with the trigger replaced by the saved reply. */
export function insertCanned(text: string, start: number, reply: string): string {
  return `${text.slice(0, start)}${reply}`
}
