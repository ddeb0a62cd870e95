import { describe, expect, it } from 'vitest'
import { proxyPathSegments } from './proxy-path'

describe('proxyPathSegments', () => {
  it('decodes the segments below the base path', () => {
    expect(proxyPathSegments('/rest/v2/conversation/conversations/a%20b', '/rest/v2')).toEqual([
      'conversation',
      'conversations',
      'a b',
    ])
    expect(proxyPathSegments('/api/uc/rest/v2/conversation', '/api/uc/rest/v2/')).toEqual(['conversation'])
  })

  it.each([
    ['outside the base path', '/rest/v22/conversation'],
    ['the base path alone', '/rest/v2/'],
    ['..', '/rest/v2/conversation/../order'],
    ['.', '/rest/v2/conversation/./conversations'],
    ['encoded ..', '/rest/v2/conversation/%2E%2E/order'],
    ['encoded .', '/rest/v2/conversation/%2e/conversations'],
    ['an encoded slash', '/rest/v2/conversation/conversations/a%2fb'],
    ['an encoded backslash', '/rest/v2/conversation/conversations/a%5cb'],
    ['an encoded NUL', '/rest/v2/conversation/conversations/a%00'],
    ['an encoded newline', '/rest/v2/conversation/conversations/a%0a'],
    ['an empty segment', '/rest/v2/conversation//conversations'],
    ['a trailing slash', '/rest/v2/conversation/conversations/'],
    ['a broken escape', '/rest/v2/conversation/%E0%A4%A'],
  ])('refuses %s', (_name, path) => {
    expect(proxyPathSegments(path, '/rest/v2')).toBeUndefined()
  })
})
