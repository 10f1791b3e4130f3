/**
 * An immutable multimap from 32-bit keys to 32-bit values in three typed arrays: an
 * open-addressing table of distinct keys, and each key's values as one contiguous run (CSR).
 * No per-entry objects, so a million keys cost a few megabytes and a lookup is a multiply,
 * a probe or two and a slice bound.
 */
export class KeyTable {
  private constructor(
    private readonly slots: Int32Array,
    private readonly slotKeys: Int32Array,
    private readonly starts: Int32Array,
    private readonly values: Int32Array,
    private readonly mask: number,
  ) {}

  /** Builds from parallel key/value lists; duplicate (key, value) pairs are kept once. */
  static build(keys: ArrayLike<number>, values: ArrayLike<number>): KeyTable {
    const n = keys.length;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => keys[a]! - keys[b]! || values[a]! - values[b]!);
    const distinct: number[] = [];
    const starts: number[] = [];
    const out: number[] = [];
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      const key = keys[i]!;
      const isNewKey = k === 0 || keys[order[k - 1]!] !== key;
      if (isNewKey) {
        distinct.push(key);
        starts.push(out.length);
      } else if (values[order[k - 1]!] === values[i]) continue;
      out.push(values[i]!);
    }
    starts.push(out.length);
    let size = 16;
    while (size < distinct.length * 2) size <<= 1;
    const slots = new Int32Array(size).fill(-1);
    const slotKeys = new Int32Array(size);
    for (let d = 0; d < distinct.length; d++) {
      let s = KeyTable.slotOf(distinct[d]!, size - 1);
      while (slots[s] !== -1) s = (s + 1) & (size - 1);
      slots[s] = d;
      slotKeys[s] = distinct[d]!;
    }
    return new KeyTable(slots, slotKeys, Int32Array.from(starts), Int32Array.from(out), size - 1);
  }

  private static slotOf(key: number, mask: number): number {
    return (Math.imul(key, 0x9e3779b1) >>> 16 ^ key) & mask;
  }

  /** The key's group number (for `start`/`end`), or -1 when the key is absent. */
  find(key: number): number {
    let s = KeyTable.slotOf(key, this.mask);
    for (;;) {
      const d = this.slots[s]!;
      if (d === -1) return -1;
      if (this.slotKeys[s] === key) return d;
      s = (s + 1) & this.mask;
    }
  }

  start(group: number): number {
    return this.starts[group]!;
  }

  end(group: number): number {
    return this.starts[group + 1]!;
  }

  value(position: number): number {
    return this.values[position]!;
  }

  get size(): number {
    return this.values.length;
  }
}
