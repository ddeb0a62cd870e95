/**
 * @internal Joins `line` and waits until `pump` calls the entry (with what the wait resolves to). When `signal`
 * aborts first (or has already) the entry leaves the line, `pump` runs (the next may go) and the wait rejects with
 * the reason. The one queue rule of the rate gate, reachability and `sleep`.
 */
export const waitInLine = <T>(
  line: Array<(value: T) => void>,
  pump: () => void,
  signal: AbortSignal | undefined,
): Promise<T> =>
  new Promise((resolve, reject) => {
    // An aborted signal never fires again: refuse at once (a throw here rejects the promise with the reason).
    signal?.throwIfAborted()
    const go = (value: T) => {
      signal?.removeEventListener('abort', onAbort)
      resolve(value)
    }
    const onAbort = () => {
      line.splice(line.indexOf(go), 1)
      pump()
      reject(signal!.reason)
    }
    line.push(go)
    signal?.addEventListener('abort', onAbort, { once: true })
    pump()
  })
