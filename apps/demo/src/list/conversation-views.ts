import type { ConversationSummary } from '@uc-conversation/core'
import { isActiveMember } from '../format'

export type ConversationView = 'mine' | 'waiting' | 'open' | 'closed'

export const VIEWS: { id: ConversationView; label: string }[] = [
  { id: 'mine', label: 'Mine' },
  { id: 'waiting', label: 'Waiting' },
  { id: 'open', label: 'All open' },
  { id: 'closed', label: 'Closed' },
]

/**
 * Which views a conversation is in: `mine` (open, I am in it), `waiting` (open, no agent in it), `open` (every
 * open one), `closed`. `agents`: every agent's participant ARN the queues list.
 */
export function inView(
  view: ConversationView,
  c: ConversationSummary,
  me: string | undefined,
  agents: ReadonlySet<string>,
): boolean {
  switch (view) {
    case 'closed':
      return c.closed === true
    case 'open':
      return !c.closed
    case 'mine':
      return !c.closed && isActiveMember(c, me)
    case 'waiting':
      return (
        !c.closed &&
        !(c.participants ?? []).some(
          (p) =>
            (agents.has(p.conversation_participant_arn ?? '') || p.conversation_participant_arn === me) &&
            p.status !== 'left' &&
            !p.left_dts,
        )
      )
  }
}
