import { useConversationSearch } from '@uc-conversation/react-query'
import { conversationTitle, formatTime } from '../format'
import { userMessage } from '../user-message'

interface Props {
  email: string | undefined
  current: string | undefined
  me: string | undefined
  onOpen: (uuid: string) => void
}

/** The customer's other conversations, found by their email (`getConversationsSearch`). */
export function EarlierConversations({ email, current, me, onOpen }: Props) {
  const search = useConversationSearch(
    { email_filter: email ?? '', order_by_newest: true, range_begin: 0, range_end: 10 },
    { enabled: !!email },
  )
  const earlier = (search.data?.records ?? []).filter((c) => c.conversation_uuid !== current)
  return (
    <section aria-labelledby="earlier-heading" data-testid="earlier-conversations">
      <h3 id="earlier-heading">Earlier conversations</h3>
      {!email ? <p className="muted small-text">No email to look them up by.</p> : null}
      {search.error ? (
        <p role="alert" className="inline-error">
          {userMessage(search.error)}
        </p>
      ) : null}
      {email && search.data && !earlier.length ? <p className="muted small-text">None.</p> : null}
      {earlier.length ? (
        <ul className="earlier">
          {earlier.map((c) => (
            <li key={c.conversation_uuid}>
              <button type="button" className="link" onClick={() => onOpen(c.conversation_uuid!)}>
                {formatTime(c.start_dts)} {new Date(c.start_dts ?? '').toLocaleDateString()} ·{' '}
                {c.last_conversation_message_body ?? conversationTitle(c, me)}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
