import '../../scripts/vitest-node20.ts'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.test.ts', 'server/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One browser and one dev server for the whole file; files run one after another.
    fileParallelism: false,
  },
})
