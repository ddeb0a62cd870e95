import type { ConversationSchemas } from '@uc-conversation/core'

type Item = ConversationSchemas['Item']
type CartItem = ConversationSchemas['CartItem']

/** A product of the emulator's shop: enough to fill carts, page views and getConversationItemVariations. */
export interface CatalogueEntry {
  id: string
  description: string
  cost: number
  /** Variation name → its values (the first is the default). */
  variations: Readonly<Record<string, readonly string[]>>
}

/** The emulator's shop: every simulated cart and page is drawn from it. */
export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: 'TSHIRT',
    description: 'Organic cotton T-shirt',
    cost: 24,
    variations: { Size: ['S', 'M', 'L', 'XL'], Color: ['Black', 'White', 'Navy'] },
  },
  {
    id: 'HOODIE',
    description: 'Zip hoodie',
    cost: 59,
    variations: { Size: ['S', 'M', 'L', 'XL'], Color: ['Grey', 'Forest'] },
  },
  { id: 'MUG', description: 'Stoneware mug, 350 ml', cost: 16, variations: { Color: ['Sand', 'Slate'] } },
  {
    id: 'BOTTLE',
    description: 'Insulated bottle, 750 ml',
    cost: 32,
    variations: { Color: ['Steel', 'Black', 'Mint'] },
  },
  { id: 'CAP', description: 'Six-panel cap', cost: 22, variations: { Color: ['Black', 'Khaki'] } },
  { id: 'GIFTCARD', description: 'Gift card', cost: 50, variations: {} },
]

export const SHOP_ORIGIN = 'https://shop.example.com'

/** The coupon codes simulated agents and customers use. */
export const COUPONS = ['WELCOME10', 'FREESHIP', 'SPRING15'] as const

export const productUrl = (entry: CatalogueEntry) => `${SHOP_ORIGIN}/products/${entry.id.toLowerCase()}`

const money = (value: number): ConversationSchemas['Currency'] => ({
  currency_code: 'USD',
  exchange_rate: 1,
  localized: value,
  localized_formatted: `$${value.toFixed(2)}`,
  value,
})

/** The item as getConversationItemVariations returns it (`merchant_item_oid` is its position + 1000). */
export function itemOf(entry: CatalogueEntry, merchantId: string): Item {
  const oid = 1000 + CATALOGUE.indexOf(entry)
  return {
    merchant_id: merchantId,
    merchant_item_id: entry.id,
    merchant_item_oid: oid,
    description: entry.description,
    inactive: false,
    kit: false,
    kit_component_only: false,
    pricing: { cost: entry.cost, currency_code: 'USD', manufacturer_suggested_retail_price: entry.cost },
    content: {
      view_url: productUrl(entry),
      multimedia: [
        {
          code: 'default',
          type: 'Image',
          url: `${SHOP_ORIGIN}/images/${entry.id.toLowerCase()}.jpg`,
          width: 800,
          height: 800,
          merchant_item_multimedia_oid: oid * 10,
        },
      ],
    },
    variations: Object.entries(entry.variations).map(([name, values]) => ({
      name,
      default_text: `Choose ${name.toLowerCase()}`,
      options: values.map((value, i) => ({ value, default_option: i === 0 })),
    })),
    variant_items: [],
  }
}

/** A cart line for `quantity` of the entry, with the given variation choices (defaults otherwise). */
export function cartItemOf(
  entry: CatalogueEntry,
  quantity: number,
  choices: Readonly<Record<string, string>> = {},
): CartItem {
  const total = entry.cost * quantity
  return {
    item_id: entry.id,
    item_oid: 1000 + CATALOGUE.indexOf(entry),
    description: entry.description,
    quantity,
    unit_cost: money(entry.cost),
    total_cost: money(total),
    unit_cost_with_discount: money(entry.cost),
    total_cost_with_discount: money(total),
    view_url: productUrl(entry),
    default_thumbnail_url: `${SHOP_ORIGIN}/images/${entry.id.toLowerCase()}-thumb.jpg`,
    variations: Object.entries(entry.variations).map(([name, values]) => ({
      variation_name: name,
      variation_value: choices[name] ?? values[0],
    })),
  }
}

/** The cart's totals from its items (coupons are recorded, not priced). */
export function cartSummaryOf(items: readonly CartItem[]): ConversationSchemas['CartSummary'] {
  const subtotal = items.reduce((sum, item) => sum + (item.total_cost?.value ?? 0), 0)
  return { subtotal: money(subtotal), total: money(subtotal), tax: money(0), shipping_handling: money(0) }
}

/** Countries and their states or provinces, as getLocationsForEngagement lists them. */
export const LOCATIONS: ConversationSchemas['ConversationLocationCountry'][] = [
  {
    iso2: 'US',
    name: 'United States',
    state_provinces: [
      ['AL', 'Alabama'],
      ['AK', 'Alaska'],
      ['AZ', 'Arizona'],
      ['CA', 'California'],
      ['CO', 'Colorado'],
      ['FL', 'Florida'],
      ['GA', 'Georgia'],
      ['IL', 'Illinois'],
      ['MA', 'Massachusetts'],
      ['NY', 'New York'],
      ['OH', 'Ohio'],
      ['OR', 'Oregon'],
      ['PA', 'Pennsylvania'],
      ['TX', 'Texas'],
      ['WA', 'Washington'],
    ].map(([abbreviation, name]) => ({ abbreviation, name })),
  },
  {
    iso2: 'CA',
    name: 'Canada',
    state_provinces: [
      ['AB', 'Alberta'],
      ['BC', 'British Columbia'],
      ['MB', 'Manitoba'],
      ['NS', 'Nova Scotia'],
      ['ON', 'Ontario'],
      ['QC', 'Quebec'],
    ].map(([abbreviation, name]) => ({ abbreviation, name })),
  },
  { iso2: 'GB', name: 'United Kingdom', state_provinces: [] },
  { iso2: 'DE', name: 'Germany', state_provinces: [] },
  {
    iso2: 'AU',
    name: 'Australia',
    state_provinces: [
      ['NSW', 'New South Wales'],
      ['QLD', 'Queensland'],
      ['VIC', 'Victoria'],
      ['WA', 'Western Australia'],
    ].map(([abbreviation, name]) => ({ abbreviation, name })),
  },
]
