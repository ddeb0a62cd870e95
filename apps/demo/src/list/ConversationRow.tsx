import type { ConversationSummary } from '@uc-conversation/core'
import { conversationTitle, formatWait, relativeTime, unreadCount } from '../format'

interface Props {
  conversation: ConversationSummary
  me: string | undefined
  selected: boolean
  now: number
  onSelect: (uuid: string) => void
}

/** One conversation in the list: who, when, the last message, unread count and how long the customer waits. */
export function ConversationRow({ conversation: c, me, selected, now, onSelect }: Props) {
  // A closed conversation has no unread state (nothing more can be answered there).
  const unread = selected ? 0 : unreadCount(c, me)
  const waitingSince = c.closed ? undefined : Date.parse(c.customer_first_message_unresponded_to_dts ?? '')
  // `now` ticks every few seconds: a message newer than the last tick has waited 0 s, not a negative time.
  const waited = waitingSince && Number.isFinite(waitingSince) ? Math.max(0, now - waitingSince) : undefined
  const last = c.last_message_dts ?? c.start_dts
  return (
    <button
      type="button"
      className={`conversation ${c.closed ? 'closed' : ''}`}
      aria-current={selected ? 'true' : undefined}
      onClick={() => onSelect(c.conversation_uuid!)}
      data-testid="conversation-item"
      data-uuid={c.conversation_uuid}
      data-unread={unread ? 'true' : 'false'}
    >
      <span className="conversation-top">
        <span className="conversation-title">{conversationTitle(c, me)}</span>
        <time dateTime={last} title={last ? new Date(last).toLocaleString() : ''}>
          {relativeTime(last, now)}
        </time>
      </span>
      <span className="conversation-bottom">
        <span className="preview">
          {c.medium === 'sms' ? <span className="tag">SMS</span> : null}
          {c.closed ? <span className="tag">Closed</span> : null}
          {c.last_conversation_message_body ?? ''}
        </span>
        {unread ? (
          <span
            className="badge"
            role="img"
            aria-label={`${unread} unread ${unread === 1 ? 'message' : 'messages'}`}
            data-testid="unread-count"
          >
            {unread}
          </span>
        ) : null}
      </span>
      {waited !== undefined ? (
        <span className={`unanswered ${waited > 120_000 ? 'wait-long' : ''}`} data-testid="unanswered">
          Customer waiting {formatWait(waited)} for a reply
        </span>
      ) : null}
    </button>
  )
}
