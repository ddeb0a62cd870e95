import type { AgentStatus, ConversationSummary, ConversationWebchatQueueStatus } from '@uc-conversation/core'
import { useAgentSocket, useJoinConversation, useUpdateAgentStatus } from '@uc-conversation/react-query'
import { useState } from 'react'
import { formatWait, initials } from '../format'
import { useNow } from '../use-now'
import { userMessage } from '../user-message'

interface Props {
  queue: ConversationWebchatQueueStatus
  conversations: readonly ConversationSummary[]
  onOpen: (uuid: string) => void
}

/** One queue: my availability in it, its counts, the customers waiting (join in one click) and its agents. */
export function QueueCard({ queue: q, conversations, onOpen }: Props) {
  const now = useNow()
  const join = useJoinConversation()
  const setStatus = useUpdateAgentStatus()
  const me = useAgentSocket().agent?.conversation_participant_arn
  const [joining, setJoining] = useState<string | undefined>(undefined)
  const mine = q.agents?.find((a) => a.conversation_participant_arn === me)?.agent_status
  const conversationOf = (customerArn: string | undefined) =>
    conversations.find(
      (c) => !c.closed && c.participants?.some((p) => p.conversation_participant_arn === customerArn),
    )?.conversation_uuid

  return (
    <article className="queue" aria-labelledby={`queue-${q.queue_name}`}>
      <div className="queue-head">
        <h3 id={`queue-${q.queue_name}`}>{q.queue_name}</h3>
        <label className="small-text">
          <span className="visually-hidden">My status in {q.queue_name}</span>
          <select
            value={mine ?? ''}
            data-testid={`my-status-${q.queue_name}`}
            disabled={!mine || setStatus.isPending}
            onChange={(e) =>
              q.queue_name &&
              setStatus.mutate({ queueName: q.queue_name, agentStatus: e.target.value as AgentStatus })
            }
          >
            {mine ? null : <option value="">–</option>}
            <option value="available">Available here</option>
            <option value="busy">Busy here</option>
            <option value="unavailable">Away here</option>
          </select>
        </label>
      </div>
      {setStatus.error || join.error ? (
        <p role="alert" className="inline-error">
          {userMessage(setStatus.error ?? join.error)}
        </p>
      ) : null}
      <dl className="stats">
        <div>
          <dt>Waiting</dt>
          <dd data-testid={`waiting-${q.queue_name}`}>{q.customer_waiting_count ?? 0}</dd>
        </div>
        <div>
          <dt>Active</dt>
          <dd>{q.customer_chat_count ?? 0}</dd>
        </div>
        <div>
          <dt>Agents</dt>
          <dd>
            {q.agent_available_count ?? 0}/{q.agent_count ?? 0}
          </dd>
        </div>
      </dl>
      {q.queue_entries?.length ? (
        <ul className="waiting" aria-label={`Waiting in ${q.queue_name}`}>
          {q.queue_entries.map((e) => {
            const uuid = conversationOf(e.conversation_participant_arn)
            const waited = now - Date.parse(e.join_dts ?? '')
            return (
              <li
                key={e.conversation_participant_arn}
                className="waiting-entry"
                data-testid="waiting-customer"
              >
                <div className="waiting-main">
                  <strong>{e.conversation_participant_name}</strong>
                  <span className={`wait ${waited > 60_000 ? 'wait-long' : ''}`}>
                    waiting {Number.isFinite(waited) ? formatWait(waited) : '–'}
                  </span>
                  {e.question ? <q className="question">{e.question}</q> : null}
                </div>
                <button
                  type="button"
                  className="primary small"
                  disabled={!uuid || (join.isPending && joining === uuid)}
                  aria-label={`Join ${e.conversation_participant_name}`}
                  onClick={() => {
                    if (!uuid) return
                    setJoining(uuid)
                    join.mutate(uuid, { onSuccess: () => onOpen(uuid) })
                  }}
                >
                  {join.isPending && joining === uuid ? 'Joining…' : 'Join'}
                </button>
              </li>
            )
          })}
        </ul>
      ) : (
        <p className="muted small-text">Nobody waiting.</p>
      )}
      <ul className="agents" aria-label={`Agents in ${q.queue_name}`}>
        {q.agents?.map((a) => (
          <li key={a.conversation_participant_arn} className={`agent agent-${a.agent_status}`}>
            <span className="avatar" aria-hidden="true">
              {initials(a.conversation_participant_name)}
            </span>
            <span>
              {a.conversation_participant_name}
              {a.conversation_participant_arn === me ? ' (you)' : ''}
            </span>
            <span className="agent-status">{a.agent_status}</span>
          </li>
        ))}
      </ul>
    </article>
  )
}
