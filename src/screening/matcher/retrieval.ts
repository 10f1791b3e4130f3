import type { NameTable } from './name-table.js';
import type { PreparedForm, QueryUnit } from './query.js';
import { QUERY_SIDE } from './score.js';
import { TopK } from './top-k.js';

/** A query word whose listed matches hold more rows than this may be left out of the walk. */
const COMMON_VOLUME = 200;
const MAX_UNITS = 128;
/** Checking one row for a skipped word costs about this many posting steps (three cache misses). */
const CHECK_COST = 3;

/**
 * Candidate search over the postings, never a scan: each query unit's matching tokens add
 * `similarity × weight` to the rows that carry them (once per unit, best match first), giving
 * every touched row an upper bound on the share of the query it can cover. Rows whose bound
 * is below `minCoverage` cannot reach the threshold and are dropped; the best `limit` remain,
 * ranked by the name score the bound suggests.
 *
 * The most common words are not walked first (prefix filtering): if the words skipped weigh
 * less than `minCoverage` of the query, a row holding only them could not pass, and every other
 * row is found through a rarer word. Each skipped word is then added to the rows found, either
 * by looking it up among each row's words or by walking its postings over the rows already
 * touched, whichever is cheaper — so "John Smith" in a million names walks the Smiths and asks
 * each whether it is a John.
 *
 * Scratch arrays are sized once per index and reused, and the loops make no closures, so a
 * query allocates almost nothing here.
 */
export class CandidateSearch {
  /**
   * A sparse set: row → slot, valid only when `touchedRow[slot]` points back at the row, so
   * nothing is cleared between queries and a posting step reads one 4-byte entry per row.
   */
  private readonly slotOf: Int32Array;
  /** Touched rows in the order they were first reached, their bounds and the last unit that added to each. */
  private readonly touchedRow: Int32Array;
  private readonly bound: Float32Array;
  private readonly unitMark: Int32Array;
  /** Slots (indexes into the two arrays above) still in the running. */
  private readonly passing: Int32Array;
  private readonly best = new TopK(1024);
  /** Similarity of each listed token to the skipped word being checked (0 for most). */
  private readonly tokenSim: Float32Array;
  private readonly order = new Int32Array(MAX_UNITS);
  private readonly skippedUnits: QueryUnit[] = [];
  private unitEpoch = 0;

  constructor(private readonly table: NameTable) {
    this.slotOf = new Int32Array(table.rows);
    this.touchedRow = new Int32Array(table.rows);
    this.bound = new Float32Array(table.rows);
    this.unitMark = new Int32Array(table.rows);
    this.passing = new Int32Array(table.rows);
    this.tokenSim = new Float32Array(table.vocab.size);
  }

  /** Orders the units to walk by volume, largest first; returns how many. */
  private orderUnits(form: PreparedForm): number {
    const units = form.units;
    let anyIdentifying = false;
    for (const u of units) anyIdentifying ||= u.identifying;
    let n = 0;
    for (let i = 0; i < units.length && n < MAX_UNITS; i++) if (units[i]!.identifying || !anyIdentifying) this.order[n++] = i;
    for (let i = 1; i < n; i++) {
      const x = this.order[i]!;
      let j = i - 1;
      while (j >= 0 && units[this.order[j]!]!.volume < units[x]!.volume) this.order[j + 1] = this.order[j--]!;
      this.order[j + 1] = x;
    }
    return n;
  }

  /** Walks the units, skipping common ones while allowed; returns rows touched and weight skipped. */
  private walkAll(form: PreparedForm, minCoverage: number): { touched: number; skipped: number } {
    const n = this.orderUnits(form);
    let skipped = 0;
    let touched = 0;
    this.skippedUnits.length = 0;
    for (let i = 0; i < n; i++) {
      const u = form.units[this.order[i]!]!;
      const single = u.length === 1;
      if (single && u.volume > COMMON_VOLUME && (skipped + u.weight) / form.totalWeight < minCoverage) {
        skipped += u.weight;
        this.skippedUnits.push(u);
      } else if (single || u.volume <= COMMON_VOLUME * 4) touched = this.walk(u, touched, true);
    }
    return { touched, skipped };
  }

