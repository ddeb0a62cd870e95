import type { AgentSessions } from './agent-sessions'
import type { Broadcast } from './broadcast'
import type { Clock, TimerSet } from './clock'
import type { Hub } from './hub'
import type { Random } from './random'
import type { StateData } from './state'

/** What the parts of the service share. @internal */
export interface ServiceConfig {
  state: StateData
  hub: Hub
  broadcast: Broadcast
  sessions: AgentSessions
  clock: Clock
  timers: TimerSet
  ids: Random
  maxConversations: number
  maxMessages: number
  /** Delay before `accepted` becomes `sent`. */
  sentAfterMs: number
  /** The public URL of an uploaded file, or undefined when the key holds no file. */
  mediaUrl: (uploadKey: string) => string | undefined
}
