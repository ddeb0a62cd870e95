'use client'
import { useEffect } from 'react'
import { useConversationContext } from './conversation-provider'

/**
 * @internal Keeps the cached conversation details live from the provider's socket while mounted and enabled
 * (one subscription however many hooks ask).
 */
export function useConversationCacheSync(enabled = true): void {
  const { cacheSync } = useConversationContext()
  useEffect(() => {
    if (!cacheSync || !enabled) return
    const subscription = cacheSync.subscribe({ error: () => {} })
    return () => subscription.unsubscribe()
  }, [cacheSync, enabled])
}
