import { describe, expect, it } from 'vitest'
import { parseParticipants } from './participant-arns'

describe('parseParticipants (the "Start conversation" rule)', () => {
  it('accepts phone numbers (separators dropped) and participant ARNs', () => {
    expect(
      parseParticipants(' +1 (555) 010-0142 , arn:ultracart:conversation:DEMO:participant:agent:2'),
    ).toEqual({
      ok: true,
      arns: ['+15550100142', 'arn:ultracart:conversation:DEMO:participant:agent:2'],
    })
    expect(parseParticipants('5550100142')).toEqual({ ok: true, arns: ['5550100142'] })
  })

  it.each([
    ['', 'Enter a phone number'],
    [' , ', 'Enter a phone number'],
    ['hello world', '“hello world” is neither'],
    ['+1 555', '“+1 555” is neither'],
    ['+1234567890123456', 'is neither'],
    ['arn:', '“arn:” is not a participant ARN'],
    ['arn:ultracart', 'is not a participant ARN'],
    ['arn:ultracart:conversation:x:participant:sms:+1555 0100', 'is not a participant ARN'],
    ['+15551234567, nope', '“nope” is neither'],
  ])('refuses %j, naming the entry', (text, problem) => {
    const parsed = parseParticipants(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem).toContain(problem)
  })
})
