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

type Participant = NonNullable<ConversationSummary['participants']>[number]

/** My participant entry in a conversation, if I joined it and have not left. */
export function activeMember(
  c: ConversationSummary | undefined,
  me: string | undefined,
): Participant | undefined {
  const p = c?.participants?.find((p) => p.conversation_participant_arn === me)
  return p && p.status !== 'left' && !p.left_dts ? p : undefined
}
export const isActiveMember = (c: ConversationSummary | undefined, me: string | undefined) =>
  !!me && !!activeMember(c, me)

/**
 * Unread messages for me: the summary's flag says whether there are any (the live list keeps it right after a
 * read); my participant entry says how many.
 */
export function unreadCount(c: ConversationSummary, me: string | undefined): number {
  if (c.unread_messages !== true || c.closed) return 0
  const mine = c.participants?.find((p) => p.conversation_participant_arn === me)?.unread_messages
  return Math.max(1, mine ?? 1)
}

/** The customer of a conversation: the first participant who is neither me nor one of the agents. */
export function customerOf(
  c: ConversationSummary | undefined,
  me: string | undefined,
  agents: ReadonlySet<string>,
): Participant | undefined {
  return c?.participants?.find(
    (p) => p.conversation_participant_arn !== me && !agents.has(p.conversation_participant_arn ?? ''),
  )
}

/** `just now`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function relativeTime(dts: string | undefined, now: number): string {
  const at = Date.parse(dts ?? '')
  if (!Number.isFinite(at)) return ''
  const s = Math.max(0, Math.round((now - at) / 1000))
  if (s < 45) return 'just now'
  if (s < 3600) return `${Math.round(s / 60)} min ago`
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`
  return `${Math.round(s / 86_400)} d ago`
}

/** `Today`, `Yesterday` or the date, for a separator between days of messages. */
export function dayLabel(dts: string | undefined, now: number): string {
  const at = new Date(dts ?? '')
  if (Number.isNaN(at.getTime())) return ''
  const day = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
  const diff = Math.round((day(new Date(now)) - day(at)) / 86_400_000)
  if (diff === 0) return 'Today'
  if (diff === 1) return 'Yesterday'
  return at.toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
}
