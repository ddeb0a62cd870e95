import {
  ConversationNetworkError,
  ConversationValidationError,
  type ConversationWebchatContext,
} from '@uc-conversation/core'
import { getConversationContext } from '@uc-conversation/core/operations'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeSocketSetup, flush, http } from '../test/fakes'
import {
  type ConversationContextState,
  conversationContext,
  reduceConversationContext,
} from './conversation-context'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const page = (url: string, cart_id = 'cart-1') => ({
  type: 'event' as const,
  event_type: 'webchat context' as const,
  conversation_uuid: 'c',
  event_webchat_context: { url, cart_id, ucacid: 'u-1' },
})
const coupon = (coupon_code: string, uuid = 'c') => ({
  type: 'event' as const,
  event_type: 'add coupon' as const,
  conversation_uuid: uuid,
  event_add_coupon: { agent_arn: 'arn:ann', agent_name: 'Ann', coupon_code },
})
const item = (item_id: string) => ({
  type: 'event' as const,
  event_type: 'add item' as const,
  conversation_uuid: 'c',
  event_add_item: { agent_arn: 'arn:ann', items: [{ item_id, quantity: 1 }] },
})
const context = (current_url: string): ConversationWebchatContext => ({
  current_url,
  cart: { cart_id: 'cart-1', items: [{ item_id: 'SKU-0', quantity: 1 }] },
  session_start_dts: '2026-01-01T11:00:00.000Z',
})

function setUp() {
  const { server, fakes, socket } = fakeSocketSetup()
  const seed = { context: context('https://shop.test/') }
  const load = vi.fn(async (_signal: AbortSignal) => seed.context)
  return { server, fakes, socket, seed, load }
}

describe('reduceConversationContext', () => {
  const empty = { context: context('https://shop.test/'), page: undefined, coupons: [], items: [] }

  it('follows the page, lists each coupon code and each item addition once; other frames change nothing', () => {
    const moved = reduceConversationContext(empty, page('https://shop.test/cart'))
    expect(moved.context?.current_url).toBe('https://shop.test/cart')
    expect(moved.context?.cart).toBe(empty.context.cart)
    expect(moved.page).toEqual({ url: 'https://shop.test/cart', cart_id: 'cart-1', ucacid: 'u-1' })
    expect(reduceConversationContext(moved, page('https://shop.test/cart'))).toBe(moved)
    const withCoupon = reduceConversationContext(moved, coupon('TENOFF'))
    expect(reduceConversationContext(withCoupon, coupon('TENOFF'))).toBe(withCoupon)
    // A duplicated frame is listed once (the events carry no id); another addition is listed.
    const withA = reduceConversationContext(withCoupon, item('A'))
    expect(reduceConversationContext(withA, item('A'))).toBe(withA)
    const withItems = reduceConversationContext(withA, item('B'))
    expect(withItems.items.map((i) => i.items?.[0]?.item_id)).toEqual(['A', 'B'])
    expect(withItems.coupons.map((c) => c.coupon_code)).toEqual(['TENOFF'])
    expect(reduceConversationContext(withItems, { type: 'ping' })).toBe(withItems)
    expect(
      reduceConversationContext(withItems, { type: 'event', event_type: 'add item', event_add_item: {} }),
    ).toBe(withItems)
  })
})

