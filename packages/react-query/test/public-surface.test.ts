// What the package's two entries export at runtime: the cache's internals (structural sharing, the frame-to-list
// writer, the offset rule) stay inside, so they can change without a major version.
import { describe, expect, it } from 'vitest'
import * as main from '../src'
import * as server from '../src/server'

const SERVER_EXPORTS = [
  'CONVERSATION_KEY_ROOT',
  'DEFAULT_CONVERSATIONS_PAGE_SIZE',
  'SEND_MESSAGE_MUTATION_KEY',
  'agentProfileMutations',
  'cannedMessageMutations',
  'cannedMessageQueries',
  'conversationKeys',
  'conversationMutations',
  'conversationQueries',
  'flattenConversations',
  'isPermanentError',
  'operationMutationOptions',
  'operationQueryOptions',
  'webchatContextQueryOptions',
  'withoutPermanentRetries',
]

describe('public surface', () => {
  it('./server exports the options, keys and retry guard, no cache internals', () => {
    expect(Object.keys(server).sort()).toEqual(SERVER_EXPORTS)
  })

  it('the main entry adds only the provider and hooks', () => {
    const added = Object.keys(main).filter((name) => !SERVER_EXPORTS.includes(name))
    expect(added.every((name) => /^(use[A-Z]|ConversationProvider$)/.test(name))).toBe(true)
    for (const internal of [
      'applyFrameToConversationList',
      'shareConversationPages',
      'shareConversationDetail',
      'nextConversationsOffset',
    ])
      expect(main).not.toHaveProperty(internal)
  })
})
