import type { ConversationSummary, ConversationWebchatQueueStatus } from '@uc-conversation/core'
import { useEffect, useRef, useState } from 'react'
import { conversationTitle, isActiveMember, unreadCount } from '../format'
import { playAlertTone } from './play-alert-tone'
import type { AttentionSettings } from './use-attention-settings'
import { usePageVisible } from './use-page-visible'

interface Input {
  settings: AttentionSettings
  queues: readonly ConversationWebchatQueueStatus[] | undefined
  conversations: readonly ConversationSummary[] | undefined
  me: string | undefined
  /** The conversation on screen (its new messages need no alert while the tab is visible). */
  openUuid: string | undefined
  /** Opens a conversation (a click on a notification). */
  onOpen: (uuid: string) => void
}

/** What needs the agent: the count for the tab title and the latest announcement for screen readers. */
export interface Attention {
  count: number
  announcement: string
}

const BASE_TITLE = 'Agent console · UltraCart conversations'

/**
 * Draws the agent's attention to a newly waiting customer and to a new customer message in one of their
 * conversations while the tab is hidden or that conversation is not open: a tone, a desktop notification, a
 * screen-reader announcement (each as `settings` allow), and the tab title counts waiting customers plus the
 * agent's conversations with unread messages. What is on screen at the first load alerts nothing.
 */
export function useAttention({ settings, queues, conversations, me, openUuid, onOpen }: Input): Attention {
  const visible = usePageVisible()
  const [announcement, setAnnouncement] = useState('')
  const seenWaiting = useRef<Set<string> | undefined>(undefined)
  const seenMessages = useRef<Map<string, string> | undefined>(undefined)
  const latest = useRef({ settings, visible, openUuid, onOpen })
  latest.current = { settings, visible, openUuid, onOpen }

  const alert = (text: string, body: string, tag: string, uuid: string | undefined) => {
    const { settings } = latest.current
    if (settings.announce) setAnnouncement(`${text}${body ? `: ${body}` : ''}`)
    if (settings.sound) playAlertTone()
    if (settings.desktop && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      const notification = new Notification(text, { body, tag })
      notification.onclick = () => {
        window.focus()
        if (uuid) latest.current.onOpen(uuid)
        notification.close()
      }
    }
  }

  // Newly waiting customers.
  // biome-ignore lint/correctness/useExhaustiveDependencies: alert reads the latest settings through a ref
  useEffect(() => {
    if (!queues) return
    const entries = queues.flatMap((q) => (q.queue_entries ?? []).map((e) => ({ queue: q.queue_name, e })))
    const now = new Set(entries.map(({ e }) => e.conversation_participant_arn ?? ''))
    const before = seenWaiting.current
    seenWaiting.current = now
    if (!before) return
    for (const { queue, e } of entries)
      if (!before.has(e.conversation_participant_arn ?? ''))
        alert(
          `${e.conversation_participant_name ?? 'A customer'} is waiting in ${queue}`,
          e.question ?? '',
          `waiting:${e.conversation_participant_arn}`,
          undefined,
        )
  }, [queues])

  // New customer messages in my conversations.
  // biome-ignore lint/correctness/useExhaustiveDependencies: alert reads the latest settings through a ref
  useEffect(() => {
    if (!conversations || !me) return
    const before = seenMessages.current
    const now = new Map(conversations.map((c) => [c.conversation_uuid ?? '', c.last_message_dts ?? '']))
    seenMessages.current = now
    if (!before) return
    const { visible, openUuid } = latest.current
    for (const c of conversations) {
      const uuid = c.conversation_uuid ?? ''
      const last = c.last_message_dts ?? ''
      if (!last || last <= (before.get(uuid) ?? '') || c.closed || !isActiveMember(c, me)) continue
      if (c.last_conversation_participant_arn === me) continue
      if (visible && uuid === openUuid) continue
      alert(
        `New message from ${conversationTitle(c, me)}`,
        c.last_conversation_message_body ?? '',
        `message:${uuid}`,
        uuid,
      )
    }
  }, [conversations, me])

  const waiting = (queues ?? []).reduce((n, q) => n + (q.queue_entries?.length ?? 0), 0)
  const unread = (conversations ?? []).filter(
    (c) =>
      !c.closed &&
      isActiveMember(c, me) &&
      unreadCount(c, me) > 0 &&
      !(visible && c.conversation_uuid === openUuid),
  ).length
  const count = waiting + unread

  useEffect(() => {
    document.title = settings.title && count > 0 ? `(${count}) ${BASE_TITLE}` : BASE_TITLE
  }, [count, settings.title])
  useEffect(
    () => () => {
      document.title = BASE_TITLE
    },
    [],
  )

  return { count, announcement }
}
