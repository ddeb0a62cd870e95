import type { ConversationMedium, ConversationSummary } from '@uc-conversation/core'
import { type KeyboardEvent, useEffect, useRef, useState } from 'react'
import { userMessage } from '../data'
import { conversationTitle, formatTime } from '../format'

const PAGE = 25

interface Props {
  conversations: readonly ConversationSummary[] | undefined
  error: unknown
  /** Why nothing is loaded yet, from the connection health (e.g. the server is unreachable), while retrying. */
  problem?: string
  medium: ConversationMedium | undefined
  onMedium: (medium: ConversationMedium | undefined) => void
  selected: string | undefined
  onSelect: (uuid: string) => void
  me: string | undefined
  /** More conversations exist on the server (older pages). */
  hasMore?: boolean
  /** Loads the next page from the server. */
  onLoadMore?: () => void
}

export function ConversationList({
  conversations,
  error,
  problem,
  medium,
  onMedium,
  selected,
  onSelect,
  me,
  hasMore,
  onLoadMore,
}: Props) {
  const more = useRef<() => void>(() => {})
  const [shown, setShown] = useState(PAGE)
  const sentinel = useRef<HTMLLIElement>(null)
  const list = useRef<HTMLUListElement>(null)
  const total = conversations?.length ?? 0

  // Infinite scroll: reveal the next page when the end of the list scrolls into view.
  useEffect(() => {
    const el = sentinel.current
    if (!el || typeof IntersectionObserver === 'undefined') return
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) more.current()
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  // Reveal the next page of what is loaded, and fetch older conversations when the end is reached.
  more.current = () => {
    setShown((n) => n + PAGE)
    if (shown + PAGE >= total && hasMore) onLoadMore?.()
  }

  // Arrow keys move between conversations.
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button.conversation') ?? [])]
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement)
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? buttons.length - 1
          : Math.min(buttons.length - 1, Math.max(0, i + (event.key === 'ArrowDown' ? 1 : -1)))
    buttons[next]?.focus()
    event.preventDefault()
  }

  return (
    <section className="panel conversations" aria-labelledby="conversations-heading">
      <div className="panel-head">
        <h2 id="conversations-heading">Conversations</h2>
        <label className="filter">
          <span className="visually-hidden">Medium</span>
          <select
            value={medium ?? ''}
            onChange={(e) => {
              setShown(PAGE)
              onMedium((e.target.value || undefined) as ConversationMedium | undefined)
            }}
          >
            <option value="">All media</option>
            <option value="websocket">Web chat</option>
            <option value="sms">SMS</option>
          </select>
        </label>
      </div>
      {error ? (
        <p role="alert" className="inline-error">
          {userMessage(error)}
        </p>
      ) : null}
      {!conversations && !error && problem ? (
        <p role="alert" className="inline-error" data-testid="conversations-problem">
          Conversations cannot be loaded yet (retrying): {problem}
        </p>
      ) : null}
      {!conversations && !error && !problem ? <p className="muted">Loading conversations…</p> : null}
      {conversations && !total ? <p className="muted">No conversations yet.</p> : null}
      <ul className="conversation-list" ref={list} onKeyDown={onKeyDown}>
        {conversations?.slice(0, shown).map((c) => {
          // A closed conversation has no unread state (nothing more can be answered there).
          const unread = c.unread_messages === true && !c.closed && c.conversation_uuid !== selected
          const title = conversationTitle(c, me)
          return (
            <li key={c.conversation_uuid}>
              <button
                type="button"
                className={`conversation ${c.closed ? 'closed' : ''}`}
                aria-current={c.conversation_uuid === selected ? 'true' : undefined}
                onClick={() => onSelect(c.conversation_uuid!)}
                data-testid="conversation-item"
                data-uuid={c.conversation_uuid}
                data-unread={unread ? 'true' : 'false'}
              >
                <span className="conversation-top">
                  <span className="conversation-title">{title}</span>
                  <time dateTime={c.last_message_dts}>{formatTime(c.last_message_dts ?? c.start_dts)}</time>
                </span>
                <span className="conversation-bottom">
                  <span className="preview">
                    {c.medium === 'sms' ? <span className="tag">SMS</span> : null}
                    {c.closed ? <span className="tag">Closed</span> : null}
                    {c.last_conversation_message_body ?? ''}
                  </span>
                  {unread ? (
                    <span className="badge" role="img" aria-label="Unread messages">
                      ●
                    </span>
                  ) : null}
                </span>
              </button>
            </li>
          )
        })}
        <li ref={sentinel} className="sentinel" aria-hidden={shown < total || hasMore ? undefined : true}>
          {shown < total || hasMore ? (
            <button type="button" className="link" onClick={() => more.current()}>
              Show more
            </button>
          ) : null}
        </li>
      </ul>
    </section>
  )
}
