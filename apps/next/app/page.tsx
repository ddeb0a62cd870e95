import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query'
import { conversationQueries } from '@uc-conversation/react-query/server'
import { signOut } from '../auth'
import { LIST_FILTERS } from '../lib/queries'
import { serverClient } from '../lib/server-client'
import { Console } from './console'

// Every request renders with the conversations as they are now, for the agent signed in.
export const dynamic = 'force-dynamic'

/**
 * Prefetches the list, the queue statuses and the newest conversation's messages on the server, as the signed-in
 * agent (their own token), with the same options the hooks use (`@uc-conversation/react-query/server`), and hands
 * them to the browser in the HTML. The live streams start from them: no reload of the list or of the statuses, no
 * reload of the messages from 0.
 */
export default async function Page() {
  const { client, agent } = await serverClient()
  const queryClient = new QueryClient()
  const list = conversationQueries.list(client, LIST_FILTERS)
  await Promise.all([
    queryClient.prefetchInfiniteQuery(list),
    queryClient.prefetchQuery(conversationQueries.queueStatuses(client)),
  ])
  const first = queryClient.getQueryData(list.queryKey)?.pages[0]?.conversations?.[0]?.conversation_uuid
  if (first) await queryClient.prefetchQuery(conversationQueries.messages(client, first))
  return (
    <>
      <header className="agent-bar">
        <span data-testid="agent-name">{agent.name}</span>
        <form
          action={async () => {
            'use server'
            await signOut({ redirectTo: '/sign-in' })
          }}
        >
          <button type="submit">Sign out</button>
        </form>
      </header>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <Console initialConversation={first} me={agent.arn ?? ''} />
      </HydrationBoundary>
    </>
  )
}
