import type { ConversationMedium, ConversationSummary } from '@uc-conversation/core'
import type { Freshness, LiveWarning } from '@uc-conversation/rxjs'
import { type KeyboardEvent, useEffect, useRef, useState } from 'react'
import { ConversationRow } from '../list/ConversationRow'
import { ConversationSearch } from '../list/ConversationSearch'
import { type ConversationView, inView, VIEWS } from '../list/conversation-views'
import { useNow } from '../use-now'
import { userMessage } from '../user-message'
import { CatchingUp } from './CatchingUp'

const PAGE = 25

interface Props {
  conversations: readonly ConversationSummary[] | undefined
  error: unknown
  /** The list's freshness (`useConversations`): it says when it is catching up. */
  freshness?: Freshness | undefined
  /** Why the list is behind, when it knows (`useConversations`). */
  warning?: LiveWarning | undefined
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
  view: ConversationView
  onView: (view: ConversationView) => void
  /** Every agent's participant ARN (who is not a customer). */
  agents: ReadonlySet<string>
}

export function ConversationList({
  conversations,
  error,
  freshness,
  warning,
  problem,
  medium,
  onMedium,
  selected,
  onSelect,
  me,
  hasMore,
  onLoadMore,
  view,
  onView,
  agents,
}: Props) {
  const now = useNow(5_000)
  const more = useRef<() => void>(() => {})
  const [shown, setShown] = useState(PAGE)
  const sentinel = useRef<HTMLLIElement>(null)
  const list = useRef<HTMLUListElement>(null)
  const shownInView = conversations?.filter((c) => inView(view, c, me, agents))
  const total = shownInView?.length ?? 0

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
      <ConversationSearch me={me} onOpen={onSelect} />
      <fieldset className="views">
        <legend className="visually-hidden">Views</legend>
        {VIEWS.map((v) => (
          <button
            key={v.id}
            type="button"
            className="view small"
            aria-pressed={view === v.id}
            data-testid={`view-${v.id}`}
            onClick={() => {
              setShown(PAGE)
              onView(v.id)
            }}
          >
            {v.label}{' '}
            <span className="view-count">
              {conversations?.filter((c) => inView(v.id, c, me, agents)).length ?? 0}
            </span>
          </button>
        ))}
      </fieldset>
      {error ? (
        <p role="alert" className="inline-error">
          {userMessage(error)}
        </p>
      ) : null}
      {conversations ? (
        <CatchingUp
          freshness={freshness}
          warning={warning}
          missing="the newest changes may be missing from this list."
          testId="conversations-behind"
        />
      ) : null}
      {!conversations && !error && problem ? (
        <p role="alert" className="inline-error" data-testid="conversations-problem">
          Conversations cannot be loaded yet (retrying): {problem}
        </p>
      ) : null}
      {!conversations && !error && !problem ? <p className="muted">Loading conversations…</p> : null}
      {conversations && !total ? (
        <p className="muted">{conversations.length ? 'Nothing in this view.' : 'No conversations yet.'}</p>
      ) : null}
      <ul className="conversation-list" ref={list} onKeyDown={onKeyDown}>
        {shownInView?.slice(0, shown).map((c) => (
          <li key={c.conversation_uuid}>
            <ConversationRow
              conversation={c}
              me={me}
              selected={c.conversation_uuid === selected}
              now={now}
              onSelect={onSelect}
            />
          </li>
        ))}
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
