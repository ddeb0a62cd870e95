import { defineConfig } from 'tsup'
import { libraryBuild } from '../../tsup.base'

export default defineConfig({
  ...libraryBuild,
  entry: { index: 'src/index.ts', operations: 'src/operations/index.ts', proxy: 'src/proxy/index.ts' },
})
