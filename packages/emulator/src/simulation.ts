import type { ConversationWebsocketFrame } from '@uc-conversation/core'
import { activeAgentArns, type Broadcast, customerOf } from './broadcast'
import { cartItemOf } from './catalogue'
import type { TimerHandle, TimerSet } from './clock'
import type { CustomerControl, SimulatedCustomer, StepResult } from './customer-control'
import { FIRST_NAMES, GENERIC_QUESTIONS, GOODBYES, LAST_NAMES, QUESTIONS, REPLIES } from './customer-lines'
import { type CustomerOptions, DEFAULT_CUSTOMER_OPTIONS } from './customer-options'
import type { Random } from './random'
import type { Service } from './service'
import type { ConversationRecord, StateData } from './state'
import { addToCart, catalogueEntry, newWebchatContext, pickPage, visitPage } from './webchat-context'

/** The customers as {@link CustomerControl} plus what the emulator needs for seeding and snapshots. @internal */
export interface Simulation extends CustomerControl {
  /** Adopts the customer of an existing conversation (seeded history). */
  adopt(customer: SimulatedCustomer): void
  snapshot(): SimulatedCustomer[]
  /** Replaces the customers; their pending reactions are dropped. */
  restore(list: readonly SimulatedCustomer[]): void
  /** Stops the ticker and every pending reaction. */
  dispose(): void
}

