import type { AlignedPair } from './align.js';
import { AMBIGUOUS_LEGAL_FORMS } from './name-lists.js';
import { ROLES, type NameTable } from './name-table.js';
import type { PreparedForm } from './query.js';
import { boundedDistance } from './similarity.js';
import { HOWS, pack, SIM, unpackHow, unpackSim } from './token-similarity.js';

/**
 * How far the name score leans on covering the query rather than the listed name. Well above
 * 0.5 so that a query missing a listed middle name (Saddam al-Tikriti for Saddam Hussein
 * al-Tikriti) still scores high, while a listed name that is a fraction of the query
 * ("Mohammed Ali" inside "Mohammed Ali Hassan Zubeidi") scores lower.
 */
export const QUERY_SIDE = 0.7;
/** Numbers on both sides that do not align ("Maru No. 8" / "Maru No. 6") scale the score by this. */
const NUMBER_CONFLICT = 0.7;
/** A number on one side only ("SIAM ORCHID 7" / "SIAM ORCHID") counts this much of its weight. */
const LONE_NUMBER = 0.3;
/**
 * A query word left over that repeats an aligned one counts this much of its weight: a lineage
 * name repeats its names (Mubarak Mishkhis Sanad Mubarak al-Badhali, the second Mubarak a
 * grandfather), and a list that leaves the repetition out names the same person.
 */
const REPEATED = 0.25;
/**
 * A query word a listed person's name leaves out counts this much of its weight when the rest
 * of the query reads as that name with words added: the customer gives the full legal name an
 * onboarding form asks for, the list only the names it knows (Joaquin Archivaldo Guzman Loera
 * for Joaquin GUZMAN LOERA). At full weight such a word cost far more than the same word missing
 * on the listed side (0.81 against 0.95), below the default threshold and below names sharing a
 * word or two fuzzily. It must be a middle word, between the first and the last aligned word with
 * the alignment in the listed order, and the listed name must be matched whole: two identifying
 * words or more, every listed name word aligned, each closely (ADDED_CLOSE). A name of one listed
 * word (a listed Roman, MB BANK) never eases, nor do extra words at the edges (Mohammed Ali
 * Hassan is not Mohammed ALI), names read by ear, or syllables of Han or Hangul names, whose
 * syllables make one given name. Organisations are left as they were: a word added inside a
 * company name often names another company. At 0.25 a middle name cost what a missing one does,
 * but common names with another name between them (Hassan Khaled Khalil for Hassan KHALIL)
 * passed: eval synthetic false positives 0.9 → 1.1 %.
 */
const ADDED_WORD = 0.4;
/**
 * The same for a patronymic (Igor Ivanovich Sechin for Igor SECHIN), which eases wherever it
 * stands (SECHIN Igor Ivanovich): its ending says it is the father's name lists leave out.
 */
const ADDED_PATRONYMIC = 0.25;
/** The least similarity each aligned pair needs for ADDED_WORD: the word as listed, a variant or another romanisation. */
const ADDED_CLOSE = SIM.romanisation;
/**
 * How far the name score leans on covering the query when the query reads as a part of the
 * listed name only (shortQueryScore): a single substantive word ("Roman", "Bank", "Handyman") against
 * a listed name of more (Roman ROTENBERG, MB BANK, MR HANDYMAN LTD), or two words of a person's
 * name met in another order inside a company name (Li Wei in WEI TA LEE COMPANY). There the
 * listed words left out are what tells the listed entity apart, so listed coverage counts as
 * much as the query's, linearly, and each listed word left out weighs at least what an aligned
 * word weighs on average: a common word (MB) left out still leaves half the name unmatched. A
 * listed name of that one word (a mononym, HIZBALLAH) is covered whole and still scores 1.
 */
const SHORT_QUERY_SIDE = 0.5;
const INITIAL = HOWS.indexOf('initial');
const PARTICLE = ROLES.indexOf('particle');
const LEGAL = ROLES.indexOf('legal');
const PREFIX = ROLES.indexOf('prefix');
const MAX_WORDS = 64;

export interface NameScore {
  score: number;
  /** Weighted share of the query covered (0..1). */
  queryCoverage: number;
  /** Weighted share of the listed name covered (0..1). */
  listedCoverage: number;
}

