import { parseCidr, parseIp, parseIpv4, parseIpv4Cidr, requireIp, type IpKey } from './ip-address.js';
import { formatRange } from './ip-format.js';
import { RangeIndex } from './range-index.js';

/** Labels are never null: `find` answers null for "in no range". */
export type RangeLabel = string | number | boolean | object;

interface Columns {
  readonly starts: number[];
  readonly ends: number[];
  readonly labels: number[];
}

function compareWords(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * Ranges as they are read, before flattening. Plain arrays grow cheaply while a file is parsed;
 * labels are interned by identity, so pass the same object for ranges that share a label.
 */
export class RangeList<L extends RangeLabel> {
  readonly v4: Columns = { starts: [], ends: [], labels: [] };
  readonly v6: Columns = { starts: [], ends: [], labels: [] };
  readonly labels: L[] = [];
  private readonly labelIds = new Map<L, number>();
  private readonly bounds = [0, 0];

  get length(): number {
    return this.v4.labels.length + this.v6.labels.length;
  }

  /** Adds [first, last]; answers what is wrong with the range, or null when it was added. */
  add(first: IpKey, last: IpKey, label: L): string | null {
    if (first.version !== last.version) return 'the range mixes IPv4 and IPv6';
    if (compareWords(first.words, last.words) > 0) return 'the range ends before it starts';
    const columns = first.version === 4 ? this.v4 : this.v6;
    for (const word of first.words) columns.starts.push(word);
    for (const word of last.words) columns.ends.push(word);
    columns.labels.push(this.idOf(label));
    return null;
  }

  /** A CIDR (`10.0.0.0/8`) or a bare address. */
  addCidr(text: string, label: L): string | null {
    if (!text.includes(':')) return parseIpv4Cidr(text, this.bounds) ? this.add4(label) : `"${text}" is not an IP address or CIDR`;
    const block = parseCidr(text);
    return block ? this.add(block.first, block.last, label) : `"${text}" is not an IP address or CIDR`;
  }

  addRange(startText: string, endText: string, label: L): string | null {
    if (!startText.includes(':') && !endText.includes(':')) {
      this.bounds[0] = parseIpv4(startText);
      this.bounds[1] = parseIpv4(endText);
      if (this.bounds[0] >= 0 && this.bounds[1] >= 0) return this.bounds[0] > this.bounds[1] ? 'the range ends before it starts' : this.add4(label);
    }
    const first = parseIp(startText);
    if (!first) return `"${startText}" is not an IP address`;
    const last = parseIp(endText);
    if (!last) return `"${endText}" is not an IP address`;
    return this.add(first, last, label);
  }

  /** Adds the IPv4 range in `bounds`: the object-free path most lines take. */
  private add4(label: L): null {
    this.v4.starts.push(this.bounds[0]!);
    this.v4.ends.push(this.bounds[1]!);
    this.v4.labels.push(this.idOf(label));
    return null;
  }

  private idOf(label: L): number {
    let id = this.labelIds.get(label);
    if (id === undefined) {
      id = this.labels.push(label) - 1;
      this.labelIds.set(label, id);
    }
    return id;
  }
}

export interface RangeMatch<L> {
  readonly label: L;
  /** The matched range as listed: CIDR when it is one block, else `start-end`. */
  readonly range: string;
}

interface Family {
  readonly index: RangeIndex;
  readonly labelIds: Uint32Array;
}

/** Immutable, flattened ranges of both families; IPv4 and IPv6 are looked up apart. */
export class RangeSet<L extends RangeLabel> {
  private constructor(
    private readonly v4: Family,
    private readonly v6: Family,
    private readonly labels: readonly L[],
  ) {}

  static build<L extends RangeLabel>(lists: readonly RangeList<L>[]): RangeSet<L> {
    const labels: L[] = [];
    const ids = new Map<L, number>();
    const remaps = lists.map((list) =>
      list.labels.map((label) => {
        if (!ids.has(label)) ids.set(label, labels.push(label) - 1);
        return ids.get(label)!;
      }),
    );
    const family = (width: number, pick: (list: RangeList<L>) => Columns): Family => {
      const columns = lists.map(pick);
      const total = columns.reduce((sum, c) => sum + c.labels.length, 0);
      const starts = new Uint32Array(total * width);
      const ends = new Uint32Array(total * width);
      const labelIds = new Uint32Array(total);
      let at = 0;
      columns.forEach((c, i) => {
        starts.set(c.starts, at * width);
        ends.set(c.ends, at * width);
        for (const id of c.labels) labelIds[at++] = remaps[i]![id]!;
      });
      return { index: RangeIndex.build(width, starts, ends), labelIds };
    };
    return new RangeSet(family(1, (l) => l.v4), family(4, (l) => l.v6), labels);
  }

  static empty<L extends RangeLabel>(): RangeSet<L> {
    return RangeSet.build<L>([]);
  }

  /** Ranges loaded, each counted once however many times it was listed. */
  get size(): number {
    return this.v4.index.distinct + this.v6.index.distinct;
  }

  /** The label of the most specific range holding the address; throws INTEL_IP_INVALID on bad text. */
  find(ip: string | IpKey): L | null {
    const key = typeof ip === 'string' ? requireIp(ip) : ip;
    const family = key.version === 4 ? this.v4 : this.v6;
    const range = family.index.lookup(key.words);
    return range < 0 ? null : this.labels[family.labelIds[range]!]!;
  }

  /** As `find`, with the matched range named for people. */
  match(ip: string | IpKey): RangeMatch<L> | null {
    const key = typeof ip === 'string' ? requireIp(ip) : ip;
    const { index, labelIds } = key.version === 4 ? this.v4 : this.v6;
    const range = index.lookup(key.words);
    if (range < 0) return null;
    const at = range * index.width;
    return { label: this.labels[labelIds[range]!]!, range: formatRange(key.version, index.starts, index.ends, at, at) };
  }
}
