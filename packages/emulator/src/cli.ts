#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { createEmulator } from './create-emulator'
import { EMULATOR_SIMPLE_KEY } from './options'

const USAGE = `Usage: uc-conversation-emulator [options]

  --port <n>               port to listen on (default 8787, 0 = any free port)
  --host <host>            interface to bind (default 127.0.0.1)
  --seed <seed>            seed of every random choice (default demo)
  --customers-interval <ms> simulated customers act every <ms> (default 15000, 0 = never)
  --empty                  start without the demo data set
  --cors-origin <origin>   allow a browser origin (repeatable; default the demo's localhost:5173)
  --quiet                  do not log requests
  --help                   show this help
`

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: 'demo' },
      'customers-interval': { type: 'string', default: '15000' },
      empty: { type: 'boolean', default: false },
      'cors-origin': { type: 'string', multiple: true },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(USAGE)
    return
  }
  const port = Number(values.port)
  const interval = Number(values['customers-interval'])
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('--port must be 0 to 65535')
  if (!Number.isInteger(interval) || interval < 0) throw new Error('--customers-interval must be >= 0')

  const emulator = createEmulator({
    seed: values.seed,
    demoData: !values.empty,
    ...(values['cors-origin'] ? { corsOrigins: values['cors-origin'] } : {}),
    ...(values.quiet ? {} : { log: (line: string) => process.stdout.write(`${line}\n`) }),
  })
  const server = await emulator.listen({ port, host: values.host })
  if (interval > 0) emulator.customers.start(interval)
  process.stdout.write(
    [
      'UltraCart Conversation emulator',
      `  base URL:      ${server.url}`,
      `  simple key:    ${EMULATOR_SIMPLE_KEY}`,
      `  websocket URL: ${server.websocketUrl}`,
      '',
    ].join('\n'),
  )

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    process.stdout.write(`${signal}: shutting down\n`)
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error: unknown) => {
  process.stderr.write(`uc-conversation-emulator: ${(error as Error)?.message ?? error}\n\n${USAGE}`)
  process.exit(2)
})
