import { SIM, earOf, pack, tokenInfo, tokenSimilarity, unpackHow, unpackSim, type TokenInfo } from './token-similarity.js';
import { KeyKind, hashKey, letterSet } from './keys.js';
import { boundedDistance } from './similarity.js';
import { groupsOneEditFrom } from './variants.js';
import { SCREEN_LETTERS, SCREEN_LONG, SCREEN_VOWEL_POOR, bitCount, earKey, identityKeyCount, keysOf, repeatedLetters, screenLength, twoEditKeys, type Vocabulary } from './vocabulary.js';

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
/** Taken from the likeness of a listed name to other words (see discountLikeness). */
const KNOWN_WORD_DISCOUNT = 0.08;
/** Matches at least this similar are passed on to the rest of their variant group. */
const SPREAD_MIN = 0.85;
/** A match this close (one typo in a long word) makes looking two edits away unnecessary. */
const CLOSE = 0.9;
/** Spellings whose lengths differ by more than this are not compared (unless one is an abjad's). */
const MAX_LENGTH_GAP = 4;
/** Above every packed similarity (token-similarity.ts pack), and above every walk position: summarise's sort keys. */
const PACKED_LIMIT = 1 << 14;
const WALK_LIMIT = 2 ** 32;

/**
 * Finds the listed tokens a query token resembles through the key table and scores each.
 * Results are cached per distinct token: screening a customer base repeats the same given
 * names and surnames endlessly, and a token's matches depend on nothing but its spelling.
 */
export class TokenMatcher {
  /**
   * One cache per look-up flavour (strict × vowel-poor × typed, syllables, words heard by ear), keyed by the spelling alone:
   * a key built by concatenation would be a fresh string to hash on every query word.
   */
  private readonly caches = Array.from({ length: 10 }, () => new Map<string, TokenMatches>());
  /** Matches of listed words, by token id, typed and not (see `warm`). */
  private readonly listedTyped: Array<TokenMatches | undefined> = [];
  private readonly listedOther: Array<TokenMatches | undefined> = [];
  /** Spelling-only matches of listed glued word pairs (jongun, binladen), by token id (see `warm`). */
  private readonly listedGlued: Array<TokenMatches | undefined> = [];
  /** Stamp per listed token: already seen in the current look-up. */
  private readonly seen: Int32Array;
  private stampEpoch = 0;
  private readonly scratch: Int32Array;
  private readonly sortKeys: Float64Array;

  /** `postStart`: the name table's postings offsets (token id → first row), to size each walk. */
  constructor(
    private readonly vocab: Vocabulary,
    private readonly postStart: Int32Array,
  ) {
    this.seen = new Int32Array(vocab.size);
    this.scratch = new Int32Array(vocab.size);
    this.sortKeys = new Float64Array(vocab.size);
  }

  /**
   * Looks every listed word up in advance. Queries are mostly made of listed words (given names,
   * family names, the listed names themselves), so the first query to use one finds its matches
   * ready instead of walking the key table; a look-up costs a few tens of microseconds and there
   * are a few tens of thousands of listed words. Kept apart from the bounded cache, so they are
   * never evicted.
   * The glued pairs of listed names (Kim Jong Un's jongun) are looked up the way a query's two
   * words glued are (spelling only): queries write listed names, so their glued pairs are mostly
   * these. Whether the query is typed makes no difference there, as a glued pair is no word.
   */
  warm(): void {
    for (let id = 0; id < this.vocab.size; id++) {
      const info = this.vocab.infos[id]!;
      if (!this.vocab.isWord(id)) {
        this.listedGlued[id] = this.lookUp(info, true, id, false);
        continue;
      }
      this.listedOther[id] = this.lookUp(info, false, id, false);
      if (info.vowelPoor || info.isNumber) continue;
      this.listedTyped[id] = this.lookUp(info, false, id, true);
    }
  }

