import type { ConversationSummary } from '@uc-conversation/core'
import { healthErrorText, useQueueStatuses, userMessage } from '../data'
import { QueueCard } from '../queues/QueueCard'
import { QueueFigures } from '../queues/QueueFigures'
import { QueuesCatchingUp } from '../queues/QueuesCatchingUp'
import { StartConversation } from '../queues/StartConversation'
import { useHealth } from '../use-health'

interface Props {
  conversations: readonly ConversationSummary[]
  onOpen: (uuid: string) => void
}

/** The queues: the figures a lead watches, each queue's waiting customers (join in one click) and agents. */
export function QueuePanel({ conversations, onOpen }: Props) {
  const { data, error } = useQueueStatuses()
  // Without queues yet, what the health knows is the answer (a refused key, an unreachable server): never
  // "Loading…" forever.
  const health = useHealth()
  const problem = !data && !error ? health.error : undefined

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
      {data ? <QueuesCatchingUp freshness={data.freshness} warning={data.warning} /> : null}
      {data ? <QueueFigures statuses={data.statuses} /> : null}
      {data?.statuses.map((q) => (
        <QueueCard key={q.queue_name} queue={q} conversations={conversations} onOpen={onOpen} />
      ))}
    </section>
  )
}
