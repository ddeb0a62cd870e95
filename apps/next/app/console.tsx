'use client'
import { type ConversationSummary, isConversationError, webchatQueueUuids } from '@uc-conversation/core'
import {
  useConversationMessages,
  useConversations,
  useJoinConversation,
  useSendMessage,
  useStartConversation,
  useWebchatQueueStatuses,
} from '@uc-conversation/react-query'
import { type FormEvent, useMemo, useState } from 'react'
import { LIST_FILTERS } from '../lib/queries'

const problemOf = (error: unknown) =>
  isConversationError(error) && error.kind === 'http' ? (error.userMessage ?? error.message) : String(error)

/** Whether the agent `me` takes part in the conversation now (joined and not left). */
const hasJoined = (conversation: ConversationSummary | undefined, me: string) =>
  !!conversation?.participants?.some(
    (p) => p.conversation_participant_arn === me && p.status !== 'left' && !p.left_dts,
  )

/**
 * A small agent console: the list, one conversation's messages, and the queues to start a conversation in. `me`
 * is the signed-in agent's participant ARN.
 */
export function Console({
  initialConversation,
  me,
}: {
  initialConversation: string | undefined
  me: string
}) {
  const [selected, setSelected] = useState(initialConversation)
  const list = useConversations(LIST_FILTERS)
  const summary = list.conversations.find((c) => c.conversation_uuid === selected)
  return (
    <main>
      <section aria-label="Conversations">
        <h2>
          Conversations{' '}
          <span className="freshness" data-testid="list-freshness">
            {list.freshness}
          </span>
        </h2>
        <ul>
          {list.conversations.map((c) => (
            <li key={c.conversation_uuid}>
              <button
                type="button"
                className="conversation"
                aria-current={c.conversation_uuid === selected}
                onClick={() => setSelected(c.conversation_uuid)}
              >
                {c.participants?.map((p) => p.conversation_participant_name).join(', ') ||
                  c.conversation_uuid}
                <div className="muted">{c.last_conversation_message_body}</div>
              </button>
            </li>
          ))}
        </ul>
      </section>
      {selected ? (
        // Unknown until the list has the conversation (just started): then the server decides.
        <Messages key={selected} conversationUuid={selected} joined={!summary || hasJoined(summary, me)} />
      ) : (
        <section>No conversation yet.</section>
      )}
      <Queues onStarted={setSelected} />
    </main>
  )
}

/**
 * One conversation's messages and the composer. UltraCart delivers messages only from agents who joined the
 * conversation (others are dropped without an answer), so a send before joining is held back with the reason
 * and a Join button instead of vanishing.
 */
function Messages({ conversationUuid, joined }: { conversationUuid: string; joined: boolean }) {
  const messages = useConversationMessages(conversationUuid)
  const { send } = useSendMessage(conversationUuid)
  const join = useJoinConversation()
  const [draft, setDraft] = useState('')
  const [notJoined, setNotJoined] = useState(false)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!draft.trim()) return
    if (!joined) return setNotJoined(true)
    setNotJoined(false)
    send(draft)
    setDraft('')
  }
  return (
    <section aria-label="Messages">
      <h2>
        Messages{' '}
        <span className="freshness" data-testid="messages-freshness">
          {messages.freshness}
        </span>
      </h2>
      <ul data-testid="messages">
        {messages.messages.map((m) => (
          <li key={m.client_message_id ?? m.conversation_message_uuid}>
            {m.body} <span className="muted">{messages.statusOf(m)}</span>
          </li>
        ))}
      </ul>
      {notJoined && !joined ? (
        <div role="alert" className="not-joined">
          <p>Not sent: you have not joined this conversation, so the customer would not get your message.</p>
          <button type="button" disabled={join.isPending} onClick={() => join.mutate(conversationUuid)}>
            {join.isPending ? 'Joining…' : 'Join conversation'}
          </button>
          {join.error ? <p>{problemOf(join.error)}</p> : null}
        </div>
      ) : null}
      <form onSubmit={submit} className="composer">
        <input aria-label="Message" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit">Send</button>
      </form>
    </section>
  )
}

/**
 * Starting a conversation needs the queue's `conversation_webchat_queue_uuid`, which a queue status shows only
 * through its waiting customers (`webchatQueueUuids`): a queue nobody waits in cannot be chosen yet.
 */
function Queues({ onStarted }: { onStarted: (uuid: string) => void }) {
  const { statuses } = useWebchatQueueStatuses()
  const uuids = useMemo(() => webchatQueueUuids(statuses), [statuses])
  const start = useStartConversation()
  return (
    <section aria-label="Queues">
      <h2>Queues</h2>
      <ul>
        {statuses.map((q) => {
          const uuid = q.queue_name ? uuids.get(q.queue_name) : undefined
          return (
            <li key={q.queue_name}>
              {q.queue_name} <span className="muted">{q.customer_waiting_count ?? 0} waiting</span>{' '}
              <button
                type="button"
                disabled={!uuid || start.isPending}
                title={uuid ? undefined : 'Its uuid shows once a customer waits in it'}
                onClick={() =>
                  uuid &&
                  start.mutate(
                    { conversation_webchat_queue_uuid: uuid },
                    { onSuccess: (c) => c?.conversation_uuid && onStarted(c.conversation_uuid) },
                  )
                }
              >
                Start in {q.queue_name}
              </button>
            </li>
          )
        })}
      </ul>
      {start.error ? <p role="alert">{problemOf(start.error)}</p> : null}
    </section>
  )
}
