/** A seeded pseudo-random stream (mulberry32): the same seed always yields the same sequence. */
export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max]. */
  int(min: number, max: number): number
  /** True with probability `p`. */
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** A v4-shaped UUID drawn from this stream (deterministic, so not a secret). */
  uuid(): string
  /** The internal state, for snapshots. */
  state: number
}

/** Hashes a seed and a stream name into a 32-bit state (FNV-1a), so each stream is independent. */
export function seedState(seed: string | number, stream: string): number {
  let h = 0x811c9dc5
  for (const ch of `${seed}\u0000${stream}`) {
    h ^= ch.codePointAt(0)!
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/**
 * @param uuidSalt four 32-bit words XORed into every {@link Random.uuid}: the stream (and so everything else)
 * stays the same per seed while identities differ per salt.
 */
export function createRandom(state: number, uuidSalt: readonly number[] = [0, 0, 0, 0]): Random {
  const random: Random = {
    state: state >>> 0,
    next() {
      random.state = (random.state + 0x6d2b79f5) >>> 0
      let t = random.state
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    },
    int: (min, max) => min + Math.floor(random.next() * (max - min + 1)),
    chance: (p) => random.next() < p,
    pick: <T>(items: readonly T[]) => items[Math.floor(random.next() * items.length)] as T,
    uuid() {
      let hex = ''
      for (let i = 0; i < 4; i++)
        hex += ((Math.floor(random.next() * 0x100000000) ^ (uuidSalt[i] ?? 0)) >>> 0)
          .toString(16)
          .padStart(8, '0')
      const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
    },
  }
  return random
}
