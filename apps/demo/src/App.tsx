import type { ConversationMedium } from '@uc-conversation/core'
import { useCallback, useMemo, useState } from 'react'
import { AttentionSettingsMenu } from './attention/AttentionSettingsMenu'
import { useAttention } from './attention/use-attention'
import { useAttentionSettings } from './attention/use-attention-settings'
import { ConnectionBanner } from './components/ConnectionBanner'
import { ConversationList } from './components/ConversationList'
import { ConversationView } from './components/ConversationView'
import { KeepAliveIndicator } from './components/KeepAliveIndicator'
import { QueuePanel } from './components/QueuePanel'
import { StatusToggle } from './components/StatusToggle'
import { CustomerPanel } from './customer/CustomerPanel'
import { healthErrorText, useAgent, useConversationList, useQueueStatuses, useWarnBeforeUnload } from './data'
import type { ConversationView as View } from './list/conversation-views'
import { useOpenConversation } from './routing/use-open-conversation'
import { useHealth } from './use-health'

type Panel = 'queues' | 'conversations' | 'chat' | 'customer'
const PANELS: { id: Panel; label: string }[] = [
  { id: 'queues', label: 'Queues' },
  { id: 'conversations', label: 'Conversations' },
  { id: 'chat', label: 'Chat' },
  { id: 'customer', label: 'Customer' },
]

export function App() {
  const agent = useAgent()
  // Closing or reloading the tab asks first while messages have not reached the server.
  const unsent = useWarnBeforeUnload()
  const me = agent?.conversation_participant_arn
  const [medium, setMedium] = useState<ConversationMedium | undefined>(undefined)
  const [view, setView] = useState<View>('open')
  // The open conversation lives in the URL (?c=…): reload, Back/Forward and links open it.
  const [selected, select] = useOpenConversation()
  // On a narrow screen one panel shows at a time.
  const [panel, setPanel] = useState<Panel>(selected ? 'chat' : 'conversations')
  const list = useConversationList(medium)
  // Waiting customers are found in the unfiltered list too (the queue panel joins them).
  const all = useConversationList(undefined)
  const queues = useQueueStatuses().data?.statuses
  const agents = useMemo(
    () =>
      new Set(
        (queues ?? []).flatMap((q) => (q.agents ?? []).map((a) => a.conversation_participant_arn ?? '')),
      ),
    [queues],
  )
  const conversations = list.data?.conversations
  const health = useHealth()
  const [focus, setFocus] = useState<'heading' | 'composer'>('heading')
  const open = useCallback(
    (uuid: string, after: 'heading' | 'composer' = 'heading') => {
      select(uuid)
      setFocus(after)
      setPanel('chat')
    },
    [select],
  )
  const [settings, updateSettings] = useAttentionSettings()
  const attention = useAttention({
    settings,
    queues,
    conversations: all.data?.conversations,
    me,
    openUuid: selected,
    onOpen: open,
  })
  const summary = all.data?.conversations.find((c) => c.conversation_uuid === selected)

  return (
    <div className="app">
      {/* Lands on the conversation's heading (focusable), on a narrow screen after showing its panel. */}
      {/* biome-ignore lint/a11y/useValidAnchor: a real link to the heading; the click also shows its panel */}
      <a className="skip-link" href="#chat-heading" onClick={() => setPanel('chat')}>
        Skip to the conversation
      </a>
      <header className="topbar">
        <h1>
          <span className="logo" aria-hidden="true">
            ◆
          </span>{' '}
          Agent console
        </h1>
        <div className="topbar-right">
          {unsent ? (
            <span className="unsent" data-testid="unsent" role="status">
              {unsent} unsent
            </span>
          ) : null}
          <KeepAliveIndicator />
          <StatusToggle />
          <AttentionSettingsMenu settings={settings} onChange={updateSettings} />
          {agent?.conversation_participant_name ? (
            <span className="me" title={agent.conversation_participant_arn}>
              {agent.conversation_participant_name}
            </span>
          ) : null}
        </div>
      </header>
      <ConnectionBanner />
      <div role="status" className="visually-hidden" data-testid="announcer">
        {attention.announcement}
      </div>
      <nav className="tabs" aria-label="Panels">
        {PANELS.map((p) => (
          <button
            key={p.id}
            type="button"
            aria-pressed={panel === p.id}
            onClick={() => setPanel(p.id)}
            className="tab"
          >
            {p.label}
            {p.id === 'conversations' && attention.count ? (
              <span className="count">{attention.count}</span>
            ) : null}
          </button>
        ))}
      </nav>
      <main className="layout" data-panel={panel}>
        <QueuePanel conversations={all.data?.conversations ?? []} onOpen={(uuid) => open(uuid, 'composer')} />
        <ConversationList
          conversations={conversations}
          error={list.error}
          freshness={list.freshness}
          warning={list.warning}
          problem={health.error ? healthErrorText(health.error) : undefined}
          medium={medium}
          onMedium={setMedium}
          selected={selected}
          onSelect={(uuid) => open(uuid)}
          me={me}
          hasMore={list.hasMore}
          onLoadMore={list.loadMore}
          view={view}
          onView={setView}
          agents={agents}
        />
        <div className="main">
          <ConversationView uuid={selected} summary={summary} me={me} focus={focus} />
        </div>
        <CustomerPanel
          uuid={selected}
          summary={summary}
          me={me}
          agents={agents}
          onOpen={(uuid) => open(uuid)}
        />
      </main>
    </div>
  )
}
