import { createConversationClient, hourlyBudget } from '@uc-conversation/core'
import { createEmulator, EMULATOR_SIMPLE_KEY, type Emulator } from '@uc-conversation/emulator'
import { connectAgentSocket } from '@uc-conversation/rxjs'
import WebSocket from 'ws'
import { describeError, startMonitor } from './monitor'

/**
 * Queue monitor. Environment:
 * - `UC_SIMPLE_KEY` (and optionally `UC_BASE_URL`): a real UltraCart account; without them an emulator with
 *   simulated customers runs in this process.
 * - `GREET_AFTER_SECONDS` (default 30), `GREETING`.
 * - `EMULATOR_CUSTOMERS_INTERVAL_MS` (embedded emulator only, default 15000; 0 for none).
 */
async function main() {
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`)
  const env = process.env
  let emulator: Emulator | undefined
  let closeServer: (() => Promise<void>) | undefined
  let baseUrl = env.UC_BASE_URL
  let simpleKey = env.UC_SIMPLE_KEY

  if (!simpleKey) {
    emulator = createEmulator({ demoData: true })
    const server = await emulator.listen({ port: 0 })
    closeServer = server.close
    const customersEvery = Number(env.EMULATOR_CUSTOMERS_INTERVAL_MS ?? 15_000)
    if (customersEvery > 0) emulator.customers.start(customersEvery)
    baseUrl = server.url
    simpleKey = EMULATOR_SIMPLE_KEY
    log(`embedded emulator at ${server.url} (set UC_SIMPLE_KEY to use a real UltraCart account)`)
  } else {
    log(`using UltraCart at ${baseUrl ?? 'the default base URL'}`)
  }

  const client = createConversationClient({
    ...(baseUrl ? { baseUrl } : {}),
    simpleKey,
    budget: hourlyBudget(),
  })
  const socket = connectAgentSocket(client, { WebSocketCtor: WebSocket })
  const monitor = startMonitor({
    client,
    socket,
    log,
    greetAfterSeconds: Number(env.GREET_AFTER_SECONDS ?? 30),
    ...(env.GREETING ? { greeting: env.GREETING } : {}),
  })
  log('monitor started (Ctrl+C to stop)')

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    log(`${signal}: leaving conversations and shutting down`)
    const force = setTimeout(() => {
      log('shutdown took too long; exiting')
      process.exit(1)
    }, 10_000)
    force.unref()
    try {
      await monitor.stop()
      await closeServer?.()
      await emulator?.close()
      log('stopped')
      process.exitCode = 0
    } catch (error) {
      log(`shutdown failed: ${describeError(error)}`)
      process.exitCode = 1
    }
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
}

main().catch((error) => {
  console.error(`fatal: ${describeError(error)}`)
  process.exit(1)
})
