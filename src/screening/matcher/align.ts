import { hanHeardSpellings } from './han-foreign.js';
import { foldByEar } from './keys.js';
import { ROLES, type NameTable } from './name-table.js';
import { boundedDistance } from './similarity.js';
import type { PreparedForm, QueryToken } from './query.js';
import { SIM, abjadGapSimilarity, earOf, initialSimilarity, isSpelling, pack, tokenSimilarity, unpackSim, type TokenInfo } from './token-similarity.js';
import { SINGLE_LETTER, VOWEL_POOR } from './vocabulary.js';

/** Query words [qStart, qStart+qLength) aligned with listed words [cStart, cStart+cLength). */
export interface AlignedPair {
  qStart: number;
  qLength: number;
  cStart: number;
  cLength: number;
  /** Packed similarity (token-similarity.ts). */
  packed: number;
}

const MIN_PACKED = pack(SIM.min, 'exact');
/** Longer names are aligned on their first 63 words. */
const MAX_WORDS = 63;
const MAX_PAIRS = 512;

// Scratch space reused by every alignment (the matcher is synchronous): a pair is one packed
// integer of its four positions and lengths, plus its packed similarity.
const pairShape = new Int32Array(MAX_PAIRS);
const pairSim = new Int32Array(MAX_PAIRS);
const usedQ = new Uint8Array(MAX_WORDS + 2);
const usedC = new Uint8Array(MAX_WORDS + 2);

const shape = (q: number, ql: number, c: number, cl: number) => q | (ql << 6) | (c << 8) | (cl << 14);

/** Looks a similarity up, computing it for abjad spellings that share no key with the word. */
function similarity(form: PreparedForm, unit: number, table: NameTable, id: number): number {
  const u = form.units[unit]!;
  let packed = u.matches.get(id);
  if (packed !== undefined) return packed;
  if (u.length !== 1) return 0;
  // Most listed words here resemble no query word: their shape bits settle it without reading
  // the word itself, which is rarely in the processor's cache.
  const shape = table.vocab.shape(id);
  if (u.info.vowelPoor || (shape & VOWEL_POOR) !== 0) {
    // عدي `dy` ~ Uday: a one-letter skeleton is no key, so it is compared here, in a found name.
    packed = tokenSimilarity(u.info, table.vocab.infos[id]!);
    u.matches.set(id, packed);
    return packed;
  }
  return u.info.text.length === 1 || (shape & SINGLE_LETTER) !== 0 ? initialSimilarity(u.info, table.vocab.infos[id]!) : 0;
}

/** Fills the scratch with every similar-enough pair; returns how many. */
function collectPairs(form: PreparedForm, table: NameTable, row: number): number {
  const start = table.rowStart[row]!;
  const words = Math.min(table.rowStart[row + 1]! - start, MAX_WORDS);
  let n = 0;
  for (let u = 0; u < form.units.length && n < MAX_PAIRS - 2; u++) {
    const unit = form.units[u]!;
    if (unit.start + unit.length > MAX_WORDS) continue;
    for (let k = 0; k < words; k++) {
      const packed = similarity(form, u, table, table.rowTokens[start + k]!);
      if (packed >= MIN_PACKED) {
        pairShape[n] = shape(unit.start, unit.length, k, 1);
        pairSim[n++] = packed;
      }
      const glued = table.rowGlued[start + k]!;
      if (unit.length !== 1 || glued < 0 || k + 1 >= words) continue;
      const gluedPacked = unit.matches.get(glued) ?? 0;
      if (gluedPacked >= MIN_PACKED && (isSpelling(gluedPacked) || table.rowGluedWritten[start + k] === 1)) {
        pairShape[n] = shape(unit.start, 1, k, 2);
        pairSim[n++] = gluedPacked;
      }
    }
  }
  return n;
}

const covered = (s: number) => ((s >> 6) & 3) + ((s >> 14) & 3);

/** Orders pairs best first: higher similarity, then more words covered (insertion sort: few pairs). */
function sortPairs(n: number): void {
  for (let i = 1; i < n; i++) {
    const sh = pairShape[i]!;
    const sim = pairSim[i]!;
    let j = i - 1;
    while (j >= 0 && (pairSim[j]! >> 3 < sim >> 3 || (pairSim[j]! >> 3 === sim >> 3 && covered(pairShape[j]!) < covered(sh)))) {
      pairShape[j + 1] = pairShape[j]!;
      pairSim[j + 1] = pairSim[j]!;
      j--;
    }
    pairShape[j + 1] = sh;
    pairSim[j + 1] = sim;
  }
}

