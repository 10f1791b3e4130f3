/**
 * Arithmetic on addresses stored as runs of `width` unsigned 32-bit words, most significant
 * first, inside Uint32Arrays (1 word for IPv4, 4 for IPv6).
 */

export function compareAt(a: Uint32Array, ai: number, b: Uint32Array, bi: number, width: number): number {
  for (let j = 0; j < width; j++) {
    const d = a[ai + j]! - b[bi + j]!;
    if (d !== 0) return d;
  }
  return 0;
}

export function compareKey(a: Uint32Array, ai: number, key: readonly number[], width: number): number {
  for (let j = 0; j < width; j++) {
    const d = a[ai + j]! - key[j]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** Writes a + 1; false when a is the last address and there is no next one. */
export function incrementInto(out: Uint32Array, at: number, a: Uint32Array, from: number, width: number): boolean {
  let carry = 1;
  for (let j = width - 1; j >= 0; j--) {
    const v = a[from + j]! + carry;
    out[at + j] = v >>> 0;
    carry = v > 0xffffffff ? 1 : 0;
  }
  return carry === 0;
}

/**
 * Indices 0..count-1 ordered by the keys, the first key array most significant, ties kept in
 * index order. An LSD radix sort over bytes: a comparator sort of 100k+ items costs several times
 * more. Bytes every key shares (the zero host bits of most blocks) are skipped.
 */
export function sortedIndices(count: number, width: number, keys: readonly Uint32Array[]): Int32Array {
  let order = new Int32Array(count);
  let next = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const buckets = new Int32Array(257);
  for (let k = keys.length - 1; k >= 0; k--) {
    for (let digit = 4 * width - 1; digit >= 0; digit--) {
      const words = keys[k]!;
      const word = digit >> 2;
      const shift = 24 - 8 * (digit & 3);
      buckets.fill(0);
      for (let i = 0; i < count; i++) buckets[((words[order[i]! * width + word]! >>> shift) & 0xff) + 1]!++;
      if (buckets.includes(count)) continue;
      for (let b = 1; b <= 256; b++) buckets[b]! += buckets[b - 1]!;
      for (let i = 0; i < count; i++) {
        const bucket = (words[order[i]! * width + word]! >>> shift) & 0xff;
        next[buckets[bucket]!] = order[i]!;
        buckets[bucket]!++;
      }
      [order, next] = [next, order];
    }
  }
  return order;
}
