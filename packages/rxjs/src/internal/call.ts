import { Observable } from 'rxjs'

/** A client call as a cold observable: unsubscribing aborts the request, so nothing outlives the subscriber. */
export const call = <T>(request: (signal: AbortSignal) => Promise<T>): Observable<T> =>
  new Observable<T>((subscriber) => {
    const controller = new AbortController()
    let settled = false
    let promise: Promise<T>
    try {
      promise = request(controller.signal)
    } catch (error) {
      subscriber.error(error)
      return
    }
    promise.then(
      (value) => {
        settled = true
        subscriber.next(value)
        subscriber.complete()
      },
      (error) => {
        settled = true
        subscriber.error(error)
      },
    )
    return () => {
      if (!settled) controller.abort()
    }
  })
