import { describe, expect, it } from 'vitest'
import { createConversationClient } from '../src'
import { CALL_OPTION_NAMES, OPERATIONS, type Operation, positionalCount } from '../src/operations'
import { recordingTransport } from './helpers'

describe('positionalCount is how the request loop reads a call', () => {
  it('for every operation, the argument after the positional ones is taken as the options', async () => {
    const { transport, requests } = recordingTransport()
    const client = createConversationClient({ transport })
    for (const [name, operation] of Object.entries(OPERATIONS) as [string, Operation][]) {
      const positional: unknown[] = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, p]) =>
        operation.ints?.[p!] ? 1 : 'x',
      )
      // A body that passes every rule of the table (enums: their first value).
      if (operation.body === 'required')
        positional.push(
          Object.fromEntries(
            Object.entries(operation.enums ?? {}).map(([field, values]) => [field, values[0]]),
          ),
        )
      expect(positional, name).toHaveLength(positionalCount(operation))
      const required = Object.fromEntries((operation.required ?? []).map((option) => [option, 'US']))
      const args: unknown[] = [...positional, { ...required, headers: { 'x-probe': name } }]
      // The upload extension has its own rule: a plain extension.
      if (name === 'getConversationMultimediaUploadUrl') args[0] = 'jpg'
      await client.call(operation, ...(args as never[]))
      expect(requests.at(-1)?.headers['x-probe'], name).toBe(name)
    }
    expect(requests).toHaveLength(Object.keys(OPERATIONS).length)
  })

  it('names exactly the options every call takes', () => {
    expect([...CALL_OPTION_NAMES].sort()).toEqual(['headers', 'retry', 'signal', 'timeoutMs'])
  })
})
