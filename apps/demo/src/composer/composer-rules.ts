import { DEFAULT_MAX_BODY_LENGTH, DEFAULT_MAX_UPLOAD_BYTES } from '@uc-conversation/core'
import { formatBytes } from '../format'

/**
 * File types the console sends. The API asks only for an extension (1 to 10 letters or digits, the emulator's
 * rule; UltraCart publishes none); the console keeps to what a customer's browser can show.
 */
export const ACCEPTED_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'pdf', 'txt', 'csv'] as const
export const ACCEPT_ATTRIBUTE = ACCEPTED_EXTENSIONS.map((e) => `.${e}`).join(',')

/** Why a reply cannot be sent as it is (the server would refuse it), or undefined. */
export function bodyProblem(body: string): string | undefined {
  if (body.length <= DEFAULT_MAX_BODY_LENGTH) return undefined
  return `The reply is ${body.length.toLocaleString('en')} characters; a message can have at most ${DEFAULT_MAX_BODY_LENGTH.toLocaleString('en')}. Shorten it; your text is kept.`
}

/** Why a file cannot be attached (too large, or a type the console does not send), or undefined. */
export function fileProblem(file: { name: string; size: number }): string | undefined {
  if (file.size > DEFAULT_MAX_UPLOAD_BYTES)
    return `${file.name} is ${formatBytes(file.size)}; attachments can be at most ${formatBytes(DEFAULT_MAX_UPLOAD_BYTES)}.`
  const extension = /\.([a-z0-9]{1,10})$/i.exec(file.name)?.[1]?.toLowerCase()
  if (!extension || !(ACCEPTED_EXTENSIONS as readonly string[]).includes(extension))
    return `${file.name} cannot be sent: attach ${ACCEPTED_EXTENSIONS.join(', ')} files.`
  return undefined
}
