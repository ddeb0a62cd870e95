import type { ConversationEventWebchatContext, ConversationSchemas } from '@uc-conversation/core'
import {
  CATALOGUE,
  type CatalogueEntry,
  cartItemOf,
  cartSummaryOf,
  productUrl,
  SHOP_ORIGIN,
} from './catalogue'
import type { Random } from './random'
import { type ConversationRecord, iso } from './state'

type WebchatContext = ConversationSchemas['ConversationWebchatContext']
type CartItem = ConversationSchemas['CartItem']

const PAGES = [
  { url: `${SHOP_ORIGIN}/`, title: 'Home' },
  { url: `${SHOP_ORIGIN}/shipping`, title: 'Shipping and returns' },
  { url: `${SHOP_ORIGIN}/cart`, title: 'Your cart' },
  { url: `${SHOP_ORIGIN}/account/orders`, title: 'Your orders' },
]
const REFERRERS = ['https://www.google.com/', 'https://www.instagram.com/', '']
const PLACES = [
  { country: 'US', province: 'OR', lat: 45.52, lon: -122.68 },
  { country: 'US', province: 'TX', lat: 30.27, lon: -97.74 },
  { country: 'CA', province: 'ON', lat: 43.65, lon: -79.38 },
  { country: 'GB', province: '', lat: 51.51, lon: -0.13 },
]

const hex = (random: Random, length: number) =>
  Array.from({ length }, () => random.int(0, 15).toString(16)).join('')

/** A page the customer may look at next: a product or one of the shop's pages. */
export function pickPage(random: Random): { url: string; title: string } {
  if (random.chance(0.6)) {
    const entry = random.pick(CATALOGUE)
    return { url: productUrl(entry), title: entry.description }
  }
  return random.pick(PAGES)
}

/** The context of a customer who just opened the chat: a session, a few pages, maybe a cart. */
export function newWebchatContext(
  random: Random,
  merchantId: string,
  nowMs: number,
): { context: WebchatContext; ucacid: string } {
  const place = random.pick(PLACES)
  const pages = [{ url: `${SHOP_ORIGIN}/`, title: 'Home' }, pickPage(random), pickPage(random)]
  const sessionStartMs = nowMs - pages.length * 45_000
  const items: CartItem[] = []
  const lines = random.int(0, 2)
  for (let i = 0; i < lines; i++) items.push(cartItemOf(random.pick(CATALOGUE), random.int(1, 3)))
  const referrer = random.pick(REFERRERS)
  const context: WebchatContext = {
    session_start_dts: iso(sessionStartMs),
    session_start: {
      bot: false,
      channel: referrer ? 'referral' : 'direct',
      geolocation_country: place.country,
      geolocation_province: place.province,
      geolocation_latitude: place.lat,
      geolocation_longitude: place.lon,
      referrer,
      screen_width: random.pick([390, 1440, 1920]),
      screen_height: random.pick([844, 900, 1080]),
      user_agent: 'Mozilla/5.0 (emulated customer)',
    },
    session_utm: referrer.includes('instagram') ? { utm_source: 'instagram', utm_medium: 'social' } : {},
    page_view: pages.map((page, i) => ({
      url: page.url,
      title: page.title,
      method: 'GET',
      referrer: i === 0 ? referrer : pages[i - 1]!.url,
      time_on_page: 45,
    })),
    current_url: pages.at(-1)!.url,
    cart: {
      cart_id: hex(random, 32).toUpperCase(),
      merchant_id: merchantId,
      currency_code: 'USD',
      base_currency_code: 'USD',
      language_iso_code: 'en',
      logged_in: false,
      items,
      coupons: [],
      summary: cartSummaryOf(items),
    },
    orders: [],
    auto_orders: [],
  }
  return { context, ucacid: hex(random, 24) }
}

/** The customer opened another page. */
export function visitPage(context: WebchatContext, page: { url: string; title: string }): void {
  const previous = context.current_url
  context.page_view = [
    ...(context.page_view ?? []),
    { url: page.url, title: page.title, method: 'GET', referrer: previous ?? '', time_on_page: 0 },
  ]
  context.current_url = page.url
}

/** Items were put in the cart (by the customer or an agent): same item and choices add to the quantity. */
export function addToCart(context: WebchatContext, added: readonly CartItem[]): void {
  context.cart ??= { items: [], coupons: [], currency_code: 'USD' }
  const cart = context.cart
  const items = [...(cart.items ?? [])]
  for (const item of added) {
    const same = items.findIndex(
      (i) => i.item_id === item.item_id && JSON.stringify(i.variations) === JSON.stringify(item.variations),
    )
    const entry = CATALOGUE.find((e) => e.id === item.item_id)
    if (same >= 0 && entry) {
      const quantity = (items[same]!.quantity ?? 0) + (item.quantity ?? 1)
      items[same] = cartItemOf(entry, quantity, choicesOf(items[same]!))
    } else items.push(item)
  }
  cart.items = items
  cart.summary = cartSummaryOf(items)
}

const choicesOf = (item: CartItem) =>
  Object.fromEntries((item.variations ?? []).map((v) => [v.variation_name ?? '', v.variation_value ?? '']))

/** A coupon was applied (once per code). */
export function addCouponToCart(context: WebchatContext, code: string): void {
  context.cart ??= { items: [], coupons: [], currency_code: 'USD' }
  const cart = context.cart
  const coupons = cart.coupons ?? []
  if (!coupons.some((c) => c.coupon_code?.toUpperCase() === code.toUpperCase()))
    cart.coupons = [...coupons, { coupon_code: code }]
}

/** The `webchat context` event's payload: where the customer is now. */
export function webchatContextEvent(c: ConversationRecord): ConversationEventWebchatContext {
  return {
    ...(c.webchat?.current_url ? { url: c.webchat.current_url } : {}),
    ...(c.webchat?.cart?.cart_id ? { cart_id: c.webchat.cart.cart_id } : {}),
    ...(c.ucacid ? { ucacid: c.ucacid } : {}),
  }
}

/** A catalogue entry by merchant item id (case-insensitive), as carts and item lookups name them. */
export const catalogueEntry = (merchantItemId: string): CatalogueEntry | undefined =>
  CATALOGUE.find((e) => e.id.toLowerCase() === merchantItemId.toLowerCase())