  /**
   * Matches of a token given by its spelling (`strict`: spelling only, for glued word pairs).
   * `typed`: the spelling is the customer's own, not Vigil's reading of another script — only
   * then does a listed word's likeness to other words count for less (discountLikeness).
   * `syllable`: a Han or Hangul syllable (see syllableMatches). `byEar`: a word of a name read by
   * ear from katakana, Hangul or Chinese characters, which also meets the listed words it sounds
   * like (keys.ts foldByEar).
   */
  matches(text: string, canon: string, vowelPoor: boolean, strict: boolean, typed = false, syllable = false, byEar = false): TokenMatches {
    if (syllable) return this.syllableMatches(text, canon);
    const heard = byEar && !vowelPoor && !strict && !typed;
    const own = this.vocab.idOf(text, vowelPoor);
    if (own >= 0 && !heard) {
      const ready = strict ? this.listedGlued[own] : (typed ? this.listedTyped : this.listedOther)[own];
      if (ready) return ready;
    }
    const cache = this.caches[heard ? 9 : (strict ? 4 : 0) + (vowelPoor ? 2 : 0) + (typed ? 1 : 0)]!;
    let found = cache.get(text);
    if (!found) {
      const info = own >= 0 ? this.vocab.infos[own]! : tokenInfo(text, canon, vowelPoor);
      found = this.lookUp(info, strict, own, typed, heard);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(text, found);
    }
    return found;
  }

  /**
   * A Han or Hangul syllable's matches: the listed words it is spelt as (the same syllable, a
   * variant or another romanisation of it: Jeong, Jong), not those it only resembles. Syllables
   * are a closed set of a few hundred, so one a letter away (cheng, chen) is another name.
   */
  private syllableMatches(text: string, canon: string): TokenMatches {
    const cache = this.caches[8]!;
    let found = cache.get(text);
    if (!found) {
      const own = this.vocab.idOf(text, false);
      const info = own >= 0 ? this.vocab.infos[own]! : tokenInfo(text, canon, false);
      // Untyped: the discount for likeness is moot, as only spellings are kept.
      const all = this.lookUp(info, false, own, false);
      let kept = 0;
      for (let i = 0; i < all.ranked.length; i++) {
        const id = all.ranked[i]!;
        const how = unpackHow(all.byId.get(id)!);
        if (how === 'exact' || how === 'variant' || how === 'romanisation') this.scratch[kept++] = id;
        else all.byId.delete(id);
      }
      found = this.summarise(info, all.byId, kept, own);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(text, found);
    }
    return found;
  }

  private lookUp(info: TokenInfo, strict: boolean, own: number, typed: boolean, heard = false): TokenMatches {
    const byId = new Map<number, number>();
    const stamp = ++this.stampEpoch;
    let found = this.walkKeys(keysOf(info, false, strict), info, strict, stamp, byId, 0, -1, identityKeyCount(info));
    // A long word with nothing close enough may carry two typos: reach further, at a cost paid
    // once per distinct word (the result is cached).
    if (own < 0 && !this.hasClose(info, byId)) found = this.walkKeys(twoEditKeys(info), info, strict, stamp, byId, found, 2);
    if (heard) found = this.walkHeard(info, byId, found);
    found = this.spreadToVariants(byId, strict, found, own < 0 && !strict && !info.vowelPoor ? info : null);
    if (typed && own >= 0 && this.vocab.isWord(own)) found = this.discountLikeness(byId, found);
    return this.summarise(info, byId, found, own);
  }

  /**
   * Adds the listed words that sound like `info` as katakana, Hangul or Chinese characters hear
   * it (アルバレス arbares ~ Alvarez): the folding costs what one edit would.
   */
  private walkHeard(info: TokenInfo, byId: Map<number, number>, walkable: number): number {
    const key = earKey(info);
    const table = this.vocab.keyTable;
    const group = key === null ? -1 : table.find(key);
    if (group < 0) return walkable;
    const fold = earOf(info);
    const sim = 1 - SIM.perEdit / Math.max(2, fold.length);
    if (sim < SIM.min) return walkable;
    const packed = pack(sim, 'phonetic');
    let found = walkable;
    for (let p = table.start(group), end = table.end(group); p < end; p++) {
      const id = table.value(p);
      const current = byId.get(id);
      if (current !== undefined && current >= packed) continue;
      // A hash collision, or a word of another shape, is checked against the fold itself.
      const other = this.vocab.infos[id]!;
      if (earOf(other) !== fold) continue;
      byId.set(id, packed);
      if (current === undefined && this.vocab.isWord(id)) this.scratch[found++] = id;
    }
    return found;
  }