const NAME = ROLES.indexOf('name');
const NUMBER = ROLES.indexOf('number');
const coveredQ = new Uint8Array(MAX_WORDS);
const coveredC = new Uint8Array(MAX_WORDS);
/**
 * How much more a listed word left out counts against a query of Han or Hangul syllables. The
 * word left out is mostly a surname (광석 Gwang Seok for Kwang Sok KIM), and a common one weighs
 * little by rarity: at 2 a Hangul name of one word still matched such names, at 4 the Hangul
 * single-word false positives went from 1.1 to 1.0 % (seed 11: 1.3 to 1.1 %), no recall lost.
 */
const SYLLABLE_REST = 4;

/**
 * A query of Han or Hangul syllables whose given-name syllables meet the listed ones in the
 * other order (김호동 Kim Ho-dong ~ Tong-ho KIM) names another person: the syllables of a given
 * name keep their order wherever the surname goes.
 */
const SWAPPED_SYLLABLES = 0.8;

/** Whether two aligned pairs past the query's first word (the surname) run in opposite orders. */
function givenSyllablesSwapped(pairs: AlignedPair[]): boolean {
  for (let i = 0; i < pairs.length; i++) {
    const a = pairs[i]!;
    if (a.qStart === 0) continue;
    for (let j = 0; j < pairs.length; j++) {
      const b = pairs[j]!;
      if (b.qStart > a.qStart && b.cStart < a.cStart) return true;
    }
  }
  return false;
}

/** Whether every name word of the query is a Han or Hangul syllable. */
function allSyllables(form: PreparedForm): boolean {
  let any = false;
  for (const t of form.tokens) {
    if (t.role !== 'name') continue;
    if (!t.syllable) return false;
    any = true;
  }
  return any;
}

/** Positions of the query and listed words left out of an alignment (built only for the matches reported). */
export function unaligned(pairs: AlignedPair[], queryWords: number, listedWords: number): { query: number[]; listed: number[] } {
  const query: number[] = [];
  const listed: number[] = [];
  for (let k = 0; k < queryWords; k++) if (!aligns(pairs, k, true)) query.push(k);
  for (let k = 0; k < listedWords; k++) if (!aligns(pairs, k, false)) listed.push(k);
  return { query, listed };
}

/** Whether query word `k` (or listed word, when not `query`) is aligned. */
function aligns(pairs: AlignedPair[], k: number, query: boolean): boolean {
  for (const p of pairs) {
    const start = query ? p.qStart : p.cStart;
    if (k >= start && k < start + (query ? p.qLength : p.cLength)) return true;
  }
  return false;
}

/**
 * A name whose words all line up one to one, in order, with a listed name's, each spelt as
 * listed or one keystroke off after the first letter, and one of them a word no list has (Adan
 * YACOYB for Adam YACOUB): a misspelt name. Once one word is a typo, a listed word one letter off
 * another (Adan, Adam) is more likely a second typo than another name, so such a pair is scored
 * by its edit alone, without the discount a query word that is a listed name gets
 * (token-matches.ts KNOWN_WORD_DISCOUNT): its packed similarity is raised in place, so the
 * explanation shows what the score used.
 */
function readAsTypos(form: PreparedForm, table: NameTable, start: number, listedWords: number, pairs: AlignedPair[]): void {
  const n = pairs.length;
  if (form.byEar || n < 2 || n !== form.tokens.length || n !== listedWords) return;
  let misspelt = false;
  for (let i = 0; i < n; i++) {
    const p = pairs[i]!;
    typoSim[i] = -1;
    // In the listed order too: a misspelling keeps the words where they were.
    if (p.qLength !== 1 || p.cLength !== 1 || p.qStart !== p.cStart) return;
    const how = unpackHow(p.packed);
    if (how === 'exact' || how === 'variant') continue;
    const q = form.tokens[p.qStart]!;
    const a = q.info.text;
    const b = table.vocab.infos[table.rowTokens[start + p.cStart]!]!.text;
    // Typing rarely gets a name's first letter wrong; names that differ there are mostly two
    // names (Duong, Cuong).
    if (q.syllable || q.info.vowelPoor || a[0] !== b[0] || Math.min(a.length, b.length) < 3 || boundedDistance(a, b, 1) !== 1) return;
    if (!q.known) misspelt = true;
    typoSim[i] = 1 - SIM.typoPerEdit / Math.max(a.length, b.length);
  }
  if (!misspelt) return;
  for (let i = 0; i < n; i++) if (typoSim[i]! > unpackSim(pairs[i]!.packed)) pairs[i]!.packed = pack(typoSim[i]!, 'fuzzy');
}
const typoSim = new Float64Array(MAX_WORDS);

