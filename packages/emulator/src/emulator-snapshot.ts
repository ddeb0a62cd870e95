import type { SimulatedCustomer } from './customer-control'
import type { AgentRecord, ChatRecords, ConversationRecord, QueueRecord } from './state'

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
