import type { AgentStatus } from '@uc-conversation/core'
import { useAgentSocket, useUpdateAgentStatus, useWebchatQueueStatuses } from '@uc-conversation/react-query'
import { useState } from 'react'
import { userMessage } from '../user-message'

const STATUSES: { value: AgentStatus; label: string }[] = [
  { value: 'available', label: 'Available' },
  { value: 'busy', label: 'Busy' },
  { value: 'unavailable', label: 'Unavailable' },
]

/** My status in every queue at once (the queue panel sets it per queue). */
export function StatusToggle() {
  const { agent } = useAgentSocket()
  const { statuses: queues } = useWebchatQueueStatuses()
  const setStatus = useUpdateAgentStatus()
  const [chosen, setChosen] = useState<AgentStatus | undefined>(undefined)
  const me = agent?.conversation_participant_arn
  const serverStatus = queues
    .flatMap((q) => q.agents ?? [])
    .find((a) => a.conversation_participant_arn === me)?.agent_status
  const current = setStatus.isPending ? chosen : (serverStatus ?? chosen)
  return (
    <fieldset className="status-toggle" disabled={!queues.length}>
      <legend className="visually-hidden">My status</legend>
      {STATUSES.map((s) => (
        <label key={s.value} className={`seg seg-${s.value}`}>
          <input
            type="radio"
            name="agent-status"
            value={s.value}
            checked={current === s.value}
            onChange={() => {
              setChosen(s.value)
              for (const q of queues)
                if (q.queue_name) setStatus.mutate({ queueName: q.queue_name, agentStatus: s.value })
            }}
          />
          <span>{s.label}</span>
        </label>
      ))}
      {setStatus.error ? (
        <span role="alert" className="inline-error">
          {userMessage(setStatus.error)}
        </span>
      ) : null}
    </fieldset>
  )
}
