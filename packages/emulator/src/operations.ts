/** The eleven operations under UltraCart's names, plus the emulator's upload and media routes. */
export type OperationName =
  | 'getAgentKeepAlive'
  | 'getAgentWebsocketAuthorization'
  | 'getConversation'
  | 'getConversationMessages'
  | 'getConversationMultimediaUploadUrl'
  | 'getConversationWebchatQueueStatuses'
  | 'getConversations'
  | 'joinConversation'
  | 'leaveConversation'
  | 'startConversation'
  | 'updateConversationWebchatQueueStatus'
  | 'uploadFile'
  | 'getMedia'

const seg = '[^/]+'
const TABLE: [OperationName, string, RegExp][] = [
  ['getAgentKeepAlive', 'GET', /^\/rest\/v2\/conversation\/agent\/keepalive$/],
  ['getAgentWebsocketAuthorization', 'PUT', /^\/rest\/v2\/conversation\/agent\/auth$/],
  [
    'getConversationWebchatQueueStatuses',
    'GET',
    /^\/rest\/v2\/conversation\/conversations\/queues\/statuses$/,
  ],
  [
    'updateConversationWebchatQueueStatus',
    'PUT',
    new RegExp(`^/rest/v2/conversation/conversations/queues/${seg}/status$`),
  ],
  [
    'getConversationMessages',
    'GET',
    new RegExp(`^/rest/v2/conversation/conversations/${seg}/messages/${seg}$`),
  ],
  ['joinConversation', 'PUT', new RegExp(`^/rest/v2/conversation/conversations/${seg}/join$`)],
  ['leaveConversation', 'DELETE', new RegExp(`^/rest/v2/conversation/conversations/${seg}/leave$`)],
  ['getConversation', 'GET', new RegExp(`^/rest/v2/conversation/conversations/${seg}$`)],
  ['getConversations', 'GET', /^\/rest\/v2\/conversation\/conversations$/],
  ['startConversation', 'PUT', /^\/rest\/v2\/conversation\/conversations$/],
  ['getConversationMultimediaUploadUrl', 'GET', new RegExp(`^/rest/v2/conversation/upload_url/${seg}$`)],
  ['uploadFile', 'PUT', new RegExp(`^/uploads/${seg}$`)],
  ['getMedia', 'GET', new RegExp(`^/media/${seg}$`)],
]

/** The operation a method and path name, if any (HEAD counts as GET). */
export function operationOf(method: string, pathname: string): OperationName | undefined {
  const m = method === 'HEAD' ? 'GET' : method
  for (const [name, verb, pattern] of TABLE) if (verb === m && pattern.test(pathname)) return name
  return undefined
}

/**
 * The methods some operation accepts on this path, for 405's `Allow` (HEAD wherever GET is; empty: unknown
 * path).
 */
export function allowedMethods(pathname: string): string[] {
  const methods = new Set<string>()
  for (const [, verb, pattern] of TABLE)
    if (pattern.test(pathname)) {
      methods.add(verb)
      if (verb === 'GET') methods.add('HEAD')
    }
  return ['GET', 'HEAD', 'PUT', 'DELETE'].filter((m) => methods.has(m))
}
