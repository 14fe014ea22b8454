/**
 * Deterministic draws for "a chance per visit" rules. The seed is given by the caller (e.g. the
 * operation id) and written into the entry with the roll, so anyone can replay the draw later.
 */

/** FNV-1a over UTF-16 code units, then a murmur3 finaliser: a 32-bit hash that spreads short strings. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 1) fixed by (seed, rule): one mulberry32 step from the hashed pair. */
export function seededRoll(seed: string, ruleId: string): number {
  let t = (hash32(`${seed}|${ruleId}`) + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