/**
 * Whether the alignment reads the query as the listed person's whole name with words added
 * (ADDED_WORD, ADDED_PATRONYMIC): -1 when not, else 1 when the aligned words are in the listed
 * order (so words between them are middle words), 0 when they are not (only patronymics ease).
 */
function addedWordsEase(form: PreparedForm, table: NameTable, start: number, cWords: number, pairs: AlignedPair[], identifying: number): number {
  if (identifying < 2 || form.byEar) return -1;
  for (let k = 0; k < cWords; k++) {
    const role = table.rowRoles[start + k]!;
    if (!coveredC[k] && (role === NAME || role === NUMBER)) return -1;
  }
  let inOrder = 1;
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i]!;
    if (unpackSim(p.packed) < ADDED_CLOSE || (p.packed & 7) === INITIAL) return -1;
    for (let j = i + 1; j < pairs.length; j++) if (p.qStart < pairs[j]!.qStart !== p.cStart < pairs[j]!.cStart) inOrder = 0;
  }
  return inOrder;
}

/**
 * The score of a query that reads as a part of the listed name only (SHORT_QUERY_SIDE), or 1
 * when it does not: a query of one word, or of two met out of the listed order in a name that is
 * not a person's, with a substantive listed word left out. Only a query of bare words: one that
 * also gives a title or legal form (Sheikh Yassin, ROSNEFT OAO) is a name as written, mostly with
 * a middle word dropped, and is scored as before; so are names read by ear, abjad words and Han
 * or Hangul syllables, whose word breaks follow the script and whose short forms SYLLABLE_REST
 * already weighs. Substantive listed words: name words and numbers, in a name that is not a
 * person's titles too (the MR of MR HANDYMAN LTD is part of the company's name), and the two
 * letters that may be a legal form or the name's initials (the MB of MB BANK, Military Bank: a
 * bank of another name than BANK); other legal forms and particles are not. Allocates nothing.
 */
function shortQueryScore(
  form: PreparedForm,
  table: NameTable,
  start: number,
  qWords: number,
  cWords: number,
  pairs: AlignedPair[],
  person: boolean,
  matched: number,
  matchedWeight: number,
  restC: number,
  queryCoverage: number,
): number {
  if (form.byEar || qWords > 2) return 1;
  let substantive = 0;
  for (let k = 0; k < qWords; k++) {
    const t = form.tokens[k]!;
    if (t.info.vowelPoor || t.syllable) return 1;
    if ((t.role === 'name' || t.role === 'number') && t.weight > 0) substantive++;
  }
  if (substantive !== qWords) return 1;
  if (substantive === 2) {
    if (person || pairs.length < 2) return 1;
    let inOrder = true;
    for (let i = 0; i < pairs.length && inOrder; i++) {
      for (let j = i + 1; j < pairs.length; j++) if (pairs[i]!.qStart < pairs[j]!.qStart !== pairs[i]!.cStart < pairs[j]!.cStart) inOrder = false;
    }
    if (inOrder) return 1;
  }
  let coveredWords = 0;
  for (let k = 0; k < cWords; k++) if (coveredC[k]) coveredWords++;
  if (coveredWords === 0) return 1;
  const mean = matchedWeight / coveredWords;
  let lifted = restC;
  let left = 0;
  for (let k = 0; k < cWords; k++) {
    if (coveredC[k]) continue;
    const role = table.rowRoles[start + k]!;
    if (role === PARTICLE || (role === PREFIX && person)) continue;
    if (role === LEGAL && !AMBIGUOUS_LEGAL_FORMS.has(table.vocab.infos[table.rowTokens[start + k]!]!.text)) continue;
    left++;
    lifted += Math.max(0, mean - table.rowWeights[start + k]!);
  }
  if (left === 0) return 1;
  const listed = matched / (matchedWeight + lifted);
  return SHORT_QUERY_SIDE * queryCoverage + (1 - SHORT_QUERY_SIDE) * listed;
}

/** Whether query word `k` is spelt like a query word the alignment covered. */
function repeatsAligned(form: PreparedForm, qWords: number, k: number): boolean {
  const canon = form.tokens[k]!.info.canon;
  for (let j = 0; j < qWords; j++) if (j !== k && coveredQ[j] && form.tokens[j]!.info.canon === canon) return true;
  return false;
}

