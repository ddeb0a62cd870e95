/**
 * @internal A persistent B+tree: every write copies one root-to-leaf path (O(B log n)) and leaves the old
 * version intact, so each emitted message list is an immutable value without a full copy per message.
 */

/** (order, identity): epoch milliseconds, then a string tiebreak. */
export type Key = readonly [number, string]

export const compareKeys = (a: Key, b: Key): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0

const MAX = 32

export interface Leaf<V> {
  keys: Key[]
  vals: V[]
  size: number
  kids?: undefined
}
export interface Branch<V> {
  /** First key of each kid, for routing. */
  keys: Key[]
  kids: Node<V>[]
  size: number
}
export type Node<V> = Leaf<V> | Branch<V>

/** First index whose key is >= key. */
const lowerBound = (keys: Key[], key: Key): number => {
  let lo = 0
  let hi = keys.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (compareKeys(keys[mid]!, key) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The kid whose range holds key: the last whose first key is <= key (or the first). */
const route = (b: Branch<unknown>, key: Key): number => {
  const i = lowerBound(b.keys, key)
  return i < b.keys.length && compareKeys(b.keys[i]!, key) === 0 ? i : Math.max(0, i - 1)
}

const splitIfFull = <V>(node: Node<V>): Node<V>[] => {
  if (node.keys.length <= MAX) return [node]
  const half = node.keys.length >> 1
  if (!node.kids) {
    const vals = node.vals
    return [
      { keys: node.keys.slice(0, half), vals: vals.slice(0, half), size: half },
      { keys: node.keys.slice(half), vals: vals.slice(half), size: vals.length - half },
    ]
  }
  const kids = [node.kids.slice(0, half), node.kids.slice(half)]
  return kids.map((k, i) => ({
    keys: node.keys.slice(i * half, i ? undefined : half),
    kids: k,
    size: k.reduce((s, n) => s + n.size, 0),
  }))
}

/** Inserts or replaces; returns the new node, split in two when it overflowed. */
const put = <V>(node: Node<V>, key: Key, val: V): Node<V>[] => {
  if (!node.kids) {
    const i = lowerBound(node.keys, key)
    const keys = node.keys.slice()
    const vals = node.vals.slice()
    if (i < keys.length && compareKeys(keys[i]!, key) === 0) vals[i] = val
    else {
      keys.splice(i, 0, key)
      vals.splice(i, 0, val)
    }
    return splitIfFull({ keys, vals, size: vals.length })
  }
  const i = route(node, key)
  const old = node.kids[i]!
  const parts = put(old, key, val)
  const kids = node.kids.slice()
  const keys = node.keys.slice()
  kids.splice(i, 1, ...parts)
  keys.splice(i, 1, ...parts.map((p) => p.keys[0]!))
  const size = node.size - old.size + parts.reduce((s, p) => s + p.size, 0)
  return splitIfFull({ keys, kids, size })
}

/** Removes key; returns the same node when absent, `undefined` when the node became empty. */
const remove = <V>(node: Node<V>, key: Key): Node<V> | undefined => {
  const i = node.kids ? route(node, key) : lowerBound(node.keys, key)
  if (!node.kids) {
    if (i >= node.keys.length || compareKeys(node.keys[i]!, key) !== 0) return node
    if (node.size === 1) return undefined
    const keys = node.keys.slice()
    const vals = node.vals.slice()
    keys.splice(i, 1)
    vals.splice(i, 1)
    return { keys, vals, size: vals.length }
  }
  const old = node.kids[i]!
  const next = remove(old, key)
  if (next === old) return node
  const kids = node.kids.slice()
  const keys = node.keys.slice()
  if (next) {
    kids[i] = next
    keys[i] = next.keys[0]!
  } else {
    kids.splice(i, 1)
    keys.splice(i, 1)
  }
  return kids.length ? { keys, kids, size: node.size - 1 } : undefined
}

export const emptyTree = <V>(): Node<V> => ({ keys: [], vals: [], size: 0 })

export const treePut = <V>(root: Node<V>, key: Key, val: V): Node<V> => {
  const parts = put(root, key, val)
  return parts.length === 1
    ? parts[0]!
    : { keys: parts.map((p) => p.keys[0]!), kids: parts, size: parts[0]!.size + parts[1]!.size }
}

export const treeRemove = <V>(root: Node<V>, key: Key): Node<V> => {
  let next = remove(root, key) ?? emptyTree<V>()
  // Keep the tree shallow after removals emptied a side.
  while (next.kids?.length === 1) next = next.kids[0]!
  return next
}

export const treeGet = <V>(root: Node<V>, key: Key): V | undefined => {
  let node = root
  while (node.kids) node = node.kids[route(node, key)]!
  const i = lowerBound(node.keys, key)
  return i < node.keys.length && compareKeys(node.keys[i]!, key) === 0 ? node.vals[i] : undefined
}

export const treeAt = <V>(root: Node<V>, index: number): V | undefined => {
  if (!(index >= 0 && index < root.size)) return undefined
  let node = root
  while (node.kids) {
    let i = 0
    while (index >= node.kids[i]!.size) index -= node.kids[i++]!.size
    node = node.kids[i]!
  }
  return node.vals[index]
}

/** Appends values in order to `out`. */
export const treeCollect = <V>(node: Node<V>, out: V[]): V[] => {
  if (!node.kids) for (const v of node.vals) out.push(v)
  else for (const kid of node.kids) treeCollect(kid, out)
  return out
}

/** How many keys sort before `key` (the position it has or would have). O(B log n). */
export const treeRank = <V>(root: Node<V>, key: Key): number => {
  let node = root
  let rank = 0
  while (node.kids) {
    const i = route(node, key)
    for (let k = 0; k < i; k++) rank += node.kids[k]!.size
    node = node.kids[i]!
  }
  return rank + lowerBound(node.keys, key)
}
