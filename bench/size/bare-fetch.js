// The floor: the eleven calls with fetch and one hand-written helper (headers, JSON body, throw on an error
// status, parse). No retries, timeouts, validation, error details or encoding of path parameters beyond
// encodeURIComponent: what a user writes before reaching for a client.
const base = 'https://secure.ultracart.com/rest/v2/conversation'
const call = async (method, path, body) => {
  const response = await fetch(base + path, {
    method,
    headers: {
      'x-ultracart-simple-key': 'k',
      'X-UltraCart-Api-Version': '2017-03-01',
      Accept: 'application/json',
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body && JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`)
  const text = await response.text()
  return text ? JSON.parse(text) : undefined
}
const e = encodeURIComponent
export const all = [
  call('GET', '/agent/keepalive'),
  call('PUT', '/agent/auth'),
  call('GET', `/conversations/${e('u')}?limit=1`),
  call('GET', `/conversations/${e('u')}/messages/${0}?limit=1`),
  call('GET', `/upload_url/${e('jpg')}`),
  call('GET', '/conversations/queues/statuses'),
  call('GET', '/conversations?_limit=1'),
  call('PUT', `/conversations/${e('u')}/join`),
  call('DELETE', `/conversations/${e('u')}/leave`),
  call('PUT', '/conversations', {}),
  call('PUT', `/conversations/queues/${e('q')}/status`, { agent_status: 'available' }),
]
