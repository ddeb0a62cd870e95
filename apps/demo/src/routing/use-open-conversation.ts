import { useCallback, useSyncExternalStore } from 'react'

/** The query parameter that names the open conversation: `?c=<conversation_uuid>`. */
export const CONVERSATION_PARAM = 'c'

const subscribe = (onChange: () => void) => {
  window.addEventListener('popstate', onChange)
  return () => window.removeEventListener('popstate', onChange)
}
const read = () => new URLSearchParams(window.location.search).get(CONVERSATION_PARAM) ?? undefined

/**
 * The open conversation, kept in the URL: a reload opens it again, Back and Forward move between the
 * conversations opened before, and a copied link opens it. `open(uuid)` pushes a history entry (none when it is
 * already open).
 */
export function useOpenConversation(): [string | undefined, (uuid: string | undefined) => void] {
  const uuid = useSyncExternalStore(subscribe, read, () => undefined)
  const open = useCallback((next: string | undefined) => {
    if (next === read()) return
    const url = new URL(window.location.href)
    if (next) url.searchParams.set(CONVERSATION_PARAM, next)
    else url.searchParams.delete(CONVERSATION_PARAM)
    window.history.pushState(null, '', url)
    // pushState fires no popstate: tell the subscribers ourselves.
    window.dispatchEvent(new PopStateEvent('popstate'))
  }, [])
  return [uuid, open]
}
