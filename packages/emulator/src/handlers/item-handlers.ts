import { getConversationItemVariations } from '@uc-conversation/core/operations'
import { itemOf } from '../catalogue'
import type { Internals } from '../internals'
import { envelope, type HandlerEntries } from '../operation-handler'
import { catalogueEntry } from '../webchat-context'
import { notFound } from './oid-param'

/** The shop's items, for an agent choosing what to add to a customer's cart. @internal */
export function itemHandlers(ctx: Internals): HandlerEntries {
  return [
    [
      getConversationItemVariations,
      ({ params }) => {
        const id = params.merchant_item_id ?? ''
        const entry = catalogueEntry(id)
        if (!entry) throw notFound('item', id)
        return envelope({ item: itemOf(entry, ctx.state.merchantId) })
      },
    ],
  ]
}
