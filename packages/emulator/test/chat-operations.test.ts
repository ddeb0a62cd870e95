import type { ConversationHttpError } from '@uc-conversation/core'
import {
  deleteConversationCannedMessage,
  deleteDepartment,
  getAgentProfile,
  getAgentProfiles,
  getConversationCannedMessages,
  getConversationContext,
  getConversationDepartmentMemberList,
  getConversationEngagement,
  getConversationItemVariations,
  getConversations,
  getConversationsAutocomplete,
  getConversationsSearch,
  getLocationsForEngagement,
  insertConversationCannedMessage,
  insertConversationDepartment,
  insertConversationEngagement,
  joinConversation,
  markReadConversation,
  searchConversationCannedMessages,
  smsUnsubscribeConversation,
  updateAgentProfile,
  updateConversationCannedMessage,
} from '@uc-conversation/core/operations'
import { afterEach, describe, expect, it } from 'vitest'
import { openAgentSocket, setup } from './helpers'

// The chat operations of today's API, emulated with state: what a console does with each, in-process.

let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  await cleanup?.()
  cleanup = undefined
})
const start = async () => {
  const env = await setup('in-process', { customers: { autoReply: false } })
  cleanup = env.close
  return env
}
const refused = async (promise: Promise<unknown>) =>
  (await promise.then(
    () => {
      throw new Error('expected a refusal')
    },
    (e: unknown) => e,
  )) as ConversationHttpError

describe('canned messages', () => {
  it('are listed by short code, searched by its prefix (max_results), updated and deleted', async () => {
    const { client } = await start()
    for (const [short_code, canned_message] of [
      ['shipping', 'Orders ship within 2 business days.'],
      ['hello', 'Hello! How can I help?'],
      ['shipping-eu', 'EU orders ship from Berlin.'],
    ])
      await client.call(insertConversationCannedMessage, { short_code, canned_message })
    const all = (await client.call(getConversationCannedMessages)).conversation_canned_messages!
    expect(all.map((m) => m.short_code)).toEqual(['hello', 'shipping', 'shipping-eu'])
    expect(new Set(all.map((m) => m.conversation_canned_message_oid)).size).toBe(3)
    const found = await client.call(searchConversationCannedMessages, { short_code: 'SHIP', max_results: 1 })
    expect(found.conversation_canned_messages?.map((m) => m.short_code)).toEqual(['shipping'])
    const oid = all[1]!.conversation_canned_message_oid!
    const updated = await client.call(updateConversationCannedMessage, oid, {
      short_code: 'shipping',
      canned_message: 'Orders ship the next business day.',
    })
    expect(updated.conversation_canned_message).toMatchObject({ conversation_canned_message_oid: oid })
    await client.call(deleteConversationCannedMessage, oid)
    expect((await client.call(getConversationCannedMessages)).conversation_canned_messages).toHaveLength(2)
    expect((await refused(client.call(deleteConversationCannedMessage, oid))).status).toBe(404)
  })

  it('refuse a short code in use, a missing message and an unknown department, naming the field', async () => {
    const { client } = await start()
    await client.call(insertConversationCannedMessage, { short_code: 'hello', canned_message: 'Hi' })
    const duplicate = await refused(
      client.call(insertConversationCannedMessage, { short_code: 'hello', canned_message: 'x' }),
    )
    expect(duplicate).toMatchObject({ status: 400, developerMessage: 'short_code hello is already in use' })
    const empty = await refused(client.call(insertConversationCannedMessage, { short_code: 'bye' }))
    expect(empty).toMatchObject({ status: 400, developerMessage: 'canned_message is required' })
    const department = await refused(
      client.call(insertConversationCannedMessage, {
        short_code: 'x',
        canned_message: 'y',
        conversation_department_oids: [77],
      }),
    )
    expect(department.developerMessage).toMatch(/conversation_department_oids: no department 77/)
  })
})

