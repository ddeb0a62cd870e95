import type { ConversationClient, ConversationMessagesResponse } from '@uc-conversation/core'

interface InFlight {
  promise: Promise<ConversationMessagesResponse | undefined>
  controller: AbortController
  callers: number
}

/**
 * @internal Pages of `getConversationMessages` shared by identical requests issued while the same connection of one
 * socket is open. After a reconnect the conversation's catch-up and the outbox's "did my write arrive" check ask
 * for the same page (both start one millisecond before the newest server epoch known, with core's catch-up
 * cursor): one request answers both. Requests of different connections (or without an open one) never share: an
 * answer asked for before a reconnect cannot tell what arrived since. The request is aborted only once every
 * caller has aborted.
 */
export class SharedPages {
  readonly #inFlight = new Map<string, InFlight>()

  readonly #client: ConversationClient

  constructor(client: ConversationClient) {
    this.#client = client
  }

  load(
    conversationUuid: string,
    since: number,
    limit: number,
    signal: AbortSignal,
    connection: number | undefined,
  ): Promise<ConversationMessagesResponse | undefined> {
    if (connection === undefined)
      return this.#client.getConversationMessages(conversationUuid, since, { limit, signal })
    // Every runtime of the package (Node 20+, browsers with `throwIfAborted`) gives an aborted signal its reason.
    if (signal.aborted) return Promise.reject(signal.reason)
    const key = `${connection} ${since} ${limit} ${conversationUuid}`
    let entry = this.#inFlight.get(key)
    const forget = () => {
      if (this.#inFlight.get(key) === entry) this.#inFlight.delete(key)
    }
    if (!entry) {
      const controller = new AbortController()
      entry = {
        promise: this.#client.getConversationMessages(conversationUuid, since, {
          limit,
          signal: controller.signal,
        }),
        controller,
        callers: 0,
      }
      entry.promise.then(forget, forget)
      this.#inFlight.set(key, entry)
    }
    const shared = entry
    shared.callers++
    return new Promise((resolve, reject) => {
      // A promise settles once: an abort first rejects it, and the answer that comes later changes nothing.
      const onAbort = () => {
        reject(signal.reason)
        if (--shared.callers > 0) return
        shared.controller.abort()
        forget()
      }
      signal.addEventListener('abort', onAbort, { once: true })
      shared.promise.then(resolve, reject).finally(() => {
        if (signal.aborted) return
        signal.removeEventListener('abort', onAbort)
        shared.callers--
      })
    })
  }
}