/** @internal */
export function createSimulation(deps: {
  state: StateData
  service: Service
  broadcast: Broadcast
  timers: TimerSet
  random: Random
  /** The stream pages, carts and browsing are drawn from. */
  contextRandom: Random
  options: CustomerOptions
  now: () => number
}): Simulation {
  const { state, service, timers, random } = deps
  const options = { ...DEFAULT_CUSTOMER_OPTIONS, ...deps.options }
  const customers = new Map<string, SimulatedCustomer>()
  const inboxes = new Map<string, ConversationWebsocketFrame[]>()
  const pending = new Map<string, Set<TimerHandle>>()
  const replying = new Set<string>()
  let ticker: TimerHandle | undefined
  let interval = 0

  const later = (uuid: string, ms: number, run: () => void) => {
    const set = pending.get(uuid) ?? new Set()
    pending.set(uuid, set)
    const handle = timers.set(() => {
      set.delete(handle)
      run()
    }, ms)
    set.add(handle)
  }
  const cancelAll = (uuid: string) => {
    for (const h of pending.get(uuid) ?? []) timers.clear(h)
    pending.delete(uuid)
    replying.delete(uuid)
  }

  const conversationOf = (uuid: string): ConversationRecord => {
    const c = state.conversations.get(uuid)
    if (!c) throw new Error(`no conversation ${uuid}`)
    return c
  }
  const participantOf = (c: ConversationRecord) => {
    const p = customerOf(c)
    if (!p) throw new Error(`conversation ${c.uuid} has no customer`)
    return p
  }

  const say: CustomerControl['say'] = (uuid, body, sayOptions) => {
    const c = conversationOf(uuid)
    return service.postMessage(c, participantOf(c), {
      body,
      ...(sayOptions?.uploadKeys ? { upload_keys: sayOptions.uploadKeys } : {}),
    })
  }

  const leave = (uuid: string) => {
    const customer = customers.get(uuid)
    cancelAll(uuid)
    if (customer) customer.phase = 'gone'
    const c = state.conversations.get(uuid)
    if (c) service.close(c)
  }

  const react = (customer: SimulatedCustomer) => {
    const uuid = customer.conversationUuid
    later(uuid, options.readDelayMs, () => {
      const c = state.conversations.get(uuid)
      if (c && !c.closed) service.markRead(c, participantOf(c), { epoch: c.lastEpoch })
    })
    if (customer.phase !== 'chatting' || customer.repliesLeft <= 0 || replying.has(uuid)) return
    replying.add(uuid)
    const goodbye = customer.repliesLeft === 1
    const text = goodbye ? random.pick(GOODBYES) : random.pick(REPLIES)
    const delay = random.int(options.replyDelayMs[0], options.replyDelayMs[1])
    if (random.chance(options.typingChance))
      later(uuid, Math.floor(delay / 2), () => {
        const c = state.conversations.get(uuid)
        if (c && !c.closed) service.typing(c, participantOf(c), text.slice(0, Math.ceil(text.length / 2)))
      })
    later(uuid, delay, () => {
      replying.delete(uuid)
      const c = state.conversations.get(uuid)
      if (!c || c.closed) return
      service.typing(c, participantOf(c), '')
      say(uuid, text)
      customer.repliesLeft--
      if (goodbye) {
        customer.phase = 'done'
        later(uuid, options.leaveDelayMs, () => leave(uuid))
      }
    })
  }

  // Set while a customer is being created, so the frames pushed during creation (queue position) reach it.
  let arriving: Omit<SimulatedCustomer, 'conversationUuid' | 'arn' | 'joinMs' | 'lastAgentMs'> | undefined
  const register = (c: ConversationRecord) => {
    if (!arriving) return undefined
    const customer: SimulatedCustomer = {
      ...arriving,
      conversationUuid: c.uuid,
      arn: participantOf(c).arn,
      joinMs: c.startMs,
      lastAgentMs: c.startMs,
    }
    arriving = undefined
    customers.set(c.uuid, customer)
    return customer
  }

  deps.broadcast.onCustomerFrame((c, frame) => {
    const customer = customers.get(c.uuid) ?? register(c)
    if (!customer) return
    const inbox = inboxes.get(c.uuid) ?? []
    inboxes.set(c.uuid, inbox)
    inbox.push(structuredClone(frame))
    if (inbox.length > 500) inbox.shift()
    if (activeAgentArns(c).length > 0) customer.lastAgentMs = deps.now()
    if (frame.type === 'event' && frame.event_type === 'participant update' && customer.phase === 'waiting') {
      if (activeAgentArns(c).length > 0) customer.phase = 'chatting'
    }
    if (
      options.autoReply &&
      frame.type === 'message' &&
      frame.message.author_conversation_participant_arn !== customer.arn &&
      customer.phase !== 'gone'
    )
      react(customer)
  })

  const arrive = (input: { queue?: string; name?: string; email?: string; question?: string } = {}) => {
    const queues = [...state.queues.keys()]
    const queueName = input.queue ?? random.pick(queues)
    if (!state.queues.has(queueName)) throw new Error(`unknown queue ${queueName}`)
    const name = input.name ?? `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`
    const email = input.email ?? `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`
    const question = input.question ?? random.pick(QUESTIONS[queueName] ?? GENERIC_QUESTIONS)
    const patienceMs = random.int(options.patienceMs[0], options.patienceMs[1])
    const repliesLeft = random.int(options.exchanges[0], options.exchanges[1])
    arriving = { name, email, queueName, phase: 'waiting', patienceMs, repliesLeft }
    let c: ConversationRecord
    try {
      c = service.customerArrive({
        queueName,
        name,
        email,
        question,
        webchat: newWebchatContext(deps.contextRandom, state.merchantId, deps.now()),
      })
      if (!customers.has(c.uuid)) register(c)
    } finally {
      arriving = undefined
    }
    return { conversationUuid: c.uuid, arn: participantOf(c).arn, name, email, queue: queueName }
  }

  const browse: CustomerControl['browse'] = (uuid, page) => {
    const c = conversationOf(uuid)
    service.updateWebchat(c, (context) => visitPage(context, page ?? pickPage(deps.contextRandom)))
  }

  const step = (): StepResult => {
    const now = deps.now()
    const result: StepResult = { arrived: [], abandoned: [], left: [] }
    for (const customer of customers.values()) {
      const c = state.conversations.get(customer.conversationUuid)
      if (!c || c.closed) {
        customer.phase = 'gone'
        continue
      }
      const agents = activeAgentArns(c).length
      if (agents > 0) customer.lastAgentMs = now
      if (customer.phase === 'waiting' && agents > 0) customer.phase = 'chatting'
      if (customer.phase === 'waiting' && now - customer.joinMs >= customer.patienceMs) {
        leave(customer.conversationUuid)
        result.abandoned.push(customer.conversationUuid)
      } else if (
        customer.phase === 'chatting' &&
        agents === 0 &&
        now - customer.lastAgentMs >= options.idleLeaveMs
      ) {
        leave(customer.conversationUuid)
        result.left.push(customer.conversationUuid)
      }
    }
    for (const [uuid, customer] of customers)
      if (customer.phase === 'gone') {
        customers.delete(uuid)
        inboxes.delete(uuid)
      }
    for (const customer of customers.values())
      if (deps.contextRandom.chance(options.browseChance)) browse(customer.conversationUuid)
    const waiting = [...state.queues.values()].reduce((n, q) => n + q.entries.length, 0)
    if (state.queues.size > 0 && waiting < options.maxWaiting && random.chance(options.arrivalChance))
      result.arrived.push(arrive().conversationUuid)
    return result
  }

  return {
    arrive,
    say,
    leave,
    step,
    browse,
    addToCart(uuid, merchantItemId, quantity = 1) {
      const entry = catalogueEntry(merchantItemId)
      if (!entry) throw new Error(`no item ${merchantItemId} in the catalogue`)
      service.updateWebchat(conversationOf(uuid), (context) =>
        addToCart(context, [cartItemOf(entry, quantity)]),
      )
    },
    typing(uuid: string, value: string) {
      const c = conversationOf(uuid)
      service.typing(c, participantOf(c), value)
    },
    read(uuid: string) {
      const c = conversationOf(uuid)
      service.markRead(c, participantOf(c), { epoch: c.lastEpoch })
    },
    adopt(customer: SimulatedCustomer) {
      customers.set(customer.conversationUuid, { ...customer })
    },
    start(ms: number) {
      if (!(ms > 0)) throw new RangeError('start(intervalMs) needs intervalMs > 0')
      this.stop()
      interval = ms
      const tick = () => {
        ticker = timers.set(tick, interval)
        step()
      }
      ticker = timers.set(tick, interval)
    },
    stop() {
      timers.clear(ticker)
      ticker = undefined
    },
    get running() {
      return ticker !== undefined
    },
    list: () => [...customers.values()].map((c) => ({ ...c })),
    frames: (uuid: string) => structuredClone(inboxes.get(uuid) ?? []),
    snapshot: () => [...customers.values()].map((c) => ({ ...c })),
    restore(list: readonly SimulatedCustomer[]) {
      for (const uuid of pending.keys()) cancelAll(uuid)
      customers.clear()
      inboxes.clear()
      for (const c of list) customers.set(c.conversationUuid, { ...c })
    },
    dispose() {
      this.stop()
      for (const uuid of [...pending.keys()]) cancelAll(uuid)
    },
  }
}
