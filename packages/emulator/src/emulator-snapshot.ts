import type { AgentSessions } from './agent-sessions'
import type { Clock } from './clock'
import type { SimulatedCustomer } from './customer-control'
import type { Random } from './random'
import type { Simulation } from './simulation'
import {
  type AgentRecord,
  type ChatRecords,
  type ConversationRecord,
  emptyChatRecords,
  type QueueRecord,
  type StateData,
} from './state'

/** Everything needed to put the data back as it was. JSON-safe. */
export interface EmulatorSnapshot {
  version: 1
  /** Clock time when taken (informational: restore does not move the clock). */
  now: number
  merchantId: string
  conversations: ConversationRecord[]
  queues: QueueRecord[]
  agents: AgentRecord[]
  customers: SimulatedCustomer[]
  /** Canned messages, departments, engagements and the generic store (absent in snapshots of older emulators). */
  chat?: ChatRecords
  random: { ids: number; customers: number; faults: number; context?: number }
}

/** What taking and restoring a snapshot touches. @internal */
export interface SnapshotParts {
  state: StateData
  clock: Clock
  simulation: Simulation
  random: { ids: Random; customers: Random; faults: Random; context: Random }
  sessions: AgentSessions
  /** Puts the configured agents back as they were created. */
  freshAgents(): void
}

/** @internal */
export function takeSnapshot({ state, clock, simulation, random }: SnapshotParts): EmulatorSnapshot {
  return structuredClone({
    version: 1 as const,
    now: clock.now(),
    merchantId: state.merchantId,
    conversations: [...state.conversations.values()],
    queues: [...state.queues.values()],
    agents: [...state.agents.values()],
    customers: simulation.snapshot(),
    chat: state.chat,
    random: {
      ids: random.ids.state,
      customers: random.customers.state,
      faults: random.faults.state,
      context: random.context.state,
    },
  })
}

/** Replaces the data with a snapshot's (pending reactions and keepalive lapses dropped). @internal */
export function restoreSnapshot(parts: SnapshotParts, snapshot: EmulatorSnapshot): void {
  const { state, simulation, random, sessions } = parts
  if (snapshot?.version !== 1) throw new Error('unsupported snapshot')
  const copy = structuredClone(snapshot)
  sessions.reset()
  state.conversations = new Map(copy.conversations.map((c) => [c.uuid, c]))
  state.queues = new Map(copy.queues.map((q) => [q.name, q]))
  state.chat = copy.chat ?? emptyChatRecords()
  parts.freshAgents()
  for (const a of copy.agents) {
    const agent = state.agents.get(a.arn)
    // Older snapshots have no profiles: the fresh one stays.
    if (agent)
      Object.assign(agent, {
        statuses: a.statuses,
        lastChatMs: a.lastChatMs,
        profile: a.profile ?? agent.profile,
      })
  }
  simulation.restore(copy.customers)
  random.ids.state = copy.random.ids
  random.customers.state = copy.random.customers
  random.faults.state = copy.random.faults
  if (copy.random.context !== undefined) random.context.state = copy.random.context
}
