import { countDistinct, sweep, type Segments } from './range-sweep.js';
import { compareAt, compareKey, incrementInto, sortedIndices } from './words.js';

/**
 * One address family's ranges flattened into disjoint segments for binary search. An address is
 * `width` unsigned 32-bit words (1 for IPv4, 4 for IPv6) laid end to end in a Uint32Array, so a
 * lookup touches typed arrays only: no per-range objects, no BigInt.
 *
 * Where ranges overlap, the smallest one holding an address owns it (a /24 carved out of a
 * provider's /16 names the /24); between equal sizes the range added first wins.
 */
export class RangeIndex {
  private constructor(
    readonly width: number,
    private readonly segments: Segments,
    readonly starts: Uint32Array,
    readonly ends: Uint32Array,
    /** Ranges counted once however often they were listed. */
    readonly distinct: number,
  ) {}

  static build(width: number, starts: Uint32Array, ends: Uint32Array): RangeIndex {
    const count = starts.length / width;
    const disjoint = disjointSegments(width, starts, ends, sortedIndices(count, width, [starts]));
    if (disjoint) return new RangeIndex(width, disjoint, starts, ends, count);
    const byStart = sortedIndices(count, width, [starts, ends]);
    return new RangeIndex(width, sweep(width, starts, ends, byStart), starts, ends, countDistinct(width, starts, ends, byStart));
  }

  /** The range owning the address, or -1. */
  lookup(words: readonly number[]): number {
    const { points, owners } = this.segments;
    const width = this.width;
    let lo = 0;
    let hi = owners.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKey(points, mid * width, words, width) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? -1 : owners[found]!;
  }
}

/**
 * Segments of ranges that never overlap, as within each published file: every range owns
 * itself, so the sweep is skipped. Null as soon as two ranges overlap (duplicates included).
 */
function disjointSegments(width: number, starts: Uint32Array, ends: Uint32Array, byStart: Int32Array): Segments | null {
  const points = new Uint32Array(2 * starts.length);
  const owners = new Int32Array(2 * byStart.length);
  let used = 0;
  for (let k = 0; k < byStart.length; k++) {
    const at = byStart[k]! * width;
    if (k > 0 && compareAt(starts, at, ends, byStart[k - 1]! * width, width) <= 0) return null;
    // A range that starts right where the previous one ended takes over its gap point.
    if (used > 0 && compareAt(points, (used - 1) * width, starts, at, width) === 0) {
      owners[used - 1] = byStart[k]!;
    } else {
      points.set(starts.subarray(at, at + width), used * width);
      owners[used++] = byStart[k]!;
    }
    if (incrementInto(points, used * width, ends, at, width)) owners[used++] = -1;
  }
  return { points: points.slice(0, used * width), owners: owners.slice(0, used) };
}
