/**
 * The type of a frozen defaults object: every option present and defined. (`Required` keeps an explicit
 * `| undefined`, which the options carry so that `exactOptionalPropertyTypes` users may pass one.)
 */
export type Defaults<T> = { readonly [K in keyof T]-?: Exclude<T[K], undefined> }