  /** Adds the unit to the rows carrying it; new rows are touched only when `open`. */
  private walk(unit: QueryUnit, touchedCount: number, open: boolean): number {
    const t = this.table;
    const epoch = ++this.unitEpoch;
    let count = touchedCount;
    for (let m = 0; m < unit.ranked.length; m++) {
      const id = unit.ranked[m]!;
      const add = unit.rankedSim[m]! * unit.weight;
      for (let p = t.postStart[id]!, end = t.postStart[id + 1]!; p < end; p++) {
        const row = t.postRows[p]!;
        let slot = this.slotOf[row]!;
        if (slot >= count || this.touchedRow[slot] !== row) {
          if (!open) continue;
          slot = count++;
          this.slotOf[row] = slot;
          this.touchedRow[slot] = row;
          this.bound[slot] = 0;
          this.unitMark[slot] = 0;
        }
        if (this.unitMark[slot] === epoch) continue;
        this.unitMark[slot] = epoch;
        this.bound[slot] = this.bound[slot]! + add;
      }
    }
    return count;
  }

  /** Adds a skipped word to the first `count` passing rows: its best match among each row's words. */
  private check(unit: QueryUnit, count: number): void {
    const t = this.table;
    for (let m = 0; m < unit.ranked.length; m++) this.tokenSim[unit.ranked[m]!] = unit.rankedSim[m]!;
    for (let i = 0; i < count; i++) {
      const slot = this.passing[i]!;
      const row = this.touchedRow[slot]!;
      let best = 0;
      for (let k = t.rowStart[row]!; k < t.rowStart[row + 1]!; k++) {
        best = Math.max(best, this.tokenSim[t.rowTokens[k]!]!);
        const glued = t.rowGlued[k]!;
        if (glued >= 0) best = Math.max(best, this.tokenSim[glued]!);
      }
      this.bound[slot] = this.bound[slot]! + best * unit.weight;
    }
    for (let m = 0; m < unit.ranked.length; m++) this.tokenSim[unit.ranked[m]!] = 0;
  }

  /** Rows that may cover at least `minCoverage` of the query, best first, at most `limit`. */
  search(form: PreparedForm, minCoverage: number, limit: number, accept: ((row: number) => boolean) | null): number[] {
    if (form.totalWeight <= 0) return [];
    const { touched, skipped } = this.walkAll(form, minCoverage);
    const floor = minCoverage * form.totalWeight;
    let n = 0;
    for (let slot = 0; slot < touched; slot++) {
      if (this.bound[slot]! >= floor - skipped && (!accept || accept(this.touchedRow[slot]!))) this.passing[n++] = slot;
    }
    for (const unit of this.skippedUnits) {
      if (n * CHECK_COST < unit.volume) this.check(unit, n);
      else this.walk(unit, touched, false);
    }
    this.best.reset(limit);
    for (let i = 0; i < n; i++) {
      const slot = this.passing[i]!;
      const bound = this.bound[slot]!;
      // Ranked by the name score the bound suggests: among many names sharing the query's words
      // (every "Abdul Rahman"), the ones with few other words come first. The query side alone
      // often shows a row cannot enter the best `limit`, before its length is even read.
      const querySide = QUERY_SIDE * (bound / form.totalWeight);
      if (bound < floor || !this.best.accepts(querySide + (1 - QUERY_SIDE))) continue;
      const row = this.touchedRow[slot]!;
      this.best.offer(row, querySide + (1 - QUERY_SIDE) * Math.min(1, bound / this.table.rowTotal[row]!));
    }
    return this.best.drain();
  }
}
