import { describe, expect, it } from 'vitest'
import { cannedTrigger, insertCanned } from './canned-trigger'

describe('cannedTrigger', () => {
  it('finds a / search at the start or after a space, with what follows it', () => {
    expect(cannedTrigger('/')).toEqual({ query: '', start: 0 })
    expect(cannedTrigger('/ship')).toEqual({ query: 'ship', start: 0 })
    expect(cannedTrigger('Thanks! /ret')).toEqual({ query: 'ret', start: 8 })
  })
  it('is no search once a space follows, inside a word or a URL', () => {
    expect(cannedTrigger('/ship now')).toBeUndefined()
    expect(cannedTrigger('and/or')).toBeUndefined()
    expect(cannedTrigger('see https://shop.example.com/returns')).toBeUndefined()
    expect(cannedTrigger('hello')).toBeUndefined()
  })
  it('replaces the search with the reply, keeping what was written before it', () => {
    expect(insertCanned('Thanks! /ret', 8, 'Returns are free.')).toBe('Thanks! Returns are free.')
  })
})
