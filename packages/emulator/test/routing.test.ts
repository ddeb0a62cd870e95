import { afterEach, describe, expect, it } from 'vitest'
import { createEmulator, type Emulator } from '../src'

// Routes come from core's operation table: literal segments win over parameters, 405 names the methods the
// table gives a path, HEAD is GET without a body.

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

const call = (path: string, method = 'GET') => {
  emulator ??= createEmulator({ clock: 'manual' })
  const { baseUrl, fetch, simpleKey } = emulator.clientOptions()
  return fetch!(`${baseUrl}${path}`, { method, headers: { 'x-ultracart-simple-key': simpleKey! } })
}

describe('routing from the table', () => {
  it('a literal segment wins over a parameter: /pbx/agent/voicemails is not the agent "voicemails"', async () => {
    const answer = await call('/conversation/pbx/agent/voicemails')
    expect(answer.status).toBe(200)
    expect(await answer.json()).toEqual({ success: true, voicemail_message_summaries: [], metadata: {} })
  })

  it('405 lists the methods the table gives the path, in the envelope', async () => {
    const answer = await call('/conversation/canned_messages', 'DELETE')
    expect(answer.status).toBe(405)
    expect(answer.headers.get('allow')).toBe('GET, HEAD, POST')
    expect(answer.headers.get('uc-rest-error')).toBe('Method not allowed.')
    expect(await answer.json()).toMatchObject({ success: false, error: { error_code: 'method_not_allowed' } })
  })

  it('HEAD answers as GET without a body', async () => {
    const answer = await call('/conversation/canned_messages', 'HEAD')
    expect(answer.status).toBe(200)
    expect(await answer.text()).toBe('')
  })

  it('a path outside the table is a 404 in the envelope', async () => {
    const answer = await call('/conversation/nothing/here')
    expect(answer.status).toBe(404)
    expect(await answer.json()).toMatchObject({ success: false, error: { error_code: 'not_found' } })
  })
})
