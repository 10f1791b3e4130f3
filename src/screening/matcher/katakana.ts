/**
 * Katakana as Japanese writes foreign names (the Japanese sanctions lists, Wikidata labels):
 * ペスコフ Peskov, ロヨラ Loyola, ミロシェヴィッチ Milosevic. Japanese has no consonant clusters
 * and no l, so a transcription adds vowels after consonants (ス su for s, ト to for t) and writes
 * l as r. `katakanaReadings` gives the name's readings with the katakana spelt out: as written
 * (pe-su-ko-fu), with those added vowels dropped (peskof; a final long a then reads as -ar, as
 * ミラー is Miller), and with l for r: the readings a Latin list spelling may be near.
 * any-ascii spells kana one by one (ジャ jiya, ティ tei), so the syllables are read here with
 * their small kana. A word foreign names are often written with (ジョン, ムハンマド) also reads as
 * the spellings it mostly writes (john; muhammad), learnt from Wikidata name pairs
 * (name-words.table.ts), where the sounds alone read jon and muhanmado.
 */
import { parseWordTable } from './name-words.js';
import { KATAKANA_WORDS } from './name-words.table.js';

const WORDS = parseWordTable(KATAKANA_WORDS);
/** A word whose likeliest spelling writes this share of it or more needs no r or l reading of its own. */
const SURE_SHARE = 0.8;
/** Readings with the spellings of such words: their likeliest, then their next likeliest. */
const WORD_READINGS = 2;

const KATAKANA = /[\u30A1-\u30FA\u30FC]/;
const KATAKANA_RUN = /[\u30A1-\u30FA\u30FC]+/g;
/** Words whose r may read as l one by one; past that, they keep r (2^4 = 16 mixes, 21 readings in all at most with the WORD_READINGS). */
const MIXED_WORDS = 4;

/** An h of the ha row (not of sh or ch), and a word's first fu, which Japanese writes for a Spanish j (ホセ Jose, フアン Juan). */
const SPANISH_J = /(?<![sc])h(?=[aeiou])|(?<![a-z])f(?=u)/g;

/** Full-size kana → consonant and vowel ('' for none). */
const BASE = new Map<string, [string, string]>();
const rows: Array<[string, string]> = [
  ['アイウエオ', ''],
  ['カキクケコ', 'k'],
  ['ガギグゲゴ', 'g'],
  ['サシスセソ', 's'],
  ['ザジズゼゾ', 'z'],
  ['タチツテト', 't'],
  ['ダヂヅデド', 'd'],
  ['ナニヌネノ', 'n'],
  ['ハヒフヘホ', 'h'],
  ['バビブベボ', 'b'],
  ['パピプペポ', 'p'],
  ['マミムメモ', 'm'],
  ['ラリルレロ', 'r'],
];
for (const [kana, consonant] of rows) [...kana].forEach((k, i) => BASE.set(k, [consonant, 'aiueo'[i]!]));
for (const [k, c, v] of [
  ['シ', 'sh', 'i'], ['ジ', 'j', 'i'], ['チ', 'ch', 'i'], ['ヂ', 'j', 'i'], ['ツ', 'ts', 'u'], ['ヅ', 'z', 'u'], ['フ', 'f', 'u'],
  ['ヤ', 'y', 'a'], ['ユ', 'y', 'u'], ['ヨ', 'y', 'o'], ['ワ', 'w', 'a'], ['ヰ', 'w', 'i'], ['ヱ', 'w', 'e'], ['ヲ', 'w', 'o'], ['ヴ', 'v', 'u'],
  ['ァ', '', 'a'], ['ィ', '', 'i'], ['ゥ', '', 'u'], ['ェ', '', 'e'], ['ォ', '', 'o'], ['ャ', 'y', 'a'], ['ュ', 'y', 'u'], ['ョ', 'y', 'o'], ['ヮ', 'w', 'a'],
] as const) BASE.set(k, [c, v]);
const SMALL_VOWEL = new Map([['ァ', 'a'], ['ィ', 'i'], ['ゥ', 'u'], ['ェ', 'e'], ['ォ', 'o']]);
const SMALL_Y = new Map([['ャ', 'a'], ['ュ', 'u'], ['ョ', 'o']]);
/** Consonants after which Japanese adds u to close a foreign syllable (Peskov ペスコフ, Smith スミス, Moritz モーリッツ). */
const ADDS_U = new Set(['k', 'g', 's', 'z', 'ts', 'f', 'v', 'p', 'b', 'm', 'r']);
/** Consonants that open a Latin name's cluster with r (Chris, Brown, Trump, Dragan). */
const CLUSTER_FIRST = new Set(['k', 'g', 'b', 'p', 'f', 't', 'd']);

interface Mora {
  consonant: string;
  vowel: string;
  /** The vowel may be one Japanese added: a plain u or o, or the i of a word-final chi/ji. */
  added: boolean;
  /** ッ or ー follows: the vowel before it is the name's own. */
  held: boolean;
  /** ー follows. */
  long: boolean;
}

