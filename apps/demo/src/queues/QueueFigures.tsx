import type { ConversationWebchatQueueStatus } from '@uc-conversation/core'
import { formatWait } from '../format'
import { useNow } from '../use-now'

/** The figures a lead watches, over every queue: longest wait, waiting, active chats, agents by status. */
export function QueueFigures({ statuses }: { statuses: readonly ConversationWebchatQueueStatus[] }) {
  const now = useNow()
  const joins = statuses.flatMap((q) => (q.queue_entries ?? []).map((e) => Date.parse(e.join_dts ?? '')))
  const earliest = Math.min(...joins.filter(Number.isFinite))
  const longest = Number.isFinite(earliest) ? formatWait(now - earliest) : '–'
  const waiting = statuses.reduce((n, q) => n + (q.customer_waiting_count ?? q.queue_entries?.length ?? 0), 0)
  const active = statuses.reduce((n, q) => n + (q.customer_chat_count ?? 0), 0)
  // An agent is in several queues: count each once, by their status.
  const agents = new Map(
    statuses.flatMap((q) =>
      (q.agents ?? []).map((a) => [a.conversation_participant_arn, a.agent_status] as const),
    ),
  )
  const by = (status: string) => [...agents.values()].filter((s) => s === status).length
  return (
    <dl className="stats figures" aria-label="All queues" data-testid="queue-figures">
      <div>
        <dt>Longest wait</dt>
        <dd data-testid="longest-wait">{longest}</dd>
      </div>
      <div>
        <dt>Waiting</dt>
        <dd data-testid="total-waiting">{waiting}</dd>
      </div>
      <div>
        <dt>Active</dt>
        <dd>{active}</dd>
      </div>
      <div className="wide">
        <dt>Agents</dt>
        <dd className="small-text" data-testid="agents-by-status">
          {by('available')} available · {by('busy')} busy · {by('unavailable')} away
        </dd>
      </div>
    </dl>
  )
}