  /**
   * A query word typed as a listed name (Shams, Hussain, Khan) is most likely that name, not a
   * misspelling of a similar one (Shami, Hassan, Chan): its likeness to other words — an edit
   * away, a sound or a skeleton alike — counts for less. Spelling variants and romanisation
   * choices (Caro/Karo) keep full weight.
   * Unknown words, where typos show up, and romanisations of other scripts are not touched.
   */
  private discountLikeness(byId: Map<number, number>, walkable: number): number {
    let kept = 0;
    for (let i = 0; i < walkable; i++) {
      const id = this.scratch[i]!;
      const packed = byId.get(id)!;
      const how = unpackHow(packed);
      if (how === 'exact' || how === 'variant' || how === 'romanisation') {
        this.scratch[kept++] = id;
        continue;
      }
      const sim = unpackSim(packed) - KNOWN_WORD_DISCOUNT;
      if (sim < SIM.min) {
        byId.delete(id);
        continue;
      }
      byId.set(id, pack(sim, how));
      this.scratch[kept++] = id;
    }
    return kept;
  }

  /**
   * A word like a member of a spelling-variant group is like every member (Abbdallah ~ Abdallah,
   * which is Abdullah): each group a match belongs to passes its best similarity on to the
   * members the keys did not reach, or reached as less similar. `typo`, an unknown word, is also
   * like the groups with a spelling one typo from it, listed or not (groupsOneEditFrom: Abdour ~
   * Abdur, which lists file as Abdul, two edits from Abdour).
   */
  private spreadToVariants(byId: Map<number, number>, strict: boolean, walkable: number, typo: TokenInfo | null = null): number {
    const best = new Map<string, number>();
    for (const [id, packed] of byId) {
      const canon = this.vocab.infos[id]!.canon;
      if (unpackSim(packed) >= SPREAD_MIN && packed > (best.get(canon) ?? 0)) best.set(canon, packed);
    }
    if (typo) {
      const packed = pack(1 - SIM.perEdit / typo.text.length, 'fuzzy');
      for (const canon of groupsOneEditFrom(typo.text)) if (packed > (best.get(canon) ?? 0)) best.set(canon, packed);
    }
    const table = this.vocab.keyTable;
    let found = walkable;
    for (const [canon, packed] of best) {
      const group = table.find(hashKey(KeyKind.Canon, canon));
      if (group < 0) continue;
      for (let p = table.start(group), end = table.end(group); p < end; p++) {
        const id = table.value(p);
        if (this.vocab.infos[id]!.canon !== canon) continue;
        const current = byId.get(id);
        // By similarity alone: at equal similarity a word's own spelling (exact) stays as it is,
        // rather than taking the group's "variant".
        if (current !== undefined && unpackSim(current) >= unpackSim(packed)) continue;
        byId.set(id, packed);
        if (current === undefined && (!strict || this.vocab.isWord(id))) this.scratch[found++] = id;
      }
    }
    return found;
  }

  /**
   * Whether a listed word is close enough to `info` that looking two edits away is not worth it:
   * as alike as CLOSE and, when alike by spelling, one edit away. A word two edits from the one
   * found first (Internaiona ~ Internation) may be two edits from the one meant (International).
   */
  private hasClose(info: TokenInfo, byId: Map<number, number>): boolean {
    for (const [id, packed] of byId) {
      if (unpackSim(packed) < CLOSE) continue;
      if (unpackHow(packed) !== 'fuzzy' || boundedDistance(info.text, this.vocab.infos[id]!.text, 1) <= 1) return true;
    }
    return false;
  }

  /**
   * Scores the tokens filed under `keys` not seen yet in this look-up; returns the walkable count.
   * Most tokens a key reaches are not alike enough, and reading each one's info is a cache miss,
   * so from key `screenFrom` on, Latin tokens are first screened on the screen words the key
   * table carries beside them (lengths and letter sets: `screened`). `edits`: only tokens within
   * that many edits are scored (the two-edit keys, which reach several times more tokens than the
   * others and find few): their letter sets rule most out before they are even marked seen (this
   * walk is a look-up's last use of the marks), and the bounded distance gives up on the rest
   * within a few letters, where the full similarity would compute Jaro-Winkler first. (Sound and
   * skeleton likenesses were found by the first walk's keys.)
   */
  private walkKeys(keys: readonly number[], info: TokenInfo, strict: boolean, stamp: number, byId: Map<number, number>, walkable: number, edits = -1, screenFrom = 0): number {
    const table = this.vocab.keyTable;
    const letters = info.vowelPoor ? 0 : letterSet(info.text);
    const twice = edits >= 0 ? repeatedLetters(info.text) : 0;
    let found = walkable;
    for (let k = 0; k < keys.length; k++) {
      const group = table.find(keys[k]!);
      if (group < 0) continue;
      // The identity keys reach spelling variants, which may be much shorter (Mfg, Manufacturing).
      const identity = k < screenFrom;
      const screen = !info.vowelPoor && !identity;
      for (let p = table.start(group), end = table.end(group); p < end; p++) {
        const id = table.value(p);
        if (edits >= 0 && screen && !this.withinEdits(letters, twice, table.payload(p), id, edits)) continue;
        if (this.seen[id] === stamp) continue;
        this.seen[id] = stamp;
        if (edits < 0 && screen && !this.screened(info.text, letters, table.payload(p), id)) continue;
        const other = this.vocab.infos[id]!;
        if (!identity && !info.vowelPoor && !other.vowelPoor && Math.abs(info.text.length - other.text.length) > MAX_LENGTH_GAP) continue;
        if (edits >= 0 && boundedDistance(info.text, other.text, edits) > edits) continue;
        const packed = tokenSimilarity(info, other, strict);
        if (packed === 0) continue;
        byId.set(id, packed);
        // A glued query pair (jin+ping) walks only tokens that are words somewhere (Jinping): rows
        // where the same two words stand apart are reached through the words themselves.
        if (!strict || this.vocab.isWord(id)) this.scratch[found++] = id;
      }
    }
    return found;
  }