/**
 * Order-insensitive alignment: the most similar pairs are taken first, each word at most once,
 * so "Hussein Saddam" aligns with "Saddam Hussein" and a dropped middle name is simply left
 * unaligned. A glued pair (jin+ping ~ jinping) competes with single words on similarity; on a
 * tie the pair covering more words wins, so Kim Jong Un ~ Kim Jongun takes both words. A word
 * left alone on each side, between words that did align, is compared once more (fillGaps).
 */
export function align(form: PreparedForm, table: NameTable, row: number): AlignedPair[] {
  const n = collectPairs(form, table, row);
  if (n === 0) return [];
  sortPairs(n);
  usedQ.fill(0);
  usedC.fill(0);
  const chosen: AlignedPair[] = [];
  let coveredQ = 0;
  let coveredC = 0;
  for (let i = 0; i < n; i++) {
    const s = pairShape[i]!;
    const q = s & 63;
    const ql = (s >> 6) & 3;
    const c = (s >> 8) & 63;
    const cl = (s >> 14) & 3;
    if (usedQ[q] || usedC[c] || (ql === 2 && usedQ[q + 1]) || (cl === 2 && usedC[c + 1])) continue;
    usedQ[q] = usedQ[q + ql - 1] = 1;
    usedC[c] = usedC[c + cl - 1] = 1;
    coveredQ += ql;
    coveredC += cl;
    chosen.push({ qStart: q, qLength: ql, cStart: c, cLength: cl, packed: pairSim[i]! });
  }
  const words = Math.min(table.rowStart[row + 1]! - table.rowStart[row]!, MAX_WORDS);
  const gaps = Math.min(form.tokens.length, MAX_WORDS) - coveredQ;
  if ((chosen.length >= 2 || form.byEar) && (gaps === 1 || (gaps === 2 && form.byEar)) && words === coveredC + gaps) fillGaps(form, table, row, chosen, gaps);
  if (form.byEar) hearPairs(form, table, row, chosen);
  return chosen;
}

/**
 * In a name heard rather than spelt, an aligned word pair counts at least as alike as the two
 * sound (ニコラエフ nigorav ~ Nikolaev: nikolap, nikolaep).
 */
function hearPairs(form: PreparedForm, table: NameTable, row: number, chosen: AlignedPair[]): void {
  const start = table.rowStart[row]!;
  for (const p of chosen) {
    if (p.qLength !== 1 || p.cLength !== 1) continue;
    const token = form.tokens[p.qStart]!;
    const id = table.rowTokens[start + p.cStart]!;
    const listed = table.vocab.infos[id]!;
    if (token.info.vowelPoor || listed.vowelPoor || token.info.isNumber || listed.isNumber || token.syllable) continue;
    if (Math.min(token.info.text.length, listed.text.length) < 4) continue;
    const sim = heardAs(form, token, id, listed);
    if (sim > unpackSim(p.packed)) p.packed = pack(sim, 'phonetic');
  }
}

/** The least similarity a gap word pair is given (two edits in a five-letter word: 0.76). */
const GAP_MIN = SIM.min;
/** The least a heard word must sound like the other word of a two-word name (fillGaps). */
const HEARD_PAIR_MIN = 0.8;
const NAME_ROLE = ROLES.indexOf('name');

/**
 * The one query word and the one listed word an alignment left out, in the same place between
 * aligned words (Ali Manqh Ali al-Mahaydali ~ Ali Manahi Ali al-Mahaydali), are compared once
 * more, allowing two edits whatever their length: with every other word in place, the word in
 * the gap is a misspelling of the listed one far more often than another name. A name heard
 * rather than spelt may leave two such words on each side, paired in order. An abjad word in the
 * gap is compared by its consonants (token-similarity.ts abjadGapSimilarity).
 */
