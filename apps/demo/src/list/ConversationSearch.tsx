import { useConversationAutocomplete, useConversationSearch } from '@uc-conversation/react-query'
import { useState } from 'react'
import { conversationTitle, relativeTime } from '../format'
import { userMessage } from '../user-message'
import { useDebounced } from './use-debounced'

interface Props {
  me: string | undefined
  onOpen: (uuid: string) => void
}

/**
 * Searches every conversation (`getConversationsSearch`: text, or an email), with email suggestions from
 * `getConversationsAutocomplete`; a result opens its conversation.
 */
export function ConversationSearch({ me, onOpen }: Props) {
  const [text, setText] = useState('')
  const term = useDebounced(text.trim())
  const isEmail = term.includes('@')
  const search = useConversationSearch(
    {
      ...(isEmail ? { email_filter: term } : { text_search: term }),
      order_by_newest: true,
      range_begin: 0,
      range_end: 20,
    },
    { enabled: term.length >= 2 },
  )
  const suggestions = useConversationAutocomplete({ field: 'email', term }, { enabled: term.length >= 2 })
  const results = term.length >= 2 ? search.data?.records : undefined
  return (
    <div className="search">
      <label htmlFor="conversation-search" className="visually-hidden">
        Search conversations
      </label>
      <input
        id="conversation-search"
        type="search"
        list="conversation-search-suggestions"
        placeholder="Search conversations (text or email)"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <datalist id="conversation-search-suggestions">
        {suggestions.data?.results?.map((r) => (
          <option key={r.value} value={r.value} />
        ))}
      </datalist>
      {search.error ? (
        <p role="alert" className="inline-error">
          {userMessage(search.error)}
        </p>
      ) : null}
      {results ? (
        <section aria-label="Search results" data-testid="search-results">
          <p role="status" className="small-text muted">
            {results.length
              ? `${search.data?.total ?? results.length} found for “${term}”`
              : `Nothing found for “${term}”.`}
          </p>
          <ul className="search-results">
            {results.map((c) => (
              <li key={c.conversation_uuid}>
                <button
                  type="button"
                  className="conversation"
                  data-testid="search-result"
                  onClick={() => {
                    onOpen(c.conversation_uuid!)
                    setText('')
                  }}
                >
                  <span className="conversation-top">
                    <span className="conversation-title">{conversationTitle(c, me)}</span>
                    <span className="small-text muted">
                      {relativeTime(c.last_message_dts ?? c.start_dts, Date.now())}
                    </span>
                  </span>
                  <span className="preview">
                    {c.closed ? <span className="tag">Closed</span> : null}
                    {c.last_conversation_message_body ?? ''}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}
