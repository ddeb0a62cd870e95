// The same eleven calls as scripts/size/core.js, made with openapi-fetch's typed paths. Types are erased at build
// time, so skipping the OpenAPI type generation does not change the bundle: what ships is createClient plus the
// call sites. Auth and version headers are set once, as a user would.
import createClient from 'openapi-fetch'

const c = createClient({
  baseUrl: 'https://secure.ultracart.com/rest/v2',
  headers: { 'x-ultracart-simple-key': 'k', 'X-UltraCart-Api-Version': '2017-03-01' },
})
const u = { params: { path: { conversation_uuid: 'u' } } }
export const all = [
  c.GET('/conversation/agent/keepalive'),
  c.PUT('/conversation/agent/auth'),
  c.GET('/conversation/conversations/{conversation_uuid}', {
    params: { path: { conversation_uuid: 'u' }, query: { limit: 1 } },
  }),
  c.GET('/conversation/conversations/{conversation_uuid}/messages/{since}', {
    params: { path: { conversation_uuid: 'u', since: 0 }, query: { limit: 1 } },
  }),
  c.GET('/conversation/upload_url/{extension}', { params: { path: { extension: 'jpg' } } }),
  c.GET('/conversation/conversations/queues/statuses'),
  c.GET('/conversation/conversations', { params: { query: { _limit: 1 } } }),
  c.PUT('/conversation/conversations/{conversation_uuid}/join', u),
  c.DELETE('/conversation/conversations/{conversation_uuid}/leave', u),
  c.PUT('/conversation/conversations', { body: {} }),
  c.PUT('/conversation/conversations/queues/{queue_name}/status', {
    params: { path: { queue_name: 'q' } },
    body: { agent_status: 'available' },
  }),
]