function fillGaps(form: PreparedForm, table: NameTable, row: number, chosen: AlignedPair[], gaps: number): void {
  const start = table.rowStart[row]!;
  let names = 0;
  for (const p of chosen) if (table.rowRoles[start + p.cStart] === NAME_ROLE) names++;
  // A two-word name with one word in common is often another person (Alireza Amin, Alireza Adan).
  // Not so for a name heard rather than spelt, whose reading rarely spells any word as listed: it
  // may fill two gaps of a three-word name around one word (黛安娜·埃斯皮諾薩·阿吉拉爾 deanna
  // espinosa agilal ~ Diana ESPINOZA AGUILAR), each gap word sounding like its own, or the other
  // word of a two-word name if it sounds closer still (HEARD_PAIR_MIN: ゴラームレザー・マフムーディ
  // goramureza ~ Gholamreza).
  if (names < 2 && !(form.byEar && names === 1)) return;
  const aligned = chosen.length;
  let qi = -1;
  let ci = -1;
  for (let g = 0; g < gaps; g++) {
    do qi++;
    while (usedQ[qi]);
    do ci++;
    while (usedC[ci]);
    let inPlace = true;
    for (let k = 0; k < aligned && inPlace; k++) inPlace = chosen[k]!.qStart < qi === chosen[k]!.cStart < ci;
    if (inPlace) fillGap(form, table, start, qi, ci, chosen, names === 1 && gaps === 1 ? HEARD_PAIR_MIN : GAP_MIN, names >= HAN_SPELLINGS_NAMES);
  }
}

/**
 * `spellings`: the name has enough other words aligned that a word read from Chinese characters
 * is also compared as the characters' less likely spellings (heardFromHan).
 */
function fillGap(form: PreparedForm, table: NameTable, start: number, qi: number, ci: number, chosen: AlignedPair[], min: number, spellings: boolean): void {
  const token = form.tokens[qi]!;
  const listed = table.vocab.infos[table.rowTokens[start + ci]!]!;
  // A listed word typed in the gap is another name (Exports, not Imports); one in a name read by
  // ear only came out of the reading (薩伊德 said ~ Sayyid).
  if (token.role !== 'name' || token.syllable || (token.known && !form.byEar) || table.rowRoles[start + ci] !== NAME_ROLE) return;
  const a = token.info.text;
  const b = listed.text;
  if (token.info.isNumber || listed.isNumber) return;
  if (token.info.vowelPoor !== listed.vowelPoor) {
    const sim = abjadGapSimilarity(token.info, listed);
    if (sim >= GAP_MIN) chosen.push({ qStart: qi, qLength: 1, cStart: ci, cLength: 1, packed: pack(sim, 'skeleton') });
    return;
  }
  if (token.info.vowelPoor) return;
  const id = table.rowTokens[start + ci]!;
  if (Math.min(a.length, b.length) === 3 && form.byEar && min === GAP_MIN) {
    // A word of three letters is compared only if it sounds the same (セア sea ~ Zea), and not as
    // the other word of a two-word name: one edit is a third of it.
    const sim = heardAs(form, token, id, listed);
    if (sim > 0) chosen.push({ qStart: qi, qLength: 1, cStart: ci, cLength: 1, packed: pack(sim, 'phonetic') });
    return;
  }
  if (Math.min(a.length, b.length) < 4) return;
  const spelt = gapSimilarity(a, b, 0);
  // A name heard rather than spelt (ヴェラスケス・カバジェロ kabajero ~ Caballero) is compared
  // as it sounds (heardSimilarity).
  let heard = form.byEar ? heardAs(form, token, id, listed) : 0;
  if (spellings && form.heardFrom !== null) heard = Math.max(heard, heardFromHan(form, a, listed));
  const sim = Math.max(spelt, heard);
  if (sim < min) return;
  chosen.push({ qStart: qi, qLength: 1, cStart: ci, cLength: 1, packed: pack(sim, heard > spelt ? 'phonetic' : 'fuzzy') });
}

/**
 * What folding by ear costs, in edits: half an edit in a name of two words or more, whose other
 * words back the reading; a whole one for a word heard alone, where two names sounding alike
 * is all there is (오세아나 oseana is not Ozean).
 */
const HEARD_IN_NAME = 0.5;
const HEARD_ALONE = 1;

/** heardSimilarity of a query word and listed word `id`, worked out once per query: the rows of a name share their words. */
function heardAs(form: PreparedForm, token: QueryToken, id: number, listed: TokenInfo): number {
  let sim = token.heard?.get(id);
  if (sim === undefined) {
    sim = heardOf(form, token.info, listed);
    token.heard?.set(id, sim);
  }
  return sim;
}

