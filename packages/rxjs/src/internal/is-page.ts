import { filter, map, merge, NEVER, Observable } from 'rxjs'

// Every lookup happens when called or subscribed, never at import: the package must load in Node, workers and
// server-side rendering, and tests install fakes after import.

interface EventTargetLike {
  addEventListener(type: string, listener: () => void): void
  removeEventListener(type: string, listener: () => void): void
}

interface DocumentLike extends EventTargetLike {
  visibilityState?: string
}

const documentOf = (): DocumentLike | undefined => {
  const doc = (globalThis as { document?: DocumentLike }).document
  return doc && typeof doc.addEventListener === 'function' ? doc : undefined
}

const windowOf = (): EventTargetLike | undefined =>
  typeof (globalThis as Partial<EventTargetLike>).addEventListener === 'function'
    ? (globalThis as unknown as EventTargetLike)
    : undefined

/** True only where a document says it is hidden. */
export const isPageHidden = (): boolean => documentOf()?.visibilityState === 'hidden'

/** True only where `navigator.onLine` says so. */
export const isOffline = (): boolean =>
  (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false

const listen = (target: () => EventTargetLike | undefined, type: string): Observable<void> =>
  new Observable<void>((subscriber) => {
    const t = target()
    if (!t) return
    const handler = () => subscriber.next()
    t.addEventListener(type, handler)
    return () => t.removeEventListener(type, handler)
  })

/** The page became visible again or the network came back: a good moment to catch up at once. */
export const pageWake$: Observable<'visible' | 'online'> = merge(
  listen(documentOf, 'visibilitychange').pipe(
    filter(() => !isPageHidden()),
    map(() => 'visible' as const),
  ),
  listen(windowOf, 'online').pipe(map(() => 'online' as const)),
)

/** Any change of visibility or connectivity (never emits where neither exists). */
export const pageChanges$: Observable<void> = merge(
  listen(documentOf, 'visibilitychange'),
  listen(windowOf, 'online'),
  listen(windowOf, 'offline'),
  NEVER,
)
