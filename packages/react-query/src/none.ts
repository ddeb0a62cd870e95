/** @internal The one empty list the hooks show while they have nothing (frozen: shared by every hook). */
export const NONE: readonly never[] = Object.freeze([])