  /**
   * Whether listed token `id` (screen word `word`) may still be alike enough to a Latin query
   * word (`text`, letter set `letters`), judged without reading its info. Past the identity keys
   * a Latin pair is alike only if its Jaro similarity reaches SIM.anySpelling
   * (token-similarity.ts); letters one has and the other lacks can match nothing, which bounds
   * that similarity from above.
   */
  private screened(text: string, letters: number, word: number, id: number): boolean {
    if ((word & SCREEN_VOWEL_POOR) !== 0) return true;
    const theirs = word & SCREEN_LETTERS;
    const length = screenLength(word) === SCREEN_LONG ? this.vocab.length(id) : screenLength(word);
    if (Math.abs(text.length - length) > MAX_LENGTH_GAP) return false;
    // Jaro compares at most 64 characters (similarity.ts): leave such words to it.
    if (text.length > 64 || length > 64) return true;
    let unmatched = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i) - 97;
      if (c >= 0 && c < 26 && (theirs & (1 << c)) === 0) unmatched++;
    }
    // Each letter the token has and the query lacks stands at one position at least.
    const matches = Math.min(text.length - unmatched, length - bitCount(theirs & ~letters));
    // Jaro with every possible match made and no transposition: (m/|a| + m/|b| + 1) / 3.
    return (matches / text.length + matches / length + 1) / 3 >= SIM.anySpelling;
  }

  /**
   * Whether listed token `id` (screen word `word`) may be within `edits` edits of a Latin query
   * word with letter sets `letters` and `twice` (vocabulary.ts repeatedLetters): its letter sets
   * then differ in at most twice as many letters. The sets of letters present rule most tokens
   * out on the screen word alone; the rest are tested on the repeated letters too.
   */
  private withinEdits(letters: number, twice: number, word: number, id: number, edits: number): boolean {
    if ((word & SCREEN_VOWEL_POOR) !== 0) return true;
    const apart = bitCount(letters ^ (word & SCREEN_LETTERS));
    return apart <= 2 * edits && apart + bitCount(twice ^ this.vocab.repeatedLetters(id)) <= 2 * edits;
  }

  /**
   * Ranks the walkable matches (most similar first, by packed similarity, in walk order among
   * equals) and totals their rows. Each match's packed similarity is read once into a sort key
   * that carries its walk position too, and the keys are sorted as plain numbers: a comparator
   * reading the map would read it twice per comparison.
   */
  private summarise(info: TokenInfo, byId: Map<number, number>, count: number, own: number): TokenMatches {
    const keys = this.sortKeys.subarray(0, count);
    for (let i = 0; i < count; i++) keys[i] = (PACKED_LIMIT - byId.get(this.scratch[i]!)!) * WALK_LIMIT + i;
    keys.sort();
    const ranked = new Int32Array(count);
    const rankedSim = new Float32Array(count);
    let bestWeight = -1;
    let volume = 0;
    for (let i = 0; i < count; i++) {
      const at = keys[i]! % WALK_LIMIT;
      const id = this.scratch[at]!;
      ranked[i] = id;
      rankedSim[i] = unpackSim(PACKED_LIMIT - (keys[i]! - at) / WALK_LIMIT);
      if (rankedSim[i]! >= SIM.min) bestWeight = Math.max(bestWeight, this.vocab.weight(id));
      volume += this.postStart[id + 1]! - this.postStart[id]!;
    }
    return { info, byId, ranked, rankedSim, volume, own, bestWeight };
  }
}
