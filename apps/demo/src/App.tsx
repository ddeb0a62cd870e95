import type { ConversationMedium } from '@uc-conversation/core'
import { useCallback, useState } from 'react'
import { KeepAliveIndicator, StatusToggle } from './components/AgentBar'
import { ConnectionBanner } from './components/ConnectionBanner'
import { ConversationList } from './components/ConversationList'
import { ConversationView } from './components/ConversationView'
import { QueuePanel } from './components/QueuePanel'
import { healthErrorText, useAgent, useConversationList, useWarnBeforeUnload } from './data'
import { useHealth } from './use-health'

type Panel = 'queues' | 'conversations' | 'chat'
const PANELS: { id: Panel; label: string }[] = [
  { id: 'queues', label: 'Queues' },
  { id: 'conversations', label: 'Conversations' },
  { id: 'chat', label: 'Chat' },
]

export function App() {
  const agent = useAgent()
  // Closing or reloading the tab asks first while messages have not reached the server.
  const unsent = useWarnBeforeUnload()
  const me = agent?.conversation_participant_arn
  const [medium, setMedium] = useState<ConversationMedium | undefined>(undefined)
  const [selected, setSelected] = useState<string | undefined>(undefined)
  // On a narrow screen one panel shows at a time.
  const [panel, setPanel] = useState<Panel>('conversations')
  const list = useConversationList(medium)
  // Waiting customers are found in the unfiltered list too (the queue panel joins them).
  const all = useConversationList(undefined)
  const conversations = list.data?.conversations
  const health = useHealth()
  const [focus, setFocus] = useState<'heading' | 'composer'>('heading')
  const open = useCallback((uuid: string, after: 'heading' | 'composer' = 'heading') => {
    setSelected(uuid)
    setFocus(after)
    setPanel('chat')
  }, [])
  const unread = conversations?.filter((c) => c.unread_messages === true && !c.closed).length ?? 0

  return (
    <div className="app">
      <a className="skip-link" href="#chat-heading">
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
          {agent?.conversation_participant_name ? (
            <span className="me" title={agent.conversation_participant_arn}>
              {agent.conversation_participant_name}
            </span>
          ) : null}
        </div>
      </header>
      <ConnectionBanner />
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
            {p.id === 'conversations' && unread ? <span className="count">{unread}</span> : null}
          </button>
        ))}
      </nav>
      <div className="layout" data-panel={panel}>
        <QueuePanel conversations={all.data?.conversations ?? []} onOpen={(uuid) => open(uuid, 'composer')} />
        <ConversationList
          conversations={conversations}
          error={list.error}
          problem={health.error ? healthErrorText(health.error) : undefined}
          medium={medium}
          onMedium={setMedium}
          selected={selected}
          onSelect={(uuid) => open(uuid)}
          me={me}
          hasMore={list.hasMore}
          onLoadMore={list.loadMore}
        />
        <main className="main">
          <ConversationView
            uuid={selected}
            summary={all.data?.conversations.find((c) => c.conversation_uuid === selected)}
            me={me}
            focus={focus}
          />
        </main>
      </div>
    </div>
  )
}
