// A page for the tabs e2e test: the demo's client (through the dev server's proxy) and one shared session per
// tab, as the console builds it; the test drives it through `window.tabs`.
import { createConversationClient, hourlyBudget } from '@uc-conversation/core'
import {
  browserCoordination,
  type ConversationMessagesState,
  connectAgentSocket,
  createAgentSession,
  shareAgentSession,
  webStorageOutbox,
} from '@uc-conversation/rxjs'

const meta = document.querySelector<HTMLMetaElement>('meta[name="uc-dev-proxy-headers"]')
const headers = JSON.parse(meta?.content || '{}') as Record<string, string>
const client = createConversationClient({ baseUrl: '/api/uc/rest/v2', budget: hourlyBudget(), headers })
// `?group=` names the tabs' group; `?poll=ms` polls that often (using the whole budget) while the socket is down;
const params = new URLSearchParams(location.search)
const poll = Number(params.get('poll') ?? 0)
const session = shareAgentSession({
  // `?locks=0`: as in a browser without Web Locks (the lease fallback).
  coordination: browserCoordination({
    name: params.get('group') ?? 'e2e-agent',
    ...(params.get('locks') === '0' ? { locks: false as const } : {}),
  }),
  create: () =>
    createAgentSession(
      connectAgentSocket(client, { outboxStorage: webStorageOutbox(localStorage) }),
      poll ? { pollIntervalMs: poll, pollBudgetShare: 1 } : {},
    ),
})
const lists = new Map<string, ConversationMessagesState>()
const sends = new Map<string, string[]>()
const health: string[] = []
session.health$.subscribe((h) => health.push(h.status))

const api = {
  leads: () => session.socket !== undefined,
  health: () => health.at(-1),
  healthLog: () => health.slice(),
  /** What the console shows: the keepalive, the queue panel and the conversation list. */
  console() {
    session.keepAlive().subscribe()
    session.queueStatuses().subscribe()
    session.conversations().subscribe()
  },
  watch(uuid: string) {
    session.messages(uuid).subscribe((state) => lists.set(uuid, state))
  },
  /** Every message of the conversation in this tab: body, id, sent (has a server uuid), freshness. */
  list: (uuid: string) => {
    const state = lists.get(uuid)
    return {
      freshness: state?.freshness,
      messages: (state?.list.toArray() ?? []).map((m) => ({
        body: m.body,
        cid: m.client_message_id,
        uuid: m.conversation_message_uuid,
      })),
    }
  },
  send(uuid: string, body: string, cid: string) {
    sends.set(cid, [])
    session.send(uuid, { body, client_message_id: cid }).subscribe({
      next: (s) => sends.get(cid)!.push(s.status),
      error: (e: Error) => sends.get(cid)!.push(`error: ${e.message}`),
    })
  },
  sendStates: (cid: string) => sends.get(cid) ?? [],
  join: (uuid: string) => session.client.joinConversation(uuid).then(() => true),
}
;(window as unknown as { tabs: typeof api }).tabs = api
