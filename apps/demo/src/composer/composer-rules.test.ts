import { DEFAULT_MAX_BODY_LENGTH, DEFAULT_MAX_UPLOAD_BYTES } from '@uc-conversation/core'
import { describe, expect, it } from 'vitest'
import { bodyProblem, fileProblem } from './composer-rules'

describe('composer rules', () => {
  it('refuses a body over core’s limit and accepts one at it', () => {
    expect(bodyProblem('x'.repeat(DEFAULT_MAX_BODY_LENGTH))).toBeUndefined()
    expect(bodyProblem('x'.repeat(DEFAULT_MAX_BODY_LENGTH + 1))).toMatch(/20,001 characters.*at most 20,000/)
  })
  it('refuses a file over the upload limit, without an extension, or of a type the console does not send', () => {
    expect(fileProblem({ name: 'a.png', size: DEFAULT_MAX_UPLOAD_BYTES })).toBeUndefined()
    expect(fileProblem({ name: 'a.PDF', size: 10 })).toBeUndefined()
    expect(fileProblem({ name: 'a.png', size: DEFAULT_MAX_UPLOAD_BYTES + 1 })).toMatch(/at most 10 MB/)
    expect(fileProblem({ name: 'setup.exe', size: 10 })).toMatch(/setup\.exe cannot be sent/)
    expect(fileProblem({ name: 'README', size: 10 })).toMatch(/cannot be sent/)
  })
})
