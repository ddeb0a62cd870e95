import type { ConversationClient, ConversationMessagesResponse } from '@uc-conversation/core'

interface InFlight {
  promise: Promise<ConversationMessagesResponse | undefined>
  controller: AbortController
  callers: number
}

const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })

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
    if (signal.aborted) return Promise.reject(abortReason(signal))
    const key = `${connection} ${since} ${limit} ${conversationUuid}`
    let shared = this.#inFlight.get(key)
    if (!shared) {
      const controller = new AbortController()
      const entry: InFlight = {
        promise: this.#client.getConversationMessages(conversationUuid, since, {
          limit,
          signal: controller.signal,
        }),
        controller,
        callers: 0,
      }
      const forget = () => {
        if (this.#inFlight.get(key) === entry) this.#inFlight.delete(key)
      }
      entry.promise.then(forget, forget)
      this.#inFlight.set(key, entry)
      shared = entry
    }
    const entry = shared
    entry.callers++
    return new Promise((resolve, reject) => {
      const leave = () => {
        signal.removeEventListener('abort', onAbort)
        entry.callers--
      }
      const onAbort = () => {
        leave()
        reject(abortReason(signal))
        if (entry.callers > 0) return
        entry.controller.abort()
        if (this.#inFlight.get(key) === entry) this.#inFlight.delete(key)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      entry.promise.then(
        (value) => {
          if (signal.aborted) return
          leave()
          resolve(value)
        },
        (error: unknown) => {
          if (signal.aborted) return
          leave()
          reject(error)
        },
      )
    })
  }
}