describe('departments and engagements', () => {
  it('departments hold agents by user id; deleting one frees what pointed at it', async () => {
    const { client } = await start()
    const me = (await client.call(getAgentProfile)).agent_profile!
    const created = await client.call(insertConversationDepartment, {
      department_name: 'Support',
      members: [{ user_id: me.user_id, member: true }],
    })
    const oid = created.conversation_department!.conversation_department_oid!
    expect(created.conversation_department?.members).toEqual([
      { user_id: me.user_id, name: 'Demo Agent', member: true, ai: false },
    ])
    expect((await client.call(getConversationDepartmentMemberList)).conversation_department_members).toEqual([
      { user_id: me.user_id, name: 'Demo Agent', ai: false, member: true },
    ])
    await client.call(insertConversationCannedMessage, {
      short_code: 'hi',
      canned_message: 'Hi',
      conversation_department_oids: [oid],
    })
    await client.call(deleteDepartment, oid)
    const [message] = (await client.call(getConversationCannedMessages)).conversation_canned_messages!
    expect(message?.conversation_department_oids).toEqual([])
    expect(
      (await client.call(getConversationDepartmentMemberList)).conversation_department_members?.[0]?.member,
    ).toBe(false)
    const stranger = await refused(
      client.call(insertConversationDepartment, {
        department_name: 'Sales',
        members: [{ user_id: 1, member: true }],
      }),
    )
    expect(stranger.developerMessage).toBe('members: no agent with user_id 1')
  })

  it('engagements keep their equation; an enum out of range is refused with its path', async () => {
    const { client } = await start()
    const equation = {
      groups: [
        {
          functions: [
            {
              type: 'customers location' as const,
              customers_location_logic: 'is' as const,
              customers_location_country: 'US',
            },
          ],
        },
      ],
    }
    const created = await client.call(insertConversationEngagement, {
      engagement_name: 'US visitors',
      visitor_type: 'first time',
      time_on_page: 20,
      equation,
    })
    const oid = created.conversation_engagement!.conversation_engagement_oid!
    expect((await client.call(getConversationEngagement, oid)).conversation_engagement).toMatchObject({
      engagement_name: 'US visitors',
      visitor_type: 'first time',
      equation,
      active: false,
    })
    const bad = await refused(
      client.call(insertConversationEngagement, {
        engagement_name: 'x',
        equation: { groups: [{ functions: [{ type: 'phase of the moon' }] }] },
      } as never),
    )
    expect(bad).toMatchObject({
      status: 400,
      developerMessage: 'equation.groups[0].functions[0].type is not valid',
    })
    expect((await refused(client.call(getConversationEngagement, 999))).status).toBe(404)
    const countries = (await client.call(getLocationsForEngagement)).countries!
    expect(countries.find((c) => c.iso2 === 'US')?.state_provinces).toContainEqual({
      abbreviation: 'OR',
      name: 'Oregon',
    })
  })
})

describe('agent profiles', () => {
  it('read and update the calling agent; every profile lists the change; bad values name the field', async () => {
    const { client } = await start()
    const before = (await client.call(getAgentProfile)).agent_profile!
    expect(before).toMatchObject({
      name: 'Demo Agent',
      display_name: 'Demo Agent',
      default_status: 'available',
    })
    const after = await client.call(updateAgentProfile, {
      display_name: 'Dee',
      chat_limit: 3,
      default_status: 'busy',
    })
    expect(after.agent_profile).toMatchObject({ user_id: before.user_id, display_name: 'Dee', chat_limit: 3 })
    expect((await client.call(getAgentProfiles)).agent_profiles?.[0]).toMatchObject({ display_name: 'Dee' })
    const bad = await refused(client.call(updateAgentProfile, { chat_limit: -1 }))
    expect(bad).toMatchObject({
      status: 400,
      developerMessage: 'chat_limit must be an integer from 0 to 100',
    })
  })
})

