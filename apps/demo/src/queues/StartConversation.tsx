import { useStartConversation } from '@uc-conversation/react-query'
import { type FormEvent, useState } from 'react'
import { Dialog } from '../components/Dialog'
import { PARTICIPANT_RULE, parseParticipants } from '../participant-arns'
import { userMessage } from '../user-message'

/**
 * "Start conversation" and its dialog: the entry is checked before anything is sent; the form is empty each time
 * it opens; focus stays in the dialog and returns to the button.
 */
export function StartConversation({ onStarted }: { onStarted: (uuid: string) => void }) {
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
          close()
          if (c?.conversation_uuid) onStarted(c.conversation_uuid)
        },
      },
    )
  }
  const close = () => {
    setOpen(false)
    setParticipant('')
    setProblem(undefined)
    start.reset()
  }
  return (
    <>
      <button type="button" className="small" onClick={() => setOpen(true)}>
        Start conversation
      </button>
      {open ? (
        <Dialog title="Start a conversation" onClose={close}>
          <form className="start-form" onSubmit={submit} aria-label="Start a conversation" noValidate>
            <label htmlFor="start-participant">Phone number or participant ARN</label>
            <p id="start-participant-rule" className="rule">
              {PARTICIPANT_RULE}
            </p>
            <input
              id="start-participant"
              data-autofocus
              value={participant}
              aria-describedby={
                problem ? 'start-participant-rule start-participant-problem' : 'start-participant-rule'
              }
              aria-invalid={problem ? true : undefined}
              onChange={(e) => {
                setParticipant(e.target.value)
                setProblem(undefined)
              }}
              placeholder="+15551234567"
            />
            {problem ? (
              <p
                id="start-participant-problem"
                role="alert"
                className="inline-error"
                data-testid="start-problem"
              >
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
              <button type="button" className="small" onClick={close}>
                Cancel
              </button>
            </div>
          </form>
        </Dialog>
      ) : null}
    </>
  )
}
