/**
 * The type of a frozen defaults object: every option present and defined. (`Required` keeps an explicit
 * `| undefined`, which the options carry so that `exactOptionalPropertyTypes` users may pass one.)
 */
export type Defaults<T> = { readonly [K in keyof T]-?: Exclude<T[K], undefined> }

/**
 * `defaults` with every option that is not undefined put over it (an explicit undefined means "not set", as
 * `exactOptionalPropertyTypes` users pass it).
 */
export const withDefaults = <D extends object, O extends object>(defaults: D, options: O): D & O => {
  const merged = { ...defaults } as Record<string, unknown>
  for (const [key, value] of Object.entries(options)) if (value !== undefined) merged[key] = value
  return merged as D & O
}

/** `fields` without its undefined members: optional fields of a result are absent, never `undefined`. */
export const definedFields = <T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
  withDefaults({}, fields)
