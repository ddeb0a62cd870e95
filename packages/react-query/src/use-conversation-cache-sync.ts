'use client'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { retainConversationCacheSync } from './conversation-cache-sync'
import { useConversationContext } from './conversation-provider'

/** @internal Keeps list and detail entries live from the provider's socket while mounted. */
export function useConversationCacheSync(enabled = true): void {
  const { socket } = useConversationContext()
  const queryClient = useQueryClient()
  useEffect(() => {
    if (!socket || !enabled) return
    return retainConversationCacheSync(queryClient, socket)
  }, [queryClient, socket, enabled])
}
