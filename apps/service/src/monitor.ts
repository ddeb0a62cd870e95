import type {
  ConversationClient,
  ConversationSummary,
  ConversationWebchatQueueStatus,
} from '@uc-conversation/core'
import { ConversationHttpError } from '@uc-conversation/core'
import {
  type AgentSocket,
  agentKeepAlive,
  connectionHealth,
  conversationList,
  queueStatuses,
  sendMessage,
} from '@uc-conversation/rxjs'
import { interval, lastValueFrom, Subscription, timeout } from 'rxjs'

/** What the monitor needs from the outside world. */
export interface MonitorOptions {
  client: ConversationClient
  socket: AgentSocket
  /** Greet a customer who has waited longer than this many seconds. @default 30 */
  greetAfterSeconds?: number
  /** The greeting sent after joining. */
  greeting?: string
  /** Where log lines go (never receives keys or JWTs). @default console.log */
  log?: (line: string) => void
  /** How often waiting customers are checked, in ms. @default 1000 */
  checkEveryMs?: number
}

export interface Monitor {
  /** Leaves every conversation the monitor joined, then unsubscribes everything. */
  stop(): Promise<void>
}

export const DEFAULT_GREETING = 'Hi! Thanks for waiting, I am here now. How can I help?'

/** A short, stable description of an error: the API's user message when there is one, never credentials. */
export function describeError(error: unknown): string {
  if (error instanceof ConversationHttpError) return `${error.status} ${error.userMessage ?? error.message}`
  return error instanceof Error ? error.message : String(error)
}

function queueLine(q: ConversationWebchatQueueStatus): string {
  return (
    `queue ${q.queue_name}: waiting=${q.customer_waiting_count ?? 0} chatting=${q.customer_chat_count ?? 0} ` +
    `agents=${q.agent_count ?? 0} (available=${q.agent_available_count ?? 0} busy=${q.agent_busy_count ?? 0}) ` +
    `abandoned=${q.customer_abandon_count ?? 0} avg-hold=${q.customer_average_hold_time_seconds ?? 0}s`
  )
}

/**
 * The queue monitor: logs queue statistics (on change) and new messages, greets customers who waited longer
 * than `greetAfterSeconds` (join + greeting), keeps the agent alive. Everything timed or connected comes from
 * `@uc-conversation/rxjs`; this file only decides what to do with it.
 */
export function startMonitor(options: MonitorOptions): Monitor {
  const { client, socket } = options
  const log = options.log ?? ((line: string) => console.log(line))
  const greetAfterMs = (options.greetAfterSeconds ?? 30) * 1000
  const greeting = options.greeting ?? DEFAULT_GREETING
  const subscriptions = new Subscription()
  const joined = new Set<string>()
  const greeting$ = new Set<string>()
  let statuses: readonly ConversationWebchatQueueStatus[] = []
  let conversations: readonly ConversationSummary[] = []
  const lastQueueLine = new Map<string, string>()
  let stopped = false

  subscriptions.add(
    agentKeepAlive(client).subscribe({
      next: (s) =>
        log(
          s.status === 'alive'
            ? 'keepalive ok'
            : `keepalive ${s.status} (${s.consecutiveFailures} failures${s.error ? `: ${describeError(s.error)}` : ''})`,
        ),
      error: (e) => log(`keepalive stopped: ${describeError(e)}`),
    }),
  )

  let lastHealth = ''
  subscriptions.add(
    // Requests of the client feed `network`; a failure of any of them (or the socket's cause) is logged once.
    connectionHealth(socket, { client }).subscribe((h) => {
      const line =
        `connection ${h.status}${h.attempt !== undefined ? ` (attempt ${h.attempt})` : ''}` +
        `${h.network === 'failing' ? ', requests failing' : ''}${h.error ? `: ${h.error.message}` : ''}`
      if (line === lastHealth) return
      lastHealth = line
      log(line)
    }),
  )

  subscriptions.add(
    queueStatuses(client, { socket }).subscribe({
      next: (s) => {
        statuses = s.statuses
        for (const q of s.statuses) {
          const line = queueLine(q)
          if (lastQueueLine.get(q.queue_name ?? '') === line) continue
          lastQueueLine.set(q.queue_name ?? '', line)
          log(line)
        }
      },
      error: (e) => log(`queue statuses stopped: ${describeError(e)}`),
    }),
  )

  subscriptions.add(
    conversationList(client, { socket }).subscribe({
      next: (s) => {
        conversations = s.conversations
      },
      error: (e) => log(`conversation list stopped: ${describeError(e)}`),
    }),
  )

  // New messages: `new message` events cover every conversation of the merchant, joined or not.
  const me = () => socket.agent?.conversation_participant_arn
  subscriptions.add(
    socket.events('new message').subscribe((frame) => {
      const c = frame.event_new_message
      if (!c || c.last_conversation_participant_arn === me()) return
      log(
        `message in ${c.conversation_uuid} from ${c.last_conversation_participant_name ?? 'unknown'}: ` +
          JSON.stringify(c.last_conversation_message_body ?? ''),
      )
    }),
  )
  subscriptions.add(
    socket.events('new conversation').subscribe((frame) => {
      const c = frame.event_new_conversation
      if (c) log(`new conversation ${c.conversation_uuid} (${c.medium ?? 'unknown medium'})`)
    }),
  )

  const greet = async (uuid: string, customer: string, waitedMs: number) => {
    greeting$.add(uuid)
    try {
      log(`greeting ${customer} in ${uuid} after ${Math.round(waitedMs / 1000)}s waiting`)
      await client.joinConversation(uuid)
      joined.add(uuid)
      if (stopped) return
      await lastValueFrom(sendMessage(socket, uuid, { body: greeting }).pipe(timeout({ first: 30_000 })), {
        defaultValue: undefined,
      })
      log(`greeted ${customer} in ${uuid}`)
    } catch (error) {
      log(`could not greet ${customer} in ${uuid}: ${describeError(error)}`)
    }
  }

  subscriptions.add(
    interval(options.checkEveryMs ?? 1000).subscribe(() => {
      if (stopped) return
      const now = Date.now()
      for (const q of statuses)
        for (const entry of q.queue_entries ?? []) {
          const waited = now - Date.parse(entry.join_dts ?? '')
          if (!(waited > greetAfterMs)) continue
          const conversation = conversations.find(
            (c) =>
              !c.closed &&
              c.participants?.some(
                (p) => p.conversation_participant_arn === entry.conversation_participant_arn,
              ),
          )
          const uuid = conversation?.conversation_uuid
          if (!uuid || greeting$.has(uuid)) continue
          void greet(uuid, entry.conversation_participant_name ?? 'a customer', waited)
        }
    }),
  )

  return {
    async stop() {
      if (stopped) return
      stopped = true
      for (const uuid of joined) {
        try {
          await client.leaveConversation(uuid, { timeoutMs: 5000 })
          log(`left ${uuid}`)
        } catch (error) {
          log(`could not leave ${uuid}: ${describeError(error)}`)
        }
      }
      subscriptions.unsubscribe()
    },
  }
}
