import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import {
  createEmulator,
  EMULATOR_SIMPLE_KEY,
  type Emulator,
  type EmulatorServer,
} from '@uc-conversation/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Collects a child's output and waits for lines matching a pattern. */
function watch(child: ChildProcess) {
  let output = ''
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = []
  const onData = (chunk: Buffer) => {
    output += chunk.toString()
    for (const w of [...waiters]) {
      const m = output.match(w.re)
      if (m) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(m)
      }
    }
  }
  child.stdout?.on('data', onData)
  child.stderr?.on('data', onData)
  return {
    get output() {
      return output
    },
    waitFor(re: RegExp, ms = 20_000): Promise<RegExpMatchArray> {
      const m = output.match(re)
      if (m) return Promise.resolve(m)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${re} in output:\n${output}`)),
          ms,
        )
        waiters.push({
          re,
          resolve: (match) => {
            clearTimeout(timer)
            resolve(match)
          },
        })
      })
    },
  }
}

describe('queue monitor service', () => {
  let emulator: Emulator
  let server: EmulatorServer

  beforeAll(async () => {
    execFileSync(process.execPath, ['build.mjs'], { cwd: root, stdio: 'inherit' })
    emulator = createEmulator({ customers: { autoReply: false } })
    server = await emulator.listen({ port: 0 })
  })
  afterAll(async () => {
    await emulator?.close()
  })

  it('logs queue statistics and messages, greets a waiting customer, leaves on SIGINT and exits 0', async () => {
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: root,
      env: {
        ...process.env,
        UC_BASE_URL: server.url,
        UC_SIMPLE_KEY: EMULATOR_SIMPLE_KEY,
        GREET_AFTER_SECONDS: '2',
        GREETING: 'Hello from the monitor',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const out = watch(child)
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    try {
      await out.waitFor(/connection live/)
      await out.waitFor(/queue \S+: waiting=0/)

      const customer = emulator.customers.arrive({ question: 'Where is my order #1234?' })
      await out.waitFor(/queue \S+: waiting=1/)
      emulator.customers.say(customer.conversationUuid, 'Are you there? It has been a while.')
      await out.waitFor(
        new RegExp(`message in ${customer.conversationUuid} from ${customer.name}: "Are you there\\? It has`),
      )

      // After two seconds of waiting the monitor joins and greets.
      await out.waitFor(new RegExp(`greeted ${customer.name} in ${customer.conversationUuid}`))
      const agentArn = emulator.agents[0]!.arn
      const messages = emulator.state.messages(customer.conversationUuid)
      expect(messages.filter((m) => m.body === 'Hello from the monitor')).toHaveLength(1)
      const joined = emulator.state
        .conversation(customer.conversationUuid)
        ?.participants?.find((p) => p.conversation_participant_arn === agentArn)
      expect(joined?.status).toBe('active')

      child.kill('SIGINT')
      expect(await exited).toBe(0)
      expect(out.output).toMatch(new RegExp(`left ${customer.conversationUuid}`))
      const after = emulator.state
        .conversation(customer.conversationUuid)
        ?.participants?.find((p) => p.conversation_participant_arn === agentArn)
      expect(after?.left_dts).toBeTruthy()
      // Never a credential in the logs.
      expect(out.output).not.toContain(EMULATOR_SIMPLE_KEY)
      expect(out.output).not.toMatch(/eyJ[\w-]+\.[\w-]+/)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  })
})
