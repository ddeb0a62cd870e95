import type { ConversationMessage } from '@uc-conversation/core'
import type { UseConversationMessagesResult } from '@uc-conversation/react-query'
import { Fragment, useLayoutEffect, useRef } from 'react'
import { dayLabel } from '../format'
import { MessageRow } from './MessageRow'

interface Props {
  uuid: string
  title: string
  me: string | undefined
  live: UseConversationMessagesResult
  loading: boolean
}

const dayOf = (m: ConversationMessage) => (m.message_dts ? new Date(m.message_dts).toDateString() : '')

/**
 * The messages as a live log with a separator per day. Screen readers hear each new message once: rows keep
 * their key from pending to sent (the `client_message_id` of my own), and only additions are announced, not a
 * delivery status changing.
 */
export function MessageLog({ uuid, title, me, live, loading }: Props) {
  const messages = live.messages
  const log = useRef<HTMLDivElement>(null)
  const atBottom = useRef(true)
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the number of messages changes
  useLayoutEffect(() => {
    const el = log.current
    if (el && atBottom.current) el.scrollTop = el.scrollHeight
  }, [messages.length, uuid])
  const now = Date.now()
  return (
    <div
      className="messages"
      ref={log}
      role="log"
      aria-label={`Messages with ${title}`}
      aria-relevant="additions"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls; keyboard users need to reach it
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40
      }}
    >
      {loading ? <p className="muted">Loading messages…</p> : null}
      {messages.map((m, i) => (
        <Fragment key={m.client_message_id ?? m.conversation_message_uuid}>
          {i === 0 || dayOf(messages[i - 1]!) !== dayOf(m) ? (
            <p className="day-separator">
              <span>{dayLabel(m.message_dts, now)}</span>
            </p>
          ) : null}
          <MessageRow
            uuid={uuid}
            message={m}
            own={m.author_conversation_participant_arn === me || !m.conversation_message_uuid}
            status={live.statusOf(m)}
          />
        </Fragment>
      ))}
    </div>
  )
}
