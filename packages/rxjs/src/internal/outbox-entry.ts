import type { ConversationMessage, OutgoingMessage } from '@uc-conversation/core'
import type { Subscription } from 'rxjs'
import type { AgentIdentity } from '../agent-socket/agent-socket'
import type { PersistedOutboxEntry } from '../outbox-storage'
import { definedFields } from './defaults'

/** One own message on its way: the pending copy shown in lists, and what it takes to deliver it. */
export interface OutboxEntry {
  readonly conversationUuid: string
  readonly clientMessageId: string
  /** The pending copy (no `conversation_message_uuid`); ordered by the local send time until echoed. */
  readonly message: ConversationMessage
  status: 'pending' | 'sent' | 'failed' | 'cancelled'
  /** The server's copy, once echoed. */
  echo?: ConversationMessage | undefined
  error?: unknown | undefined
  /** @internal What goes on the wire. */ readonly outgoing: OutgoingMessage
  /** @internal */ readonly frame: string
  /**
   * @internal The newest server epoch of the conversation known when queued (0: none): a write can only have
   * arrived after it, so the "did it arrive" check starts there.
   */
  readonly afterEpoch: number
  /** @internal Possibly written and not known to be refused: the server must be asked before writing again. */
  out: boolean
  /** @internal The connection it was last written to in this session. */ on?: number | undefined
  /** @internal The send timeout, while one runs. */ due?: Subscription | undefined
  /** @internal Fires when the echo of the last write is late. */ check?: Subscription | undefined
  /** @internal No echo within `echoCheckMs` of the last write: the server is asked whether it has it. */
  late?: boolean | undefined
  /** @internal `sendMessage` subscribers, plus one for an entry restored from storage. */ subs: number
}

/**
 * A new pending entry, fresh or restored: its pending copy carries what a list shows until the echo, its author
 * among it (for a restored one, what was stored where the socket does not know the agent yet).
 */
export function createEntry(
  conversationUuid: string,
  message: OutgoingMessage,
  frame: string,
  agent: AgentIdentity | undefined,
  persisted: Pick<PersistedOutboxEntry, 'afterEpoch' | 'transmitted' | 'queuedAt'>,
): OutboxEntry {
  return {
    conversationUuid,
    clientMessageId: message.client_message_id,
    message: {
      ...message,
      type: 'message',
      ...definedFields({
        author_conversation_participant_arn: agent?.conversation_participant_arn,
        author_conversation_participant_name: agent?.conversation_participant_name,
        message_dts: persisted.queuedAt,
      }),
    },
    status: 'pending',
    outgoing: message,
    frame,
    afterEpoch: persisted.afterEpoch ?? 0,
    out: persisted.transmitted,
    subs: 0,
  }
}