function morae(word: string): Mora[] {
  const out: Mora[] = [];
  for (const ch of word) {
    const last = out[out.length - 1];
    if (ch === 'ッ' || ch === 'ー') {
      if (last) {
        last.held = true;
        last.long ||= ch === 'ー';
      }
      continue;
    }
    if (ch === 'ン') {
      out.push({ consonant: 'n', vowel: '', added: false, held: false, long: false });
      continue;
    }
    const small = SMALL_VOWEL.get(ch) ?? SMALL_Y.get(ch);
    if (small && last && last.vowel) {
      // ティ ti, ファ fa, ウィ wi, シェ she, キャ kya, ジュ ju: the small kana sets the vowel.
      if (SMALL_Y.has(ch) && !['sh', 'ch', 'j'].includes(last.consonant)) last.consonant += 'y';
      else if (!last.consonant) last.consonant = last.vowel === 'u' ? 'w' : last.vowel === 'i' ? 'y' : '';
      last.vowel = small;
      last.added = SMALL_Y.has(ch) && small === 'u' && ['sh', 'ch', 'j'].includes(last.consonant);
      continue;
    }
    const base = BASE.get(ch);
    if (!base) continue;
    const [consonant, vowel] = base;
    out.push({ consonant, vowel, added: (vowel === 'u' && ADDS_U.has(consonant)) || (vowel === 'o' && (consonant === 't' || consonant === 'd')) || (vowel === 'i' && (consonant === 'ch' || consonant === 'j')), held: false, long: false });
  }
  return out;
}

/** A word's morae spelt out; `reduced`: without the vowels Japanese added to close a consonant; `l`: with l for r. */
function spell(m: readonly Mora[], reduced: boolean, l: boolean): string {
  let out = '';
  for (let i = 0; i < m.length; i++) {
    const { consonant, vowel, added, held, long } = m[i]!;
    const next = m[i + 1];
    const last = next === undefined;
    let drop = false;
    if (reduced && added && !held) {
      // An added u drops before a consonant or at the end (pe-su-ko-fu → peskof, do-na-ru-do →
      // donard); an added o, chi/ji or shu/ju vowel only at the end (vi-ku-to-ru → viktor, not
      // vikt'r; mi-ro-she-vi-(t)chi → miroshevich). The first syllable keeps its vowel unless it
      // opens a cluster Latin names begin with (su-mi-su Smith, ku-ri-su Chris, to-ra-n-pu Trump).
      const beforeConsonant = next !== undefined && next.consonant !== '' && !(next.consonant === 'n' && next.vowel === '');
      const opensCluster = (consonant === 's' && beforeConsonant) || (CLUSTER_FIRST.has(consonant) && next?.consonant === 'r');
      if (i === 0) drop = opensCluster && !last;
      else if (vowel === 'u' && consonant !== 'sh' && consonant !== 'j' && consonant !== 'ch') drop = last || beforeConsonant;
      else drop = last;
    }
    // A long a at the end is how Japanese writes -er, -ar and -or (ミラー Miller, テイラー Taylor).
    out += (l && consonant === 'r' ? 'l' : consonant) + (drop ? '' : vowel) + (reduced && last && long && vowel === 'a' ? 'r' : '');
  }
  return out;
}

/** Whether the name holds katakana. */
export const hasKatakana = (text: string): boolean => KATAKANA.test(text);

/**
 * The name with its katakana spelt out, in its readings: as written, with r and with l; and
 * without the added vowels, with r or l chosen word by word, and with h as a Spanish j. The
 * middle dot between a foreign name's parts becomes a space. Words written often are spelt as
 * they mostly write, unless `words` is false (the readings by sound alone).
 */
export function katakanaReadings(text: string, options: { words?: boolean } = {}): string[] {
  const spaced = text.replace(/[・･]/g, ' ');
  const parts = spaced.split(KATAKANA_RUN);
  const written = spaced.match(KATAKANA_RUN) ?? [];
  const words = written.map(morae);
  const join = (spelt: readonly string[]) => parts.map((p, i) => p + (spelt[i] ?? '')).join('');
  const readings = new Set<string>();
  for (const l of [false, true]) readings.add(join(words.map((m) => spell(m, false, l))));
  // Without the added vowels, each word may read r or l on its own (Ignacio Leal Garcia,
  // Maria Helena Molina Herrera): every mix, for up to MIXED_WORDS words that hold an r. A word
  // written often and mostly one way is spelt so in every mix, which keeps the mixes few.
  const known = options.words === false ? [] : written.map((w) => WORDS.get(w));
  const spellings = known.map((k) => k?.spellings);
  const choices = words.map((m, i) => {
    if (known[i] && known[i].shares[0]! >= SURE_SHARE) return [known[i].spellings[0]!];
    const r = spell(m, true, false);
    const l = spell(m, true, true);
    return r === l ? [r] : [r, l];
  });
  let mixes: string[][] = [[]];
  let doubled = 0;
  for (const c of choices) {
    const both = c.length > 1 && doubled++ < MIXED_WORDS;
    mixes = mixes.flatMap((m) => (both ? c.map((x) => [...m, x]) : [[...m, c[0]!]]));
  }
  for (const m of mixes) readings.add(join(m));
  // Spanish names: Japanese writes their j as h (ホセ Jose, ホルヘ Jorge), and ju at the start
  // as fu (フアン Juan, フリオ Julio). One more reading, with r, rather than another choice per word.
  readings.add(join(mixes[0]!.map((w) => w.replace(SPANISH_J, 'j'))));
  // The words written often as the spellings they mostly write, the others as in the first mix.
  if (spellings.some(Boolean)) {
    for (let k = 0; k < WORD_READINGS; k++) {
      if (k > 0 && !spellings.some((s) => s && s.length > k)) break;
      readings.add(join(mixes[0]!.map((w, i) => spellings[i]?.[Math.min(k, spellings[i]!.length - 1)] ?? w)));
    }
  }
  return [...readings];
}
