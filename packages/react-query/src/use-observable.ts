'use client'
import { type DependencyList, useEffect, useState } from 'react'
import type { Observable } from 'rxjs'

/**
 * @internal What an observable emits synchronously on subscribe (state subjects do), without keeping the
 * subscription. Only for sources whose subscription has no side effect.
 */
export const peekValue = <T>(source: Observable<T> | undefined): T | undefined => {
  let value: T | undefined
  source?.subscribe({ next: (v) => (value = v), error: () => {} }).unsubscribe()
  return value
}

/** @internal The latest value of an observable, subscribed while mounted; `initial` until it emits. */
export function useObservable<T, I = T>(
  create: () => Observable<T> | undefined,
  deps: DependencyList,
  initial: I | (() => I),
): T | I {
  const [value, setValue] = useState<T | I>(initial)
  useEffect(() => {
    const subscription = create()?.subscribe({ next: setValue, error: () => {} })
    return () => subscription?.unsubscribe()
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps describe `create`
  }, deps)
  return value
}
