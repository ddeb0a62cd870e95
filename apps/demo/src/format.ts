import type { ConversationSummary } from '@uc-conversation/core'

export const formatTime = (dts: string | undefined) =>
  dts ? new Date(dts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : ''

export function formatWait(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  return m < 60 ? `${m}m ${s % 60}s` : `${Math.floor(m / 60)}h ${m % 60}m`
}

/** The people in a conversation other than me, for a title. */
export function conversationTitle(c: ConversationSummary | undefined, me: string | undefined): string {
  const names = (c?.participants ?? [])
    .filter((p) => p.conversation_participant_arn !== me)
    .map((p) => p.conversation_participant_name)
    .filter(Boolean)
  return names.join(', ') || 'Conversation'
}

export const isImageUrl = (url: string) => /\.(png|jpe?g|gif|webp|avif|svg)(\?|$)/i.test(url)

export const initials = (name: string | undefined) =>
  (name ?? '?')
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('')

/** A byte count for people: `512 B`, `3.4 KB`, `10 MB` (powers of 1024). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`
}
