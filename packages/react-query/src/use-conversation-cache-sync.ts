'use client'
import { useConversationContext } from './conversation-provider'
import { useObservable } from './use-observable'

/**
 * @internal Keeps the cached conversation details live from the provider's socket while mounted and enabled
 * (one subscription however many hooks ask).
 */
export function useConversationCacheSync(enabled = true): void {
  const { cacheSync } = useConversationContext()
  useObservable(() => (enabled ? cacheSync : undefined), [cacheSync, enabled], undefined)
}
