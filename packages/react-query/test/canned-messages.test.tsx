import { act, renderHook, waitFor } from '@testing-library/react'
import { ConversationValidationError } from '@uc-conversation/core'
import { getConversationCannedMessages } from '@uc-conversation/core/operations'
import { afterEach, describe, expect, it } from 'vitest'
import {
  useCannedMessageSearch,
  useCannedMessages,
  useDeleteCannedMessage,
  useInsertCannedMessage,
  useUpdateCannedMessage,
} from '../src'
import { createHarness, type Harness } from './harness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

const LIST = /^GET \/conversation\/canned_messages$/
const SEARCH = /^POST \/conversation\/canned_messages\/search$/

describe('canned messages', () => {
  it('insert, update and delete change the cached list in place (no reload) and reload the searches on screen', async () => {
    h = createHarness({ socket: false })
    const { result } = renderHook(
      () => ({
        list: useCannedMessages(),
        search: useCannedMessageSearch({ short_code: 'gr' }),
        insert: useInsertCannedMessage(),
        update: useUpdateCannedMessage(),
        remove: useDeleteCannedMessage(),
      }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.list.isSuccess && result.current.search.isSuccess).toBe(true))
    expect(result.current.list.data).toEqual([])
    expect(result.current.search.data).toEqual([])

    await act(() => result.current.insert.mutateAsync({ short_code: 'greet', canned_message: 'Hello!' }))
    await waitFor(() => expect(result.current.search.data?.map((m) => m.short_code)).toEqual(['greet']))
    const greet = result.current.list.data?.[0]
    expect(greet).toMatchObject({ short_code: 'greet', canned_message: 'Hello!' })
    expect(greet?.conversation_canned_message_oid).toBeTypeOf('number')
    await act(() => result.current.insert.mutateAsync({ short_code: 'bye', canned_message: 'Goodbye!' }))
    expect(result.current.list.data?.map((m) => m.short_code)).toEqual(['greet', 'bye'])

    await act(() => result.current.update.mutateAsync({ ...greet, canned_message: 'Hi there!' }))
    expect(result.current.list.data?.map((m) => m.canned_message)).toEqual(['Hi there!', 'Goodbye!'])
    await waitFor(() => expect(result.current.search.data?.[0]?.canned_message).toBe('Hi there!'))

    await act(() => result.current.remove.mutateAsync(greet!.conversation_canned_message_oid!))
    expect(result.current.list.data?.map((m) => m.short_code)).toEqual(['bye'])
    await waitFor(() => expect(result.current.search.data).toEqual([]))

    // The list loaded once; every change reloaded the search on screen (4 changes, 5 loads).
    expect(h.count(LIST)).toBe(1)
    expect(h.count(SEARCH)).toBe(5)
    // And the cache says what the server has.
    const stored = await h.client.call(getConversationCannedMessages)
    expect(stored.conversation_canned_messages).toEqual(result.current.list.data)
  })

  it('an update without its oid fails with a validation error naming the field, before anything is sent', async () => {
    h = createHarness({ socket: false })
    const { result } = renderHook(() => useUpdateCannedMessage(), { wrapper: h.wrapper })
    const error = await act(() =>
      result.current.mutateAsync({ short_code: 'x', canned_message: 'y' }).catch((e: unknown) => e),
    )
    expect(error).toBeInstanceOf(ConversationValidationError)
    expect((error as Error).message).toContain('conversation_canned_message_oid')
    expect(h.requests).toEqual([])
  })

  it("the server's refusal is the mutation's error and leaves the list as it was", async () => {
    h = createHarness({ socket: false })
    const { result } = renderHook(() => ({ list: useCannedMessages(), insert: useInsertCannedMessage() }), {
      wrapper: h.wrapper,
    })
    await act(() => result.current.insert.mutateAsync({ short_code: 'dup', canned_message: 'one' }))
    await waitFor(() => expect(result.current.list.data).toHaveLength(1))
    const error = await act(() =>
      result.current.insert
        .mutateAsync({ short_code: 'dup', canned_message: 'two' })
        .catch((e: unknown) => e),
    )
    expect(error).toMatchObject({ kind: 'http', status: 400 })
    expect(result.current.list.data?.map((m) => m.canned_message)).toEqual(['one'])
  })
})
