/** What `checkReadmeExamples` found: blocks checked, blocks skipped (with their reason), errors at README lines. */
export interface ReadmeExamplesResult {
  checked: number
  skipped: string[]
  problems: string[]
}
/** The READMEs checked: the root one and each package's, relative to the repository. */
export function readmes(): string[]
/** A TypeScript block of a Markdown text. */
export interface ReadmeBlock {
  lang: 'ts' | 'tsx'
  /** 1-based line of the block's first code line. */
  line: number
  code: string
  /** The reason of a `<!-- not-compiled: reason -->` comment right before the fence. */
  skip: string | undefined
}
export function extractBlocks(markdown: string): ReadmeBlock[]
/** Packages without `dist/index.d.ts`. */
export function unbuilt(): string[]
/** Type-checks every block of `paths` (default: {@link readmes}). */
export function checkReadmeExamples(paths?: string[]): ReadmeExamplesResult