describe('search, autocomplete, mark read, SMS unsubscribe, items', () => {
  it('search finds by text, email and medium, pages by range; autocomplete completes emails', async () => {
    const { client, emulator } = await start()
    const ada = emulator.customers.arrive({
      queue: 'support',
      name: 'Ada Moreau',
      email: 'ada@example.com',
      question: 'My parcel is late',
    })
    emulator.customers.arrive({
      queue: 'sales',
      name: 'Ben Okafor',
      email: 'ben@example.com',
      question: 'Do you ship to Canada?',
    })
    await client.startConversation({ add_conversation_participant_arns: ['+15555550123'] })
    const text = await client.call(getConversationsSearch, { text_search: 'PARCEL' })
    expect(text.records?.map((r) => r.conversation_uuid)).toEqual([ada.conversationUuid])
    expect(text.total).toBe(1)
    const email = await client.call(getConversationsSearch, { email_filter: 'ben@' })
    expect(email.records?.[0]?.participants?.map((p) => p.conversation_participant_name)).toContain(
      'Ben Okafor',
    )
    const sms = await client.call(getConversationsSearch, { medium_filter: 'sms' })
    expect(sms.records?.map((r) => r.medium)).toEqual(['sms'])
    const paged = await client.call(getConversationsSearch, { range_begin: 1, range_end: 2 })
    expect(paged).toMatchObject({ range_begin: 1, range_end: 2, total: 3 })
    expect(paged.records).toHaveLength(1)
    const complete = await client.call(getConversationsAutocomplete, { field: 'email', term: 'AD' })
    expect(complete).toMatchObject({
      field: 'email',
      term: 'AD',
      results: [{ value: 'ada@example.com', description: 'Ada Moreau' }],
    })
    const unknown = await refused(
      client.call(getConversationsAutocomplete, { field: 'shoe_size', term: '4' }),
    )
    expect(unknown.developerMessage).toBe('field must be one of email, name, sms_phone_number')
  })

  it('markReadConversation reads everything for the calling agent; smsUnsubscribe only for SMS', async () => {
    const { client, emulator } = await start()
    const { conversationUuid } = emulator.customers.arrive({ queue: 'support' })
    await client.joinConversation(conversationUuid)
    emulator.customers.say(conversationUuid, 'Hello?')
    const unread = () =>
      client
        .call(getConversations)
        .then((r) => r.conversations?.find((c) => c.conversation_uuid === conversationUuid))
    expect((await unread())?.unread_messages).toBe(true)
    await client.call(markReadConversation, conversationUuid)
    expect((await unread())?.unread_messages).toBe(false)
    const webchat = await refused(client.call(smsUnsubscribeConversation, conversationUuid))
    expect(webchat).toMatchObject({ status: 400 })
    const sms = await client.startConversation({ add_conversation_participant_arns: ['+15555550123'] })
    await expect(
      client.call(smsUnsubscribeConversation, sms.conversation!.conversation_uuid!),
    ).resolves.toBeUndefined()
    expect(
      emulator.snapshot().conversations.find((c) => c.uuid === sms.conversation!.conversation_uuid)
        ?.smsUnsubscribed,
    ).toBe(true)
  })

  it('item variations come from the catalogue; an unknown item is a 404 in the envelope', async () => {
    const { client } = await start()
    const { item } = await client.call(getConversationItemVariations, 'tshirt')
    expect(item).toMatchObject({ merchant_item_id: 'TSHIRT', pricing: { cost: 24, currency_code: 'USD' } })
    expect(item?.variations?.map((v) => [v.name, v.options?.map((o) => o.value)])).toEqual([
      ['Size', ['S', 'M', 'L', 'XL']],
      ['Color', ['Black', 'White', 'Navy']],
    ])
    const unknown = await refused(client.call(getConversationItemVariations, 'NOPE'))
    expect(unknown).toMatchObject({ status: 404, developerMessage: 'item NOPE not found' })
  })

  it('getConversations honours before (conversations whose last activity is earlier, as the list is ordered)', async () => {
    const { client, emulator } = await start()
    const first = emulator.customers.arrive({ queue: 'support' })
    emulator.clock.advance(60_000)
    const cut = new Date(emulator.clock.now()).toISOString()
    emulator.customers.arrive({ queue: 'support' })
    const older = await client.call(getConversations, { before: cut })
    expect(older.conversations?.map((c) => c.conversation_uuid)).toEqual([first.conversationUuid])
  })

  it('a snapshot keeps the chat set-up and the webchat contexts', async () => {
    const { client, emulator } = await start()
    await client.call(insertConversationCannedMessage, { short_code: 'hi', canned_message: 'Hi' })
    const { conversationUuid } = emulator.customers.arrive({ queue: 'support' })
    const snapshot = emulator.snapshot()
    await client.call(insertConversationCannedMessage, { short_code: 'later', canned_message: 'Later' })
    emulator.customers.addToCart(conversationUuid, 'MUG')
    emulator.restore(snapshot)
    expect(
      (await client.call(getConversationCannedMessages)).conversation_canned_messages?.map(
        (m) => m.short_code,
      ),
    ).toEqual(['hi'])
    expect(emulator.snapshot().conversations[0]?.webchat).toEqual(snapshot.conversations[0]?.webchat)
  })
})