describe('conversationContext', () => {
  it('is seeded by the load and follows the page, coupons and items of its conversation', async () => {
    const { fakes, socket, load } = setUp()
    const states: ConversationContextState[] = []
    const sub = conversationContext(socket, 'c', { load }).subscribe((s) => states.push(s))
    await flush()
    expect(states[0]).toMatchObject({ source: 'initial', context: { current_url: 'https://shop.test/' } })
    fakes.last.open()
    await flush()
    fakes.last.receive(page('https://shop.test/cart'))
    fakes.last.receive(coupon('TENOFF'))
    fakes.last.receive(coupon('OTHER', 'another-conversation'))
    fakes.last.receive(item('SKU-1'))
    // A coupon or an item changed the cart the loaded context shows: behind until it is loaded again.
    expect(states.at(-1)).toMatchObject({
      source: 'socket',
      freshness: 'behind',
      context: { current_url: 'https://shop.test/cart', cart: { cart_id: 'cart-1' } },
      coupons: [{ coupon_code: 'TENOFF' }],
      items: [{ items: [{ item_id: 'SKU-1' }] }],
    })
    await flush(10)
    expect(states.at(-1)).toMatchObject({ freshness: 'live', items: [{ items: [{ item_id: 'SKU-1' }] }] })
    // The first load, the catch-up when the socket opened, one for the coupon, and one for the item heard while
    // that one was in flight (its answer may predate the item).
    expect(load).toHaveBeenCalledTimes(4)
    sub.unsubscribe()
  })

  it('is loaded again after a reconnect, keeping the coupons and items it saw', async () => {
    const { fakes, socket, load, seed } = setUp()
    const states: ConversationContextState[] = []
    const sub = conversationContext(socket, 'c', { load }).subscribe((s) => states.push(s))
    await flush()
    fakes.last.open()
    await flush()
    fakes.last.receive(coupon('TENOFF'))
    const loads = load.mock.calls.length
    seed.context = {
      ...context('https://shop.test/checkout'),
      cart: { cart_id: 'cart-1', coupons: [{ coupon_code: 'TENOFF' }] },
    }
    fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(60_000)
    fakes.last.open()
    await flush()
    expect(load.mock.calls.length).toBeGreaterThan(loads)
    expect(states.at(-1)).toMatchObject({
      context: { current_url: 'https://shop.test/checkout' },
      coupons: [{ coupon_code: 'TENOFF' }],
    })
    sub.unsubscribe()
  })

  it('starts from a context loaded before (initial) and loads only to catch up when the socket opens', async () => {
    const { fakes, socket, load, seed } = setUp()
    const states: ConversationContextState[] = []
    const sub = conversationContext(socket, 'c', {
      load,
      initial: context('https://shop.test/ssr'),
    }).subscribe((s) => states.push(s))
    expect(states).toEqual([expect.objectContaining({ source: 'initial', coupons: [], items: [] })])
    expect(states[0]!.context?.current_url).toBe('https://shop.test/ssr')
    await flush()
    expect(load).not.toHaveBeenCalled()
    seed.context = context('https://shop.test/now')
    fakes.last.open()
    await flush()
    expect(load).toHaveBeenCalledTimes(1)
    expect(states.at(-1)).toMatchObject({
      source: 'catch-up',
      context: { current_url: 'https://shop.test/now' },
    })
    sub.unsubscribe()
  })

  it('an item added while a load is in flight is listed once', async () => {
    const { fakes, socket, load } = setUp()
    const states: ConversationContextState[] = []
    const sub = conversationContext(socket, 'c', { load }).subscribe((s) => states.push(s))
    await flush()
    fakes.last.open()
    await flush()
    let release: (() => void) | undefined
    load.mockImplementationOnce(async () => {
      await new Promise<void>((r) => (release = r))
      return context('https://shop.test/')
    })
    socket.reconnect()
    await flush()
    fakes.last.open()
    await flush()
    fakes.last.receive(item('SKU-1'))
    expect(states.at(-1)!.items).toHaveLength(1)
    release?.()
    await flush()
    expect(states.at(-1)!.items).toHaveLength(1)
    sub.unsubscribe()
  })

  it('reports a failed load as error while it retries, and clears it with the next load', async () => {
    const { socket, load } = setUp()
    load.mockRejectedValueOnce(new ConversationNetworkError('Request failed: ECONNREFUSED'))
    const states: ConversationContextState[] = []
    const sub = conversationContext(socket, 'c', { load }).subscribe((s) => states.push(s))
    await flush()
    expect(states[0]).toMatchObject({ context: undefined, freshness: 'stale', error: { kind: 'network' } })
    await vi.advanceTimersByTimeAsync(30_000)
    const loaded = states.find((s) => s.source === 'initial')
    expect(loaded).toMatchObject({ context: { current_url: 'https://shop.test/' } })
    expect(loaded?.error).toBeUndefined()
    sub.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('by default calls getConversationContext through the socket’s client', async () => {
    const { server, socket } = setUp()
    const call = vi.fn(async () => context('https://shop.test/'))
    Object.assign(server.client, { call })
    const states: ConversationContextState[] = []
    const sub = conversationContext(socket, 'c').subscribe((s) => states.push(s))
    await flush()
    expect(call).toHaveBeenCalledWith(
      getConversationContext,
      'c',
      expect.objectContaining({ signal: expect.any(AbortSignal) }),
    )
    expect(states[0]).toMatchObject({ context: { current_url: 'https://shop.test/' } })
    sub.unsubscribe()
  })

  it('tears down: no timer, no socket, the load aborted after unsubscribe', async () => {
    const { fakes, socket, load } = setUp()
    let signal: AbortSignal | undefined
    load.mockImplementation((s: AbortSignal) => {
      signal = s
      return new Promise(() => {})
    })
    const sub = conversationContext(socket, 'c', { load }).subscribe()
    await flush()
    expect(fakes.sockets).toHaveLength(1)
    sub.unsubscribe()
    await flush()
    expect(signal?.aborted).toBe(true)
    expect(fakes.last.isClosed).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('refuses an empty conversation uuid before anything is loaded, naming the field; a 404 ends the stream', async () => {
    const { socket, load } = setUp()
    expect(() => conversationContext(socket, '', { load })).toThrow(ConversationValidationError)
    expect(() => conversationContext(socket, '', { load })).toThrow(/conversation_uuid/)
    expect(load).not.toHaveBeenCalled()
    load.mockRejectedValue(http(404))
    let failed: unknown
    conversationContext(socket, 'c', { load }).subscribe({ error: (e) => (failed = e) })
    await flush()
    expect(failed).toMatchObject({ status: 404 })
  })
})
