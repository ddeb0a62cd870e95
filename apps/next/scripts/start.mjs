#!/usr/bin/env node
// `pnpm dev` / `pnpm start`: Next on 127.0.0.1. Without UC_SIMPLE_KEY an emulator with demo data and simulated
// customers starts first and the app talks to it (UC_SIMPLE_KEY and UC_BASE_URL point there); with a key, to
// UltraCart (or UC_BASE_URL). UC_SESSION_SECRET signs the example's session cookie (random per start if unset).
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'

const mode = process.argv[2] === 'dev' ? 'dev' : 'start'
const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOSTNAME ?? '127.0.0.1'
const env = { ...process.env }
env.UC_SESSION_SECRET ||= randomBytes(32).toString('hex')

let close = async () => {}
if (!env.UC_SIMPLE_KEY) {
  const { createEmulator, EMULATOR_SIMPLE_KEY } = await import('@uc-conversation/emulator')
  const emulator = createEmulator({
    demoData: true,
    corsOrigins: [`http://${host}:${port}`, `http://localhost:${port}`],
  })
  const every = Number(env.UC_CUSTOMERS_INTERVAL_MS ?? 15_000)
  if (every > 0) emulator.customers.start(every)
  const server = await emulator.listen({ port: 0 })
  env.UC_SIMPLE_KEY = EMULATOR_SIMPLE_KEY
  env.UC_BASE_URL = server.url
  console.log(`[uc-conversation] emulator at ${server.url} (no UC_SIMPLE_KEY set)`)
  close = async () => {
    await server.close()
    await emulator.close()
  }
}

const next = createRequire(import.meta.url).resolve('next/dist/bin/next')
const child = spawn(process.execPath, [next, mode, '-p', String(port), '-H', host], { env, stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', async (code, signal) => {
  await close()
  process.exit(code ?? (signal ? 1 : 0))
})
