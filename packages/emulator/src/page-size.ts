// The page sizes of getConversations are wire facts: core's, re-exported under the emulator's names.
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@uc-conversation/core'
