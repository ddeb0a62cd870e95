import type { ConversationSummary } from '@uc-conversation/core'
import { useWebchatQueueStatuses } from '@uc-conversation/react-query'
import { healthErrorText } from '../health-error-text'
import { QueueCard } from '../queues/QueueCard'
import { QueueFigures } from '../queues/QueueFigures'
import { StartConversation } from '../queues/StartConversation'
import { useHealth } from '../use-health'
import { userMessage } from '../user-message'
import { CatchingUp } from './CatchingUp'

interface Props {
  conversations: readonly ConversationSummary[]
  onOpen: (uuid: string) => void
}

/** The queues: the figures a lead watches, each queue's waiting customers (join in one click) and agents. */
export function QueuePanel({ conversations, onOpen }: Props) {
  const { data, error, statuses, freshness, warning } = useWebchatQueueStatuses()
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
      {data ? (
        <CatchingUp
          freshness={freshness}
          warning={warning}
          missing="waiting customers and figures may be out of date."
          testId="queues-behind"
        />
      ) : null}
      {data ? <QueueFigures statuses={statuses} /> : null}
      {statuses.map((q) => (
        <QueueCard key={q.queue_name} queue={q} conversations={conversations} onOpen={onOpen} />
      ))}
    </section>
  )
}
