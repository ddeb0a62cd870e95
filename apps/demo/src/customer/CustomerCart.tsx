import type { ConversationSchemas } from '@uc-conversation/core'
import type { WebchatContextData } from '@uc-conversation/react-query'
import { userMessage } from '../user-message'

interface Props {
  cart: ConversationSchemas['Cart'] | undefined
  /** Items agents added while the conversation was open (`add item` events). */
  addedItems: WebchatContextData['items']
  /** Coupons agents added (`add coupon` events). */
  addedCoupons: WebchatContextData['coupons']
  loading: boolean
  error: unknown
}

const money = (c: ConversationSchemas['Currency'] | undefined) =>
  c?.localized_formatted ?? (c?.value !== undefined ? c.value.toFixed(2) : '')

/** The customer's cart: items with quantity and price, coupons, subtotal. */
export function CustomerCart({ cart, addedItems, addedCoupons, loading, error }: Props) {
  const items = cart?.items ?? []
  const coupons = [
    ...new Set([
      ...(cart?.coupons ?? []).map((c) => c.coupon_code ?? ''),
      ...addedCoupons.map((c) => c.coupon_code ?? ''),
    ]),
  ].filter(Boolean)
  const added = addedItems.flatMap((e) => e.items ?? [])
  return (
    <section className="cart" aria-labelledby="cart-heading" data-testid="customer-cart">
      <h3 id="cart-heading">Cart</h3>
      {error ? (
        <p role="alert" className="inline-error">
          {userMessage(error)}
        </p>
      ) : null}
      {loading ? <p className="muted small-text">Loading the cart…</p> : null}
      {!loading && !items.length && !added.length ? (
        <p className="muted small-text">The cart is empty.</p>
      ) : null}
      {items.length ? (
        <ul className="cart-items">
          {items.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: cart lines have no id of their own
            <li key={`${item.item_id}:${i}`} data-testid="cart-item">
              <span>
                {item.quantity ?? 1} × {item.description ?? item.item_id}
              </span>
              <span className="muted">{money(item.total_cost)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {added.length ? (
        <p className="small-text">
          Added by agents: {added.map((i) => `${i.quantity ?? 1} × ${i.item_id}`).join(', ')}
        </p>
      ) : null}
      {coupons.length ? <p className="small-text">Coupons: {coupons.join(', ')}</p> : null}
      {cart?.summary?.subtotal ? (
        <p className="small-text">
          Subtotal <strong>{money(cart.summary.subtotal)}</strong>
        </p>
      ) : null}
    </section>
  )
}
