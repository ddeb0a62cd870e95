import { useLeaveConversation } from '@uc-conversation/react-query'
import { useState } from 'react'
import { Dialog } from '../components/Dialog'
import { userMessage } from '../user-message'

interface Props {
  uuid: string
  customer: string
  /** After leaving (focus goes back to the conversation's heading). */
  onLeft: () => void
}

/** Leave, after a confirmation that says what it means for the customer. */
export function LeaveButton({ uuid, customer, onLeft }: Props) {
  const leave = useLeaveConversation()
  const [asking, setAsking] = useState(false)
  return (
    <>
      <button type="button" className="small" onClick={() => setAsking(true)}>
        Leave
      </button>
      {asking ? (
        <Dialog title="Leave this conversation?" onClose={() => setAsking(false)}>
          <p>
            {customer} is told that you left. The chat is not handed to another agent (the API has no
            transfer): it stays open for {customer} until they close it, and nobody sees their next messages
            unless an agent joins it again from the list.
          </p>
          {leave.error ? (
            <p role="alert" className="inline-error">
              {userMessage(leave.error)}
            </p>
          ) : null}
          <div className="row dialog-actions">
            <button
              type="button"
              className="danger small"
              disabled={leave.isPending}
              onClick={() =>
                leave.mutate(uuid, {
                  onSuccess: () => {
                    setAsking(false)
                    onLeft()
                  },
                })
              }
            >
              {leave.isPending ? 'Leaving…' : 'Leave conversation'}
            </button>
            <button type="button" className="small" onClick={() => setAsking(false)}>
              Stay
            </button>
          </div>
        </Dialog>
      ) : null}
    </>
  )
}
