/**
 * An immutable multimap from 32-bit keys to 32-bit values in typed arrays: an open-addressing
 * table of (key, group) pairs side by side, and each key's values as one contiguous run (CSR)
 * behind a count. No per-entry objects, so a million keys cost a few megabytes; a lookup is a
 * multiply, a probe or two in one array and a run read in order — two cache misses per key
 * found and one per key absent, which is what a query word's look-up of a few dozen keys costs.
 * Each value may carry a 32-bit payload beside it, read in the same order: what a reader needs
 * to pass over most values without looking anything up by them.
 */
export class KeyTable {
  private constructor(
    /** Slot i: its key at 2i, at 2i + 1 its group (the position of its run's count in `runs`) or -1 when empty. */
    private readonly slots: Int32Array,
    /** Per key: how many values, then the values. */
    private readonly runs: Int32Array,
    /** Each value's payload, at the value's position in `runs`. */
    private readonly payloads: Int32Array,
    private readonly mask: number,
    private readonly count: number,
  ) {}

  /** Builds from parallel key/value lists; duplicate (key, value) pairs are kept once. `payloadOf`: each value's payload (0 without). */
  static build(keys: ArrayLike<number>, values: ArrayLike<number>, payloadOf?: (value: number) => number): KeyTable {
    const n = keys.length;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => keys[a]! - keys[b]! || values[a]! - values[b]!);
    const distinct: number[] = [];
    const groups: number[] = [];
    const out: number[] = [];
    let count = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      const key = keys[i]!;
      const isNewKey = k === 0 || keys[order[k - 1]!] !== key;
      if (isNewKey) {
        distinct.push(key);
        groups.push(out.length);
        out.push(0);
      } else if (values[order[k - 1]!] === values[i]) continue;
      out.push(values[i]!);
      out[groups[groups.length - 1]!]!++;
      count++;
    }
    let size = 16;
    while (size < distinct.length * 2) size <<= 1;
    const slots = new Int32Array(2 * size);
    for (let s = 0; s < size; s++) slots[2 * s + 1] = -1;
    for (let d = 0; d < distinct.length; d++) {
      let s = KeyTable.slotOf(distinct[d]!, size - 1);
      while (slots[2 * s + 1] !== -1) s = (s + 1) & (size - 1);
      slots[2 * s] = distinct[d]!;
      slots[2 * s + 1] = groups[d]!;
    }
    const runs = Int32Array.from(out);
    const payloads = new Int32Array(payloadOf ? runs.length : 0);
    if (payloadOf) {
      for (let group = 0; group < runs.length; group += runs[group]! + 1) {
        for (let p = group + 1; p <= group + runs[group]!; p++) payloads[p] = payloadOf(runs[p]!);
      }
    }
    return new KeyTable(slots, runs, payloads, size - 1, count);
  }

  private static slotOf(key: number, mask: number): number {
    return (Math.imul(key, 0x9e3779b1) >>> 16 ^ key) & mask;
  }

  /** The key's group number (for `start`/`end`), or -1 when the key is absent. */
  find(key: number): number {
    let s = KeyTable.slotOf(key, this.mask);
    for (;;) {
      const group = this.slots[2 * s + 1]!;
      if (group === -1 || this.slots[2 * s] === key) return group;
      s = (s + 1) & this.mask;
    }
  }

  start(group: number): number {
    return group + 1;
  }

  end(group: number): number {
    return group + 1 + this.runs[group]!;
  }

  value(position: number): number {
    return this.runs[position]!;
  }

  /** The payload of the value at `position` (the table must have been built with payloads). */
  payload(position: number): number {
    return this.payloads[position]!;
  }

  /** How many (key, value) pairs. */
  get size(): number {
    return this.count;
  }
}