/**
 * Name score of one aligned pair of names: each aligned pair adds similarity × the listed
 * word's weight (a misspelt query word weighs what the word it stands for weighs); unaligned
 * words add their weight to the side they are on. The score blends both coverages, the listed
 * one through its square root: lists carry patronymics, tribal and middle names that customers
 * leave out, while a query word that matches nothing is real evidence against — unless it only
 * adds a middle name or patronymic to a person's name matched whole (ADDED_WORD). A bare word
 * or two that are only a part of the listed name lean on listed coverage more (SHORT_QUERY_SIDE).
 */
export function nameScore(form: PreparedForm, table: NameTable, row: number, pairs: AlignedPair[], person = false): NameScore {
  const start = table.rowStart[row]!;
  const qWords = Math.min(form.tokens.length, MAX_WORDS);
  const cWords = Math.min(table.rowStart[row + 1]! - start, MAX_WORDS);
  readAsTypos(form, table, start, cWords, pairs);
  coveredQ.fill(0, 0, qWords);
  coveredC.fill(0, 0, cWords);
  let matched = 0;
  let matchedWeight = 0;
  let identifying = 0;
  let firstQ = MAX_WORDS;
  let lastQ = -1;
  for (const p of pairs) {
    firstQ = Math.min(firstQ, p.qStart);
    lastQ = Math.max(lastQ, p.qStart + p.qLength - 1);
    let w = 0;
    for (let k = p.cStart; k < p.cStart + p.cLength; k++) {
      w += table.rowWeights[start + k]!;
      coveredC[k] = 1;
      const role = table.rowRoles[start + k]!;
      if (role === NAME || role === NUMBER) identifying++;
    }
    coveredQ.fill(1, p.qStart, p.qStart + p.qLength);
    matched += unpackSim(p.packed) * w;
    matchedWeight += w;
  }
  let loneQ = false;
  let loneC = false;
  for (let k = 0; k < qWords; k++) if (!coveredQ[k] && form.tokens[k]!.role === 'number') loneQ = true;
  for (let k = 0; k < cWords; k++) if (!coveredC[k] && table.rowRoles[start + k] === NUMBER) loneC = true;
  // Only worked out when some query word is left over: a name matched word for word skips it.
  let ease = -2;
  let restQ = 0;
  for (let k = 0; k < qWords; k++) {
    if (coveredQ[k]) continue;
    const t = form.tokens[k]!;
    let share = t.role === 'number' && !loneC ? LONE_NUMBER : repeatsAligned(form, qWords, k) ? REPEATED : 1;
    if (share > ADDED_PATRONYMIC && person && t.role === 'name' && !t.syllable) {
      if (ease === -2) ease = addedWordsEase(form, table, start, cWords, pairs, identifying);
      if (ease >= 0 && t.patronymic) share = ADDED_PATRONYMIC;
      else if (ease === 1 && k > firstQ && k < lastQ) share = Math.min(share, ADDED_WORD);
    }
    restQ += t.weight * share;
  }
  let restC = 0;
  for (let k = 0; k < cWords; k++) {
    if (!coveredC[k]) restC += table.rowWeights[start + k]! * (table.rowRoles[start + k] === NUMBER && !loneQ ? LONE_NUMBER : 1);
  }
  const queryCoverage = matchedWeight + restQ > 0 ? matched / (matchedWeight + restQ) : 0;
  const listedCoverage = matchedWeight + restC > 0 ? matched / (matchedWeight + restC) : 0;
  let score = identifying === 0 ? 0 : QUERY_SIDE * queryCoverage + (1 - QUERY_SIDE) * Math.sqrt(listedCoverage);
  // A name spelt one Han or Hangul syllable per word (장화 Jang Hwa) is whole: a listed name with a
  // syllable more (Kyong Hwa JANG) is another given name, not a middle name left out.
  if (restC > 0 && allSyllables(form)) {
    const strict = matched / (matchedWeight + SYLLABLE_REST * restC);
    score = Math.min(score, QUERY_SIDE * queryCoverage + (1 - QUERY_SIDE) * strict);
  }
  if (restC > 0) score = Math.min(score, shortQueryScore(form, table, start, qWords, cWords, pairs, person, matched, matchedWeight, restC, queryCoverage));
  if (loneQ && loneC) score *= NUMBER_CONFLICT;
  if (allSyllables(form) && givenSyllablesSwapped(pairs)) score *= SWAPPED_SYLLABLES;
  return { score, queryCoverage, listedCoverage };
}
