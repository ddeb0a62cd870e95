import { filter, merge, Observable } from 'rxjs'

// Every lookup happens when called or subscribed, never at import: the package must load in Node, workers and
// server-side rendering, and tests install fakes after import.

interface EventTargetLike {
  addEventListener?(type: string, listener: () => void): void
  removeEventListener?(type: string, listener: () => void): void
}

const page = globalThis as EventTargetLike & {
  document?: EventTargetLike & { visibilityState?: string }
  navigator?: { onLine?: boolean }
}

/** True only where a document says it is hidden. */
export const isPageHidden = (): boolean => page.document?.visibilityState === 'hidden'

/** True only where `navigator.onLine` says so. */
export const isOffline = (): boolean => page.navigator?.onLine === false

/** `type` events of the document (`ofDocument`) or of the global scope, where it has them (never completes). */
const on = (type: string, ofDocument?: boolean): Observable<void> =>
  new Observable<void>((subscriber) => {
    const target = ofDocument ? page.document : page
    const handler = () => subscriber.next()
    target?.addEventListener?.(type, handler)
    return () => target?.removeEventListener?.(type, handler)
  })

/** The page became visible again or the network came back: a good moment to catch up at once. */
export const pageWake$: Observable<void> = merge(
  on('visibilitychange', true).pipe(filter(() => !isPageHidden())),
  on('online'),
)

/** Any change of visibility or connectivity (never emits where neither exists). */
export const pageChanges$: Observable<void> = merge(on('visibilitychange', true), on('online'), on('offline'))
