import { compareAt, incrementInto, sortedIndices } from './words.js';

export interface Segments {
  /** Segment starts in ascending order; a segment runs to the next start. */
  readonly points: Uint32Array;
  /** Range owning each segment, or -1 for a gap between ranges. */
  readonly owners: Int32Array;
}

/** Ranges counted once however often they were listed; `byStart` orders by start, then end. */
export function countDistinct(width: number, starts: Uint32Array, ends: Uint32Array, byStart: Int32Array): number {
  let distinct = 0;
  for (let k = 0; k < byStart.length; k++) {
    const a = byStart[k]! * width;
    const b = k > 0 ? byStart[k - 1]! * width : -1;
    if (b < 0 || compareAt(starts, a, starts, b, width) !== 0 || compareAt(ends, a, ends, b, width) !== 0) distinct++;
  }
  return distinct;
}

/** Every address where the owner may change: each start and each end + 1, sorted, unique. */
function cutPoints(width: number, starts: Uint32Array, ends: Uint32Array): Uint32Array {
  const count = starts.length / width;
  const raw = new Uint32Array(2 * count * width);
  raw.set(starts);
  let used = count;
  for (let i = 0; i < count; i++) {
    if (incrementInto(raw, used * width, ends, i * width, width)) used++;
  }
  const order = sortedIndices(used, width, [raw]);
  const out = new Uint32Array(used * width);
  let kept = 0;
  for (const i of order) {
    if (kept > 0 && compareAt(raw, i * width, out, (kept - 1) * width, width) === 0) continue;
    out.set(raw.subarray(i * width, (i + 1) * width), kept * width);
    kept++;
  }
  return out.subarray(0, kept * width);
}

function sizesOf(width: number, starts: Uint32Array, ends: Uint32Array): Uint32Array {
  const sizes = new Uint32Array(starts.length);
  for (let at = 0; at < starts.length; at += width) {
    let borrow = 0;
    for (let j = width - 1; j >= 0; j--) {
      const d = ends[at + j]! - starts[at + j]! - borrow;
      borrow = d < 0 ? 1 : 0;
      sizes[at + j] = d < 0 ? d + 0x100000000 : d;
    }
  }
  return sizes;
}

/**
 * Flattens overlapping ranges: at every point where the owner may change, the smallest range
 * still open owns the segment that follows. `byStart` orders the ranges by start.
 */
export function sweep(width: number, starts: Uint32Array, ends: Uint32Array, byStart: Int32Array): Segments {
  const cuts = cutPoints(width, starts, ends);
  const active = new SmallestFirst(sizesOf(width, starts, ends), width);
  const points: number[] = [];
  const owners: number[] = [];
  let next = 0;
  let previous = -1;
  for (let at = 0; at < cuts.length; at += width) {
    while (next < byStart.length && compareAt(starts, byStart[next]! * width, cuts, at, width) <= 0) active.push(byStart[next++]!);
    // Ranges that ended stay queued until they surface; only the smallest matters.
    while (active.length > 0 && compareAt(ends, active.top * width, cuts, at, width) < 0) active.pop();
    const owner = active.length > 0 ? active.top : -1;
    if (owner === previous) continue;
    for (let j = 0; j < width; j++) points.push(cuts[at + j]!);
    owners.push(owner);
    previous = owner;
  }
  return { points: Uint32Array.from(points), owners: Int32Array.from(owners) };
}

/** Binary min-heap of range indices by (size, index). */
class SmallestFirst {
  private readonly items: number[] = [];

  constructor(
    private readonly sizes: Uint32Array,
    private readonly width: number,
  ) {}

  get length(): number {
    return this.items.length;
  }

  get top(): number {
    return this.items[0]!;
  }

  push(range: number): void {
    const items = this.items;
    let i = items.push(range) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(range, items[parent]!)) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = range;
  }

  pop(): void {
    const items = this.items;
    const last = items.pop()!;
    if (items.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && this.before(items[right]!, items[left]!) ? right : left;
      if (!this.before(items[child]!, last)) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
  }

  private before(a: number, b: number): boolean {
    const c = compareAt(this.sizes, a * this.width, this.sizes, b * this.width, this.width);
    return c < 0 || (c === 0 && a < b);
  }
}
