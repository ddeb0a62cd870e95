import { type ConversationMessage, encodeReadFrame } from '@uc-conversation/core'
import { defer, filter, map, type Observable, switchMap, take } from 'rxjs'
import type { AgentSocket } from './agent-socket/agent-socket'

/**
 * Tells the server the agent has read `conversationUuid` up to each message `messages` emits (a `read message`
 * frame over the agent socket). Only forward: a message no newer (by `message_epoch`) than the last one marked
 * is skipped. While the socket is not open the newest message waits, replacing older ones, and goes out on the
 * next open: one frame, nothing lost. Emits each message whose frame went out. Does not connect the socket:
 * whatever shows the messages (e.g. `conversationMessages`) keeps it connected.
 */
export function markRead(
  socket: AgentSocket,
  conversationUuid: string,
  messages: Observable<ConversationMessage>,
): Observable<ConversationMessage> {
  return defer(() => {
    let markedEpoch = Number.NEGATIVE_INFINITY
    const newer = (message: ConversationMessage) =>
      message.conversation_message_uuid !== undefined && (message.message_epoch ?? 0) > markedEpoch
    const send = (message: ConversationMessage) =>
      socket.send(
        // Undefined members are left out of the frame (encodeReadFrame takes them, as JSON does).
        encodeReadFrame(conversationUuid, {
          conversation_message_uuid: message.conversation_message_uuid,
          message_dts: message.message_dts || undefined,
          message_epoch: message.message_epoch,
        }),
      )
    return messages.pipe(
      filter(newer),
      // The newest message replaces one still waiting; a send that fails (the socket just closed) waits for
      // the next open.
      switchMap((message) =>
        socket.state$.pipe(
          filter((state) => state.status === 'open' && send(message)),
          take(1),
          map(() => {
            markedEpoch = message.message_epoch ?? 0
            return message
          }),
        ),
      ),
    )
  })
}
