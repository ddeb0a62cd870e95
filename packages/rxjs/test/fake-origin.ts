import type { ChannelLike, ElectionLocks } from '../src/tabs/browser-coordination'

/**
 * @internal In-memory fakes of one origin's BroadcastChannel, Web Locks and localStorage, for tests on virtual
 * time: messages arrive asynchronously (a timer task, as in browsers), a tab can be cut off (frozen or
 * partitioned: its messages wait until it is joined again), and every open channel, listener and lock is counted
 * so teardown can be checked.
 */
export function fakeOrigin() {
  const channels = new Set<FakeChannel>()
  const cut = new Set<string>()
  /** Links cut one way, as `from>to`. */
  const blocked = new Set<string>()
  const held = new Map<string, { owner: string; abort: (error: Error) => void }>()
  const waiting = new Map<string, { owner: string; grant: () => void }[]>()
  const items = new Map<string, string>()
  let current = ''

  class FakeChannel implements ChannelLike {
    readonly owner = current
    listeners = new Set<(event: { data: unknown }) => void>()
    closed = false
    constructor(readonly name: string) {
      channels.add(this)
    }
    /** Per sender, in order (a BroadcastChannel delivers one sender's messages in the order posted). */
    inbox = new Map<string, unknown[]>()
    postMessage(message: unknown) {
      if (this.closed) throw new Error('InvalidStateError: channel closed')
      const data = structuredClone(message)
      for (const other of channels)
        if (other !== this && other.name === this.name) {
          const queue = other.inbox.get(this.owner) ?? []
          queue.push(data)
          other.inbox.set(this.owner, queue)
          if (queue.length === 1) setTimeout(() => other.drain(this.owner), 0)
        }
    }
    drain(from: string) {
      const queue = this.inbox.get(from) ?? []
      while (queue.length) {
        if (this.closed) return void queue.splice(0)
        if (cut.has(this.owner) || cut.has(from) || blocked.has(`${from}>${this.owner}`)) {
          setTimeout(() => this.drain(from), 10)
          return
        }
        const data = queue.shift()
        for (const listener of this.listeners) listener({ data })
      }
    }
    addEventListener(_type: 'message', listener: (event: { data: unknown }) => void) {
      this.listeners.add(listener)
    }
    removeEventListener(_type: 'message', listener: (event: { data: unknown }) => void) {
      this.listeners.delete(listener)
    }
    close() {
      this.closed = true
      channels.delete(this)
    }
  }

  const grantNext = (name: string) => {
    const queue = waiting.get(name)
    const next = queue?.shift()
    if (!queue?.length) waiting.delete(name)
    next?.grant()
  }

  const locksOf = (owner: string): ElectionLocks => ({
    request(name, options, callback) {
      return new Promise((resolve, reject) => {
        let done = false
        const run = () => {
          let finish: () => void = () => undefined
          held.set(name, {
            owner,
            abort: (error) => {
              done = true
              reject(error)
            },
          })
          finish = () => {
            if (held.get(name)?.owner === owner && !done) {
              held.delete(name)
              grantNext(name)
            }
          }
          Promise.resolve(callback({ name })).then(
            (value) => {
              finish()
              if (!done) resolve(value)
            },
            (error) => {
              finish()
              if (!done) reject(error)
            },
          )
        }
        if (options.steal) {
          held.get(name)?.abort(new DOMException('stolen', 'AbortError'))
          held.delete(name)
          return run()
        }
        if (!held.has(name)) return run()
        const entry = { owner, grant: run }
        waiting.set(name, [...(waiting.get(name) ?? []), entry])
        options.signal?.addEventListener('abort', () => {
          const queue = waiting.get(name) ?? []
          if (queue.includes(entry)) {
            waiting.set(
              name,
              queue.filter((e) => e !== entry),
            )
            reject(new DOMException('aborted', 'AbortError'))
          }
        })
      })
    },
  })

  return {
    channels,
    held,
    waiting,
    storage: {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
    },
    /** The globals one tab sees; `id` names the tab. */
    tab(id: string) {
      return {
        id,
        locks: locksOf(id),
        BroadcastChannel: class extends FakeChannel {
          constructor(name: string) {
            current = id
            super(name)
          }
        },
      }
    },
    /** The tab crashes: the browser releases its locks and its channels go silent. */
    crash(id: string) {
      for (const channel of [...channels]) if (channel.owner === id) channel.close()
      for (const [name, lock] of [...held])
        if (lock.owner === id) {
          held.delete(name)
          grantNext(name)
        }
      for (const [name, queue] of [...waiting])
        waiting.set(
          name,
          queue.filter((e) => e.owner !== id),
        )
    },
    /** Cuts a tab off (frozen, or a partition): its messages wait until {@link join}. */
    cut: (id: string) => void cut.add(id),
    join: (id: string) => void cut.delete(id),
    /** Cuts the link between two tabs both ways (a partition that a third tab may bridge). */
    block(a: string, b: string) {
      blocked.add(`${a}>${b}`)
      blocked.add(`${b}>${a}`)
    },
    /** Cuts one direction only: what `from` posts does not reach `to` (held until unblocked). */
    blockOneWay: (from: string, to: string) => void blocked.add(`${from}>${to}`),
    unblock(a: string, b: string) {
      blocked.delete(`${a}>${b}`)
      blocked.delete(`${b}>${a}`)
    },
    listeners: () => [...channels].reduce((n, c) => n + c.listeners.size, 0),
  }
}
