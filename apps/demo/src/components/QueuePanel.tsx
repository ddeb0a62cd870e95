import type { ConversationSummary } from '@uc-conversation/core'
import { type FormEvent, useState } from 'react'
import {
  healthErrorText,
  useAgent,
  useJoin,
  useQueueStatuses,
  userMessage,
  useStartConversation,
} from '../data'
import { formatWait, initials } from '../format'
import { PARTICIPANT_RULE, parseParticipants } from '../participant-arns'
import { useHealth } from '../use-health'
import { useNow } from '../use-now'

interface Props {
  conversations: readonly ConversationSummary[]
  onOpen: (uuid: string) => void
}

export function QueuePanel({ conversations, onOpen }: Props) {
  const { data, error } = useQueueStatuses()
  const now = useNow()
  const join = useJoin()
  const me = useAgent()?.conversation_participant_arn
  const [joining, setJoining] = useState<string | undefined>(undefined)
  // Without queues yet, what the health knows is the answer (a refused key, an unreachable server): never
  // "Loading…" forever.
  const health = useHealth()
  const problem = !data && !error ? health.error : undefined

  const conversationOf = (customerArn: string | undefined) =>
    conversations.find(
      (c) => !c.closed && c.participants?.some((p) => p.conversation_participant_arn === customerArn),
    )?.conversation_uuid

  return (
    <section className="panel queues" aria-labelledby="queues-heading">
      <div className="panel-head">
        <h2 id="queues-heading">Queues</h2>
        <StartConversation onStarted={onOpen} />
      </div>
      {error || problem ? (
        <p role="alert" className="inline-error" data-testid="queues-error">
          {data
            ? 'Queues may be out of date'
            : problem && !problem.permanent
              ? 'Queues cannot be loaded yet (retrying)'
              : 'Queues cannot be loaded'}
          : {error ? userMessage(error) : problem && healthErrorText(problem)}
        </p>
      ) : null}
      {!data && !error && !problem ? <p className="muted">Loading queues…</p> : null}
      {join.error ? (
        <p role="alert" className="inline-error">
          {userMessage(join.error)}
        </p>
      ) : null}
      {data?.statuses.map((q) => (
        <article key={q.queue_name} className="queue" aria-label={`Queue ${q.queue_name}`}>
          <h3>{q.queue_name}</h3>
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
      ))}
    </section>
  )
}

function StartConversation({ onStarted }: { onStarted: (uuid: string) => void }) {
  const [open, setOpen] = useState(false)
  const [participant, setParticipant] = useState('')
  const [problem, setProblem] = useState<string | undefined>(undefined)
  const start = useStartConversation()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const parsed = parseParticipants(participant)
    // Refused here, before anything is sent: the server would start a conversation with whatever text it got.
    if (!parsed.ok) return setProblem(parsed.problem)
    setProblem(undefined)
    start.mutate(
      { add_conversation_participant_arns: parsed.arns },
      {
        onSuccess: (c) => {
          setOpen(false)
          setParticipant('')
          if (c?.conversation_uuid) onStarted(c.conversation_uuid)
        },
      },
    )
  }
  if (!open)
    return (
      <button type="button" className="small" onClick={() => setOpen(true)}>
        Start conversation
      </button>
    )
  return (
    <form className="start-form" onSubmit={submit} aria-label="Start a conversation" noValidate>
      <label htmlFor="start-participant">Phone number or participant ARN</label>
      <p id="start-participant-rule" className="rule">
        {PARTICIPANT_RULE}
      </p>
      <input
        id="start-participant"
        // biome-ignore lint/a11y/noAutofocus: the form was just opened by the user
        autoFocus
        value={participant}
        aria-describedby={
          problem ? 'start-participant-rule start-participant-problem' : 'start-participant-rule'
        }
        aria-invalid={problem ? true : undefined}
        onChange={(e) => {
          setParticipant(e.target.value)
          setProblem(undefined)
        }}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
        placeholder="+15551234567"
      />
      {problem ? (
        <p id="start-participant-problem" role="alert" className="inline-error" data-testid="start-problem">
          {problem}
        </p>
      ) : null}
      {start.error ? (
        <p role="alert" className="inline-error">
          {userMessage(start.error)}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="primary small" disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Start'}
        </button>
        <button type="button" className="small" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  )
}
