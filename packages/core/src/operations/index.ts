// `@uc-conversation/core/operations`: every operation of UltraCart's Conversation API as a descriptor for
// `client.call(operation, ...args)`. Import the ones you use: a bundle carries only those.
export { CALL_OPTION_NAMES, positionalCount } from './call-args'
export type { Operation, OperationArgs, OperationResult } from './operation'
export { ADMIN_OPERATIONS, AGENT_CONSOLE_OPERATIONS, READ_ONLY_OPERATIONS } from './operation-sets'
export * from './table'
