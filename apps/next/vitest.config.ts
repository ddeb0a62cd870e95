import '../../scripts/vitest-node20.ts'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.test.ts'],
    // The first run builds the app (`next build`), which takes a minute or two on a small machine.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
})
