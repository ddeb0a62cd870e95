// Realistic response bodies for benchmarks, built deterministically.
export function conversationResponse(targetBytes) {
  const messages = []
  const conversation = {
    conversation_uuid: '8a4b1c2d-0000-4000-8000-000000000001',
    conversation_arn: 'arn:uc:conversation:DEMO:8a4b1c2d',
    merchant_id: 'DEMO',
    medium: 'websocket',
    closed: false,
    visible: true,
    unread_messages: true,
    start_dts: '2026-11-24T10:00:00.000Z',
    participants: [
      {
        conversation_participant_uuid: 'p-1',
        conversation_participant_arn: 'arn:uc:participant:agent:1',
        conversation_participant_name: 'Demo Agent',
        status: 'joined',
        joined_dts: '2026-11-24T10:00:05.000Z',
        unread_messages: 0,
      },
      {
        conversation_participant_uuid: 'p-2',
        conversation_participant_arn: 'arn:uc:participant:customer:2',
        conversation_participant_name: 'Alex Customer',
        status: 'joined',
        joined_dts: '2026-11-24T10:00:00.000Z',
        unread_messages: 1,
      },
    ],
    messages,
  }
  const body = { success: true, conversation, metadata: { payload_name: 'conversation' } }
  for (let i = 0; JSON.stringify(body).length < targetBytes; i++) {
    messages.push({
      conversation_message_uuid: `m-${String(i).padStart(6, '0')}-4000-8000-000000000000`,
      client_message_id: i % 2 ? `c-${i}` : undefined,
      merchant_id: 'DEMO',
      type: 'message',
      author_conversation_participant_arn: `arn:uc:participant:${i % 2 ? 'agent:1' : 'customer:2'}`,
      author_conversation_participant_name: i % 2 ? 'Demo Agent' : 'Alex Customer',
      body: `Message ${i}: could you check the status of my order #${10000 + i}? Thanks a lot!`,
      media_urls: [],
      message_dts: new Date(Date.UTC(2026, 10, 24, 10, 0, i)).toISOString(),
      message_epoch: Date.UTC(2026, 10, 24, 10, 0, i),
      transport_statuses: [{ conversation_participant_arn: 'arn:uc:participant:customer:2', status: 'read' }],
    })
  }
  return JSON.stringify(body)
}

/** A 200-byte getConversationMultimediaUploadUrl answer. */
export const SMALL_BODY = (() => {
  const body = {
    success: true,
    conversation_multimedia_upload_url: { key: 'k', url: 'https://u.example.test/' },
  }
  body.conversation_multimedia_upload_url.key += 'x'.repeat(200 - JSON.stringify(body).length)
  return JSON.stringify(body)
})()

/** Median of numbers. */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[s.length >> 1]
}
