// @vitest-environment node
// Every ts/tsx example of the READMEs type-checks as a user's file against the built packages, under `strict`,
// `exactOptionalPropertyTypes` and bundler resolution (scripts/check-readme-examples.mjs; run `pnpm build` first).
import { beforeAll, describe, expect, it } from 'vitest'
import { checkReadmeExamples, extractBlocks, readmes } from '../../../scripts/check-readme-examples.mjs'

describe('README examples', () => {
  let result: ReturnType<typeof checkReadmeExamples>
  beforeAll(() => {
    result = checkReadmeExamples()
  }, 120_000)

  it('are found (the packages are built)', () => {
    expect({
      found: result.checked > 10,
      unbuilt: result.problems.filter((p) => p.startsWith('build first')),
    }).toEqual({
      found: true,
      unbuilt: [],
    })
  })

  it.each(readmes())('of %s compile', (readme) => {
    // Problems outside any README (a package not built) fail every README.
    expect(result.problems.filter((p) => p.startsWith(`${readme}:`) || !/^\S+\.md:\d/.test(p))).toEqual([])
  })
})

describe('extractBlocks', () => {
  it('takes ts and tsx fences, skips a block marked not-compiled with its reason, and looks inside no other fence', () => {
    const markdown = [
      '```ts', // line 1
      'const a = 1',
      '```',
      '<!-- not-compiled: a fragment of the block above -->',
      '',
      '```tsx',
      'a + 1',
      '```',
      '````md',
      '```ts',
      'not code of this README',
      '```',
      '````',
      '```sh',
      'npm test',
      '```',
    ].join('\n')
    expect(extractBlocks(markdown)).toEqual([
      { lang: 'ts', line: 2, code: 'const a = 1', skip: undefined },
      { lang: 'tsx', line: 7, code: 'a + 1', skip: 'a fragment of the block above' },
    ])
  })
})
