import type { ConversationSummary } from '@uc-conversation/core'
import {
  useConversation,
  useConversationMessages,
  useJoinConversation,
  useMarkRead,
  useTyping,
} from '@uc-conversation/react-query'
import { useEffect, useRef } from 'react'
import { usePageVisible } from '../attention/use-page-visible'
import { Composer } from '../composer/Composer'
import { conversationTitle, formatTime, isActiveMember } from '../format'
import { userMessage } from '../user-message'
import { LeaveButton } from './LeaveButton'
import { MessageLog } from './MessageLog'

interface Props {
  uuid: string
  summary: ConversationSummary | undefined
  me: string | undefined
  /** Where focus goes when this conversation opens: the composer right after joining, else the heading. */
  focus?: 'heading' | 'composer'
}

/** One conversation: heading with Join or Leave, the message log, who is typing, and the composer. */
export function OpenConversation({ uuid, summary, me, focus = 'heading' }: Props) {
  const heading = useRef<HTMLHeadingElement>(null)
  const detail = useConversation(uuid)
  // The live list summary is newer than the one-off detail load (participants change on join/leave).
  const conversation = summary ?? detail.data
  // Closed only moves forward: if either copy says so, nothing can be joined, left or written any more.
  const closed = summary?.closed === true || detail.data?.closed === true
  const live = useConversationMessages(uuid)
  const { typists, setTyping } = useTyping(uuid)
  const join = useJoinConversation()
  const composer = useRef<HTMLTextAreaElement>(null)
  const joined = isActiveMember(conversation, me)
  const last = [...live.messages].reverse().find((m) => m.conversation_message_uuid)
  // Read means seen: not while the tab is in the background (the agent is alerted instead, and the message
  // counts as unread until they look).
  const visible = usePageVisible()
  useMarkRead(uuid, last, joined && !closed && visible && last?.author_conversation_participant_arn !== me)

  // Focus management: the heading when another conversation opens; the composer once it shows after a join.
  const wantComposer = useRef(false)
  useEffect(() => {
    wantComposer.current = focus === 'composer'
    if (!wantComposer.current) heading.current?.focus()
  }, [focus])
  useEffect(() => {
    if (joined && wantComposer.current) {
      wantComposer.current = false
      composer.current?.focus()
    }
  }, [joined])

  const title = conversationTitle(conversation, me)
  return (
    <section className="panel chat" aria-labelledby="chat-heading">
      <header className="chat-head">
        <div>
          <h2 id="chat-heading" ref={heading} tabIndex={-1}>
            {title}
          </h2>
          <p className="muted small-text">
            {conversation?.medium === 'sms' ? 'SMS' : 'Web chat'}
            {closed ? ' · closed (read-only)' : ''}
            {live.data ? ` · ${live.data.freshness}` : ''}
            {live.warning ? ' (waiting for the hourly request budget: newer messages may be missing)' : ''}
          </p>
        </div>
        {closed ? null : joined ? (
          <LeaveButton uuid={uuid} customer={title} onLeft={() => heading.current?.focus()} />
        ) : (
          <button
            type="button"
            className="primary small"
            disabled={join.isPending}
            onClick={() => {
              wantComposer.current = true
              join.mutate(uuid)
            }}
          >
            {join.isPending ? 'Joining…' : 'Join'}
          </button>
        )}
      </header>
      {join.error ? (
        <p role="alert" className="inline-error">
          {userMessage(join.error)}
        </p>
      ) : null}
      {live.error ? (
        <p role="alert" className="inline-error">
          {userMessage(live.error)}
        </p>
      ) : null}
      {live.warnings.map((w) => (
        // The screen says when the API could not return everything, instead of showing a gap as complete.
        <p role="status" className="inline-error" data-testid="messages-warning" key={`${w.kind}:${w.epoch}`}>
          {w.kind === 'epoch-overflow'
            ? `Some messages sent at ${formatTime(new Date(w.epoch).toISOString())} may be missing: more than ${w.limit} share that millisecond, which the API cannot page through.`
            : 'The server did not page these messages as expected: some may be missing.'}
        </p>
      ))}
      <MessageLog uuid={uuid} title={title} me={me} live={live} loading={!live.data && !live.error} />
      <p className="typing" aria-live="polite">
        {typists.length
          ? `${typists.map((t) => t.name ?? 'Someone').join(', ')} ${typists.length > 1 ? 'are' : 'is'} typing…`
          : ''}
      </p>
      {joined && !closed ? (
        <Composer uuid={uuid} me={me} textarea={composer} setTyping={setTyping} />
      ) : (
        <p className="composer-note muted" data-testid="composer-note">
          {closed ? 'This conversation is closed.' : 'Join the conversation to reply.'}
        </p>
      )}
    </section>
  )
}
