import type { ConversationSummary } from '@uc-conversation/core'
import { OpenConversation } from '../conversation/OpenConversation'

interface Props {
  uuid: string | undefined
  summary: ConversationSummary | undefined
  me: string | undefined
  /** Where focus goes when this conversation opens: the composer right after joining, else the heading. */
  focus?: 'heading' | 'composer'
}

/** The open conversation, or what to do when none is open. */
export function ConversationView(props: Props) {
  if (!props.uuid)
    return (
      <section className="panel chat empty" aria-labelledby="chat-heading">
        <h2 id="chat-heading" tabIndex={-1}>
          No conversation selected
        </h2>
        <p className="muted">Pick a conversation from the list, or join a waiting customer.</p>
      </section>
    )
  // A new key per conversation: its composer, focus and scroll state start fresh.
  return <OpenConversation key={props.uuid} {...props} uuid={props.uuid} />
}
