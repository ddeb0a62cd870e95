// The demo's end-to-end tests drive Debian's Chromium (no browser downloads on these machines). Installs it
// with apt when it is missing and we are root; otherwise says how.
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

if (!existsSync(CHROMIUM)) {
  const root = process.getuid?.() === 0
  const hasApt = existsSync('/usr/bin/apt-get')
  if (root && hasApt) {
    console.log('Installing Chromium for the browser tests (apt-get install chromium)...')
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
      stdio: 'inherit',
    })
  } else {
    console.error(
      `Chromium not found at ${CHROMIUM}. Install Debian's package (sudo apt-get install chromium) or set CHROMIUM_PATH.`,
    )
    process.exit(1)
  }
}