describe('demo data', () => {
  it('brings saved replies, a department, an engagement and the live customer’s cart', async () => {
    const env = await setup('in-process', { demoData: true, customers: { autoReply: false } })
    cleanup = env.close
    const { client, emulator } = env
    const replies = (await client.call(getConversationCannedMessages)).conversation_canned_messages
    expect(replies?.map((m) => m.short_code)).toEqual(['discount', 'hello', 'returns', 'shipping'])
    const live = emulator.state
      .conversations()
      .find((c) => c.participants?.some((p) => p.conversation_participant_name === 'Priya Raman'))
    const context = await client.call(getConversationContext, live!.conversation_uuid!)
    expect(context.cart?.items?.map((i) => [i.item_id, i.quantity])).toEqual([['MUG', 2]])
    expect(context.cart?.coupons).toEqual([{ coupon_code: 'SPRING10' }])
    expect(context.current_url).toBe('https://shop.example.com/cart')
  })
})

describe("today's fields of conversations and participants", () => {
  it('unanswered-since, last interactive message, SMS numbers and the language an agent joins with', async () => {
    const env = await setup('http', { customers: { autoReply: false } })
    cleanup = env.close
    const { client, emulator } = env
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support', question: 'Hello?' })
    const asked = emulator.state.messages(uuid)[0]!.message_dts
    emulator.clock.advance(1000)
    emulator.customers.say(uuid, 'Anyone there?')
    const summary = () => client.getConversation(uuid).then((r) => r.conversation!)
    expect(await summary()).toMatchObject({
      customer_first_message_unresponded_to_dts: asked,
      last_interactive_message_dts: emulator.state.messages(uuid)[1]!.message_dts,
      base_language_iso_code: 'en',
      virtual_agent: false,
    })
    await client.call(joinConversation, uuid, { body: { participant_language_iso_code: 'es' } })
    const socket = await openAgentSocket(client)
    socket.send({ type: 'message', conversation_uuid: uuid, message: { body: 'Hola, here!' } })
    await socket.waitFor((f) => f.type === 'message')
    socket.close()
    const answered = await summary()
    expect(answered.customer_first_message_unresponded_to_dts).toBeUndefined()
    expect(
      answered.participants?.find((p) => p.conversation_participant_arn === emulator.agents[0]!.arn),
    ).toMatchObject({
      language_iso_code: 'es',
    })
    const sms = await client.startConversation({ add_conversation_participant_arns: ['+15555550123'] })
    expect(sms.conversation?.participants?.map((p) => p.sms_phone_number)).toEqual([
      undefined,
      '+15555550123',
    ])
  })
})

describe('OAuth scopes of the new operations', () => {
  it("come from core's table: a read-only token may add a canned message (the spec says read) but not delete one", async () => {
    const env = await setup('in-process', {
      agents: [{ accessToken: 'reader', scopes: ['conversation_read'] }],
    })
    cleanup = env.close
    const reader = env.clientFor({ accessToken: 'reader' })
    const added = await reader.call(insertConversationCannedMessage, { short_code: 'x', canned_message: 'y' })
    const oid = added.conversation_canned_message!.conversation_canned_message_oid!
    const refusal = await refused(reader.call(deleteConversationCannedMessage, oid))
    expect(refusal).toMatchObject({ status: 401, errorCode: 'insufficient_scope' })
    expect((await reader.call(getConversationCannedMessages)).conversation_canned_messages).toHaveLength(1)
  })
})

describe('sentiment', () => {
  it('follows what the customer writes: none before, negative on a complaint, positive once they are happy', async () => {
    const { client, emulator } = await start()
    const sentiment = (uuid: string) => client.getConversation(uuid).then((r) => r.conversation?.sentiment)
    const agentStarted = await client.startConversation({
      add_conversation_participant_arns: ['+15555550123'],
    })
    expect(await sentiment(agentStarted.conversation!.conversation_uuid!)).toBeUndefined()
    const { conversationUuid: uuid } = emulator.customers.arrive({
      queue: 'support',
      question: 'My mug arrived damaged.',
    })
    expect(await sentiment(uuid)).toMatchObject({ sentiment: 'NEGATIVE', negative: 1, positive: 0 })
    emulator.clock.advance(1000)
    const thanks = emulator.customers.say(uuid, 'Thanks, that is great!')
    expect(await sentiment(uuid)).toMatchObject({
      sentiment: 'POSITIVE',
      positive: 0.67,
      last_detect_sentiment: thanks?.message_dts,
    })
  })
})
