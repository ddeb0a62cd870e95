import { CLIENT_HEADER, CLIENT_HEADER_VALUE } from '@uc-conversation/core'
import { DEV_HEADERS_META } from './dev-proxy-guard'

/**
 * For tests: the headers the demo's page sends to its dev server's proxy, read the way the page reads them (from
 * the `<meta>` in the HTML the dev server serves), plus core's client header.
 */
export async function pageHeaders(origin: string): Promise<Record<string, string>> {
  const html = await (await fetch(`${origin}/`)).text()
  const content = new RegExp(`<meta name="${DEV_HEADERS_META}" content="([^"]*)"`).exec(html)?.[1]
  if (!content) throw new Error(`no ${DEV_HEADERS_META} meta in the page of ${origin}`)
  const headers = JSON.parse(content.replaceAll('&quot;', '"').replaceAll('&amp;', '&')) as Record<
    string,
    string
  >
  return { ...headers, [CLIENT_HEADER]: CLIENT_HEADER_VALUE }
}
