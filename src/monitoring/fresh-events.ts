import type { AppendedRange, StoredEvent } from './events.store.js';

/**
 * Events this node has just committed, handed to the rule processor in memory so that it need not
 * read them back from the store. A committed range is a fact — its numbers hold exactly its events —
 * so the processor may take events from it whenever the ranges continue its cursor without a gap.
 * A gap (another node's ingest, ranges dropped while the processor was behind) sends it to the store.
 */
export class FreshEvents {
  private ranges: AppendedRange[] = [];
  private held = 0;

  /** `limit`: events held at most; past it everything is dropped and the processor reads the store until it catches up. */
  constructor(private readonly limit: number) {}

  get size(): number {
    return this.held;
  }

  add(range: AppendedRange): void {
    if (this.held + range.events.length > this.limit) this.clear();
    let i = this.ranges.length;
    // Commits on one PostgreSQL arrive in number order, but their callbacks need not.
    while (i > 0 && this.ranges[i - 1]!.after > range.after) i--;
    this.ranges.splice(i, 0, range);
    this.held += range.events.length;
  }

  /**
   * Up to `max` events numbered after `processed`, with the number the batch reaches (past the
   * duplicates at a range's end); null when the ranges do not continue `processed`.
   */
  take(processed: number, max: number): { events: StoredEvent[]; to: number } | null {
    this.dropThrough(processed);
    if (this.ranges.length === 0 || this.ranges[0]!.after > processed) return null;
    const events: StoredEvent[] = [];
    let to = processed;
    for (const range of this.ranges) {
      if (range.after > to) break;
      for (const e of range.events) {
        if (e.seq <= to) continue;
        if (events.length >= max) return { events, to };
        events.push(e);
        to = e.seq;
      }
      to = range.to;
    }
    return { events, to };
  }

  /**
   * After a batch read from the store that ended at `last`: the number the batch may claim to reach,
   * `last` or the end of a held range whose remaining numbers were all duplicates.
   */
  reach(last: number): number {
    this.dropThrough(last);
    const first = this.ranges[0];
    if (first && first.after < last && first.events.every((e) => e.seq <= last)) {
      this.dropThrough(first.to);
      return first.to;
    }
    return last;
  }

  clear(): void {
    this.ranges = [];
    this.held = 0;
  }

  private dropThrough(seq: number): void {
    let n = 0;
    while (n < this.ranges.length && this.ranges[n]!.to <= seq) this.held -= this.ranges[n++]!.events.length;
    if (n > 0) this.ranges.splice(0, n);
  }
}
