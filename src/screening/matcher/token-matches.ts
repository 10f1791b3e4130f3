import { SIM, tokenInfo, tokenSimilarity, unpackSim, type TokenInfo } from './token-similarity.js';
import { keysOf, vocabKey, type Vocabulary } from './vocabulary.js';

/** Every listed token a query token resembles, as the search and the alignment read them. */
export interface TokenMatches {
  info: TokenInfo;
  /** Listed token id → packed similarity (0: a shared key was a false lead). */
  byId: Map<number, number>;
  /** Ids with a similarity above zero, most similar first. */
  ranked: Int32Array;
  /** Their similarities (unpacked), in the same order. */
  rankedSim: Float32Array;
  /** How many listed rows carry one of them: the cost of walking this token. */
  volume: number;
  /** Id of the token itself when it is listed, else -1. */
  own: number;
  /** Largest rarity weight among the listed tokens it aligns with (-1: none). */
  bestWeight: number;
}

/** Distinct query tokens remembered; the cache is emptied when it holds more. */
const CACHE_LIMIT = 100_000;
/** Spellings whose lengths differ by more than this are not compared (unless one is an abjad's). */
const MAX_LENGTH_GAP = 4;

/**
 * Finds the listed tokens a query token resembles through the key table and scores each.
 * Results are cached per distinct token: screening a customer base repeats the same given
 * names and surnames endlessly, and a token's matches depend on nothing but its spelling.
 */
export class TokenMatcher {
  private readonly cache = new Map<string, TokenMatches>();
  /** Stamp per listed token: already seen in the current look-up. */
  private readonly seen: Int32Array;
  private stampEpoch = 0;
  private readonly scratch: Int32Array;

  /** `postStart`: the name table's postings offsets (token id → first row), to size each walk. */
  constructor(
    private readonly vocab: Vocabulary,
    private readonly postStart: Int32Array,
  ) {
    this.seen = new Int32Array(vocab.size);
    this.scratch = new Int32Array(vocab.size);
  }

  /** Matches of a token given by its spelling (`strict`: spelling only, for glued word pairs). */
  matches(text: string, canon: string, vowelPoor: boolean, strict: boolean): TokenMatches {
    const key = vocabKey(strict ? `=${text}` : text, vowelPoor);
    let found = this.cache.get(key);
    if (!found) {
      const own = this.vocab.idOf(text, vowelPoor);
      const info = own >= 0 ? this.vocab.infos[own]! : tokenInfo(text, canon, vowelPoor);
      found = this.lookUp(info, strict, own);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, found);
    }
    return found;
  }

  private lookUp(info: TokenInfo, strict: boolean, own: number): TokenMatches {
    const table = this.vocab.keyTable;
    const byId = new Map<number, number>();
    const stamp = ++this.stampEpoch;
    let found = 0;
    for (const key of keysOf(info, false, strict)) {
      const group = table.find(key);
      if (group < 0) continue;
      for (let p = table.start(group), end = table.end(group); p < end; p++) {
        const id = table.value(p);
        if (this.seen[id] === stamp) continue;
        this.seen[id] = stamp;
        const other = this.vocab.infos[id]!;
        if (!info.vowelPoor && !other.vowelPoor && Math.abs(info.text.length - other.text.length) > MAX_LENGTH_GAP) continue;
        const packed = tokenSimilarity(info, other, strict);
        if (packed === 0) continue;
        byId.set(id, packed);
        // A glued query pair (jin+ping) walks only tokens that are words somewhere (Jinping): rows
        // where the same two words stand apart are reached through the words themselves.
        if (!strict || this.vocab.isWord(id)) this.scratch[found++] = id;
      }
    }
    return this.summarise(info, byId, found, own);
  }

  /** Ranks the walkable matches (most similar first) and totals their rows. */
  private summarise(info: TokenInfo, byId: Map<number, number>, count: number, own: number): TokenMatches {
    const ranked = this.scratch.slice(0, count).sort(this.bySimilarity(byId));
    const rankedSim = new Float32Array(count);
    let bestWeight = -1;
    let volume = 0;
    for (let i = 0; i < count; i++) {
      const id = ranked[i]!;
      rankedSim[i] = unpackSim(byId.get(id)!);
      if (rankedSim[i]! >= SIM.min) bestWeight = Math.max(bestWeight, this.vocab.weight(id));
      volume += this.postStart[id + 1]! - this.postStart[id]!;
    }
    return { info, byId, ranked, rankedSim, volume, own, bestWeight };
  }

  private bySimilarity(byId: Map<number, number>): (a: number, b: number) => number {
    return (a, b) => byId.get(b)! - byId.get(a)!;
  }
}