/**
 * heardSimilarity of two Latin words; one of three letters (which earOf leaves out, as it gets
 * no key) is alike only if it folds the same.
 */
function heardOf(form: PreparedForm, a: TokenInfo, b: TokenInfo): number {
  if (Math.min(a.text.length, b.text.length) >= 4) return heardSimilarity(form, earOf(a), earOf(b));
  const heard = foldByEar(a.text);
  return heard === foldByEar(b.text) ? heardSimilarity(form, heard, heard) : 0;
}

/**
 * gapSimilarity of two words folded by ear (keys.ts foldByEar), the folding costing
 * HEARD_IN_NAME or HEARD_ALONE edits. An h that opens one of them only may be silent, as in
 * Spanish (ウンベルト unpet ~ Humberto, 埃雷拉 elela ~ Herrera): the ear fold cannot leave it
 * out, since katakana and Chinese also write a Spanish j as h (ホセ, 何塞 hose ~ Jose).
 */
function heardSimilarity(form: PreparedForm, a: string, b: string, cost = 0): number {
  const extra = (form.tokens.length >= 2 ? HEARD_IN_NAME : HEARD_ALONE) + cost;
  const sim = gapSimilarity(a, b, extra);
  return (a[0] === 'h') === (b[0] === 'h') ? sim : Math.max(sim, gapSimilarity(a[0] === 'h' ? a.slice(1) : a, b[0] === 'h' ? b.slice(1) : b, extra));
}

/**
 * A name whose other words line up with this many listed names (three: a four-word name with one
 * word left) is close enough to the listed one that its word in the gap is compared with every
 * likely spelling of the Chinese characters it was read from, not only the readings searched.
 */
const HAN_SPELLINGS_NAMES = 3;
/**
 * What a less likely spelling costs, in nats of log-probability per edit: a spelling e³ (twenty)
 * times less likely than the likeliest costs what one edit does.
 */
const NATS_PER_EDIT = 3;

/**
 * heardSimilarity of a listed word and the Chinese characters the query word `spelling` was
 * read from (han-foreign.ts hanHeardSpellings), each spelling's shortfall from the likeliest
 * charged as edits (NATS_PER_EDIT). 溫貝托 reads winbeto, which sounds two edits from Humberto,
 * too far to fill its place; but 溫 also writes un (Umberto, as Italian spells it), and unberto,
 * a spelling twenty times less likely, sounds as Humberto does once its h goes silent. 0 when
 * the word was not read from Chinese characters.
 */
function heardFromHan(form: PreparedForm, spelling: string, listed: TokenInfo): number {
  const han = form.heardFrom?.get(spelling);
  if (han === undefined || listed.text.length < 4) return 0;
  const target = earOf(listed);
  // The readings of a name spell its Han word several ways, each a form aligned with the same
  // rows: the characters are compared with a listed word once.
  const key = `${han} ${target}`;
  let best = HEARD_FROM_HAN.get(key);
  if (best !== undefined) return best;
  best = 0;
  for (const s of hanHeardSpellings(han)) {
    const cost = s.regret / NATS_PER_EDIT;
    // A spelling whose cost alone leaves too little is not compared.
    if (s.ear.length < 3 || 1 - (SIM.perEdit * (cost + HEARD_IN_NAME)) / Math.max(s.ear.length, target.length) < GAP_MIN) continue;
    best = Math.max(best, heardSimilarity(form, s.ear, target, cost));
  }
  if (HEARD_FROM_HAN.size >= HEARD_FROM_HAN_LIMIT) HEARD_FROM_HAN.clear();
  HEARD_FROM_HAN.set(key, best);
  return best;
}
/** heardFromHan by Han word and listed word folded by ear (only names of three words or more ask). Bounded: emptied when full. */
const HEARD_FROM_HAN = new Map<string, number>();
const HEARD_FROM_HAN_LIMIT = 50_000;

/** Edit-distance similarity allowing two edits, each costing SIM.perEdit of the longer word; `extra` edits are charged on top. */
function gapSimilarity(a: string, b: string, extra: number): number {
  const d = boundedDistance(a, b, 2);
  if (d > 2) return 0;
  return 1 - (SIM.perEdit * (d + extra)) / Math.max(a.length, b.length) - (a[0] === b[0] ? 0 : SIM.firstLetter);
}
