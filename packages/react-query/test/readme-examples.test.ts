// @vitest-environment node
// Every ts/tsx example of the READMEs type-checks as a user's file against the built packages, under `strict`,
// `exactOptionalPropertyTypes` and bundler resolution (scripts/check-readme-examples.mjs; run `pnpm build` first).
import { beforeAll, describe, expect, it } from 'vitest'
import { checkReadmeExamples, readmes } from '../../../scripts/check-readme-examples.mjs'

describe('README examples', () => {
  let result: ReturnType<typeof checkReadmeExamples>
  beforeAll(() => {
    result = checkReadmeExamples()
  }, 120_000)

  it('are found', () => {
    expect(result.checked).toBeGreaterThan(10)
  })

  it.each(readmes())('of %s compile', (readme) => {
    // Problems outside any README (a package not built) fail every README.
    expect(result.problems.filter((p) => p.startsWith(`${readme}:`) || !/^\S+\.md:\d/.test(p))).toEqual([])
  })
})
