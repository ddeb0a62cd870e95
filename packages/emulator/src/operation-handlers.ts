import type { Operation } from '@uc-conversation/core/operations'
import { genericHandler, genericKindOf, notEmulated } from './generic-store'
import { agentHandlers } from './handlers/agent-handlers'
import { cannedMessageHandlers } from './handlers/canned-message-handlers'
import { conversationHandlers } from './handlers/conversation-handlers'
import { departmentHandlers } from './handlers/department-handlers'
import { engagementHandlers } from './handlers/engagement-handlers'
import { itemHandlers } from './handlers/item-handlers'
import { searchHandlers } from './handlers/search-handlers'
import type { Internals } from './internals'
import type { OperationHandler } from './operation-handler'
import { OPERATION_ROUTES, type OperationId } from './operation-routes'
import type { Random } from './random'

/**
 * How the emulator answers an operation: `faithful` (implemented with state, by hand), `generic` (records of
 * the generic store, shaped by the spec's schemas) or `501` (answered "not emulated" in UltraCart's envelope).
 */
export type Emulation = 'faithful' | 'generic' | '501'

/** @internal */
export interface OperationHandlers {
  handler(id: OperationId): OperationHandler
  emulation(id: OperationId): Emulation
}

/** Every operation of core's table with its handler: the hand-written ones, else the generic store, else 501. @internal */
export function createOperationHandlers(ctx: Internals, ids: Random): OperationHandlers {
  const byOperation = new Map<Operation, OperationHandler>([
    ...agentHandlers(ctx),
    ...conversationHandlers(ctx),
    ...cannedMessageHandlers(ctx),
    ...departmentHandlers(ctx),
    ...engagementHandlers(ctx),
    ...searchHandlers(ctx),
    ...itemHandlers(ctx),
  ])
  const table = new Map<OperationId, { handler: OperationHandler; emulation: Emulation }>()
  for (const route of OPERATION_ROUTES) {
    const own = byOperation.get(route.operation)
    const kind = own ? undefined : genericKindOf(route)
    table.set(
      route.id,
      own
        ? { handler: own, emulation: 'faithful' }
        : kind
          ? { handler: genericHandler(route, kind, ctx, ids), emulation: 'generic' }
          : { handler: notEmulated(route), emulation: '501' },
    )
  }
  return {
    handler: (id) => table.get(id)!.handler,
    emulation: (id) => table.get(id)!.emulation,
  }
}
