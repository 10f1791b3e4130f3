import { HONORIFICS } from './name-lists.js';
import type { NameToken, TokenRole } from './name-rules.js';
import { ANNOTATION_FACTOR, ROLE_WEIGHT, gluable } from './name-table.js';
import type { TokenMatcher, TokenMatches } from './token-matches.js';
import type { TokenInfo } from './token-similarity.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * One query word, or two neighbouring words read as one (jin + ping ~ Jinping), with every
 * listed token it resembles: token id → packed similarity (0 when a shared key was a false
 * lead). Alignment later reads similarities from here instead of recomputing them.
 */
export interface QueryUnit {
  start: number;
  length: number;
  info: TokenInfo;
  weight: number;
  /** Identifying word (not a particle, legal form or prefix). */
  identifying: boolean;
  /** Listed token id → packed similarity. */
  matches: Map<number, number>;
  /** Ids with a similarity above zero, most similar first, and their similarities. */
  ranked: Int32Array;
  rankedSim: Float32Array;
  /** Rows carrying any of them. */
  volume: number;
}

export interface QueryToken {
  info: TokenInfo;
  role: TokenRole;
  weight: number;
  /** A Han or Hangul syllable (see normalize.ts): it romanises one way, so a misspelling of it is another syllable. */
  syllable: boolean;
  /** The word itself is listed (a name or word of some listed name), so it is no misspelling. */
  known: boolean;
  /** In a name read by ear: how alike the word sounds to listed words (by token id), as worked out (align.ts). */
  heard: Map<number, number> | null;
  /** Shaped like an East Slavic patronymic (Ivanovich, Borisovna, Ilyich): see score.ts ADDED_PATRONYMIC. */
  patronymic: boolean;
}

/**
 * East Slavic patronymics (Ivanovich, Sergeyevich, Petrovych, Borisovna, Ivanivna, Ilyich,
 * Kuzmich): forms collect them, lists often leave them out.
 */
const PATRONYMIC = /(?:ovich|evich|ovych|evych|ovna|evna|ivna|ichna)$|^[a-z]{3,}ich$/;

/**
 * A title the query carries (Mr, Dr, Sheikh, President: name-rules.ts made it a prefix) weighs
 * nothing: a customer adds it at will, and it says nothing of who the customer is. A name of
 * titles only keeps them as words (name-rules.ts isTitle), and a listed title still aligns.
 */
const isQueryTitle = (token: NameToken): boolean => token.role === 'prefix' && !token.vowelPoor && HONORIFICS.has(token.text);

export interface PreparedForm {
  tokens: QueryToken[];
  /** Singles first (unit i is token i), then the two-word units. */
  units: QueryUnit[];
  totalWeight: number;
  /** A reading by ear of a name in katakana, Hangul or Chinese characters (normalize.ts). */
  byEar: boolean;
  /** In a reading of Chinese characters: a word's spelling → the Han word it spells (normalize.ts). */
  heardFrom: ReadonlyMap<string, string> | null;
}

/** A query word's weight: its own rarity if listed, else that of the listed word it resembles. */
function queryWeight(vocab: Vocabulary, token: NameToken, found: TokenMatches): number {
  let base: number;
  if (isQueryTitle(token)) return 0;
  if (token.role !== 'name') base = ROLE_WEIGHT[token.role];
  else if (found.own >= 0) base = vocab.weight(found.own);
  else if (found.bestWeight >= 0) base = found.bestWeight;
  // An unknown word is rare, so it weighs fully, unless it is one or two letters: those are
  // initials, abbreviations or a mistyped legal form ("C.W."), not a distinctive name.
  else base = token.text.length <= 2 ? 0.5 : 1;
  return token.annotation ? base * ANNOTATION_FACTOR : base;
}

/** Looks every query word and word pair up in the vocabulary; `typed`: see TokenMatcher.matches. */
export function prepareForm(matcher: TokenMatcher, vocab: Vocabulary, tokens: NameToken[], typed = false, byEar = false, heardFrom: ReadonlyMap<string, string> | null = null): PreparedForm {
  const units: QueryUnit[] = [];
  const prepared: QueryToken[] = [];
  let totalWeight = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    // A Han or Hangul syllable romanises one way (pinyin, Revised Romanisation): it matches the
    // listed words spelt as it is, in another romanisation or a variant (Zhang, Chang), and not
    // those one letter away, another syllable of a closed set (王成 Wang Cheng is not Chen Wang).
    const found = matcher.matches(token.text, token.canon, token.vowelPoor, false, typed, token.syllable, byEar);
    const weight = queryWeight(vocab, token, found);
    prepared.push({ info: found.info, role: token.role, weight, syllable: token.syllable, known: found.own >= 0, heard: byEar ? new Map() : null, patronymic: token.role === 'name' && !token.syllable && PATRONYMIC.test(token.text) });
    const identifying = token.role === 'name' || token.role === 'number';
    units.push({ start: i, length: 1, info: found.info, weight, identifying, matches: found.byId, ranked: found.ranked, rankedSim: found.rankedSim, volume: found.volume });
    totalWeight += weight;
  }
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    // Only pairs a list might write as one word (see `gluable`), and any pair in an abjad, whose
    // word breaks follow the script, not the Latin spelling.
    if ((a.role !== 'name' && a.role !== 'particle') || b.role !== 'name') continue;
    if (!gluable(a, b) && !a.vowelPoor && !b.vowelPoor) continue;
    const glued = a.text + b.text;
    // Two syllables glued are a word in pinyin or Revised Romanisation, which a list writes as it
    // is (Jinping) or not at all: read as a misspelling of some other word they only make false
    // hits (ma fei ~ Maei).
    // Such a word, like its syllables, is met only as spelt (yong jin is Yongjin, not Yongxin).
    const syllables = a.syllable && b.syllable;
    if (syllables && vocab.idOf(glued, false) < 0) continue;
    const found = matcher.matches(glued, glued, a.vowelPoor || b.vowelPoor, true, typed, syllables);
    const weight = prepared[i]!.weight + prepared[i + 1]!.weight;
    units.push({ start: i, length: 2, info: found.info, weight, identifying: true, matches: found.byId, ranked: found.ranked, rankedSim: found.rankedSim, volume: found.volume });
  }
  return { tokens: prepared, units, totalWeight, byEar, heardFrom };
}
