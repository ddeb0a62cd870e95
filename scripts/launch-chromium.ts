// Debian's Chromium through playwright-core, with a fresh profile, as every browser test of the repository
// launches it. Each app passes its own playwright-core `chromium` (pnpm keeps dependencies per package).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Where Chromium is: `CHROMIUM_PATH`, else Debian's package. */
export const CHROMIUM: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** The part of playwright-core's `chromium` used here. */
export interface ChromiumLauncher<Context extends { close(): Promise<void> }> {
  launchPersistentContext(userDataDir: string, options: Record<string, unknown>): Promise<Context>
}

/**
 * Launches headless Chromium with a profile of its own in the temporary folder; `close` ends it and removes the
 * profile. Fails with a clear message (how to install it) when it cannot start.
 */
export async function launchChromium<Context extends { close(): Promise<void> }>(
  chromium: ChromiumLauncher<Context>,
  options: { profilePrefix: string; viewport?: { width: number; height: number } | undefined },
): Promise<{ context: Context; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), options.profilePrefix))
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      ...(options.viewport ? { viewport: options.viewport } : {}),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
    return {
      context,
      close: async () => {
        await context.close()
        rmSync(profile, { recursive: true, force: true })
      },
    }
  } catch (error) {
    rmSync(profile, { recursive: true, force: true })
    throw new Error(
      `Could not launch Chromium at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium, or set ` +
        `CHROMIUM_PATH): ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}
