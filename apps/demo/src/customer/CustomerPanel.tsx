import type { ConversationSummary } from '@uc-conversation/core'
import { useConversation, useWebchatContext } from '@uc-conversation/react-query'
import { customerOf } from '../format'
import { CustomerCart } from './CustomerCart'
import { EarlierConversations } from './EarlierConversations'

interface Props {
  uuid: string | undefined
  /** The conversation as the live list has it (newest participants), if it is in the list. */
  summary: ConversationSummary | undefined
  me: string | undefined
  agents: ReadonlySet<string>
  onOpen: (uuid: string) => void
}

/** Who the customer is, where they are in the shop, their cart, and their earlier conversations. */
export function CustomerPanel({ uuid, summary, me, agents, onOpen }: Props) {
  // A conversation opened from a search or a link may not be in the loaded list: its own load then.
  const detail = useConversation(uuid ?? '', { enabled: !!uuid && !summary })
  const conversation = uuid ? (summary ?? detail.data) : undefined
  const customer = customerOf(conversation, me, agents)
  const webchat = conversation?.medium !== 'sms'
  // Live: rxjs's `conversationContext` loads it again when an event says the cart changed (an added item or
  // coupon, another page or cart), so the cart shown is the one the customer has now.
  const context = useWebchatContext(webchat ? conversation?.conversation_uuid : undefined)
  const value = context.data?.context
  const page = context.data?.page?.url ?? value?.current_url
  const pageTitle = [...(value?.page_view ?? [])].reverse().find((p) => p.url === page)?.title
  if (!conversation) return null
  return (
    <aside className="panel customer" aria-labelledby="customer-heading" data-testid="customer-panel">
      <h2 id="customer-heading">Customer</h2>
      <dl className="facts">
        <dt>Name</dt>
        <dd data-testid="customer-name">{customer?.conversation_participant_name ?? '–'}</dd>
        <dt>Email</dt>
        <dd data-testid="customer-email">{customer?.email ?? '–'}</dd>
        {customer?.sms_phone_number ? (
          <>
            <dt>Phone</dt>
            <dd>{customer.sms_phone_number}</dd>
          </>
        ) : null}
        <dt>Language</dt>
        <dd data-testid="customer-language">{customer?.language_iso_code ?? '–'}</dd>
        {webchat ? (
          <>
            <dt>On page</dt>
            <dd data-testid="customer-page">
              {page ? (
                <a href={page} target="_blank" rel="noopener noreferrer">
                  {pageTitle ?? page}
                </a>
              ) : (
                '–'
              )}
            </dd>
          </>
        ) : null}
      </dl>
      {webchat ? (
        <CustomerCart
          cart={value?.cart}
          addedItems={context.data?.items ?? []}
          addedCoupons={context.data?.coupons ?? []}
          loading={context.isPending}
          error={context.error}
        />
      ) : null}
      <EarlierConversations
        email={customer?.email}
        current={conversation.conversation_uuid}
        me={me}
        onOpen={onOpen}
      />
    </aside>
  )
}
