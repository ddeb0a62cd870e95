import { ConversationTimeoutError, encodeMessageFrame } from '@uc-conversation/core'
import type { BehaviorSubject, Subject } from 'rxjs'
import type { AgentSocket } from '../agent-socket/agent-socket'
import type { OutboxStorage, PersistedOutboxEntry } from '../outbox-storage'
import { definedFields, withDefaults } from './defaults'
import { createEntry, type OutboxEntry } from './outbox-entry'
import { createOutboxSaver } from './outbox-saver'

/** A failure that a later session may still deliver (a timeout); the others would fail the same way again. */
const isRetryable = (entry: OutboxEntry) =>
  entry.status === 'pending' || (entry.status === 'failed' && entry.error instanceof ConversationTimeoutError)

/** What of an entry survives a closed tab: its author is the one its pending copy shows. */
const toPersisted = ({
  conversationUuid,
  outgoing,
  afterEpoch,
  out,
  message,
}: OutboxEntry): PersistedOutboxEntry => {
  const arn = message.author_conversation_participant_arn
  const name = message.author_conversation_participant_name
  return {
    conversationUuid,
    message: outgoing,
    afterEpoch,
    transmitted: out,
    ...definedFields({
      queuedAt: message.message_dts,
      author:
        arn !== undefined || name !== undefined
          ? definedFields({ conversation_participant_arn: arn, conversation_participant_name: name })
          : undefined,
    }),
  }
}

/**
 * @internal Gives an outbox its storage: restores what earlier sessions (and closing tabs, through `later`) left,
 * and returns the function the outbox calls on every change to save its unsent entries. Only the storage adapters
 * import this module (through `persistentOutbox`), so an app without storage does not ship it.
 */
export function attachOutboxPersistence(
  storage: OutboxStorage,
  entries: Map<string, OutboxEntry>,
  delivered: ReadonlyMap<string, OutboxEntry>,
  socket: AgentSocket,
  changes: Subject<OutboxEntry>,
  count: BehaviorSubject<number>,
  activate: () => void,
): () => void {
  const save = createOutboxSaver(storage)
  let restoring = false
  const persist = () => {
    if (restoring) return
    const out: PersistedOutboxEntry[] = []
    for (const entry of entries.values()) if (isRetryable(entry)) out.push(toPersisted(entry))
    save(out)
  }

  /**
   * Entries an earlier session left: pending again, and treated as written (the write may have left before the
   * tab closed), so the server is asked first. They stay until delivered or discarded, with no send timeout.
   */
  const restore = (persisted: readonly PersistedOutboxEntry[]) => {
    const restored: OutboxEntry[] = []
    for (const p of persisted) {
      const cid = p.message?.client_message_id
      if (typeof cid !== 'string' || entries.has(cid) || delivered.has(cid)) continue
      let frame: string
      try {
        frame = encodeMessageFrame(p.conversationUuid, p.message, { maxBodyLength: Number.MAX_SAFE_INTEGER })
      } catch {
        continue
      }
      // The agent as the socket knows it, else as stored (the socket has not authorized again yet).
      const author = withDefaults({ ...p.author }, { ...socket.agent })
      const entry = createEntry(p.conversationUuid, p.message, frame, author, { ...p, transmitted: true })
      entry.subs = 1
      entries.set(cid, entry)
      restored.push(entry)
    }
    count.next(entries.size)
    persist()
    for (const entry of restored) changes.next(entry)
    // Subscribing to the socket connects it: not from inside the socket's own construction.
    if (restored.length) queueMicrotask(activate)
  }

  let loaded: ReturnType<OutboxStorage['load']> | undefined
  try {
    loaded = storage.load()
  } catch {
    return persist
  }
  const restoreLoaded = (list: unknown) => {
    restoring = false
    restore(Array.isArray(list) ? list : [])
    void Promise.resolve(storage.later?.(restore)).catch(() => {})
  }
  if (Array.isArray(loaded)) restoreLoaded(loaded)
  else {
    // Saves wait: writing before the load ends would overwrite what an earlier session left.
    restoring = true
    Promise.resolve(loaded).then(restoreLoaded, () => {
      restoring = false
      persist()
    })
  }
  return persist
}
