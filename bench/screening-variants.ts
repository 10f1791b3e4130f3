/**
 * Query variants of listed names for the screening evaluation: the kinds of difference a real
 * customer name shows against the list entry (typos, order, a dropped middle name, another
 * romanisation). Each generator returns null when the name offers no place for its change.
 */
import { pick } from './screening-data.js';

export type VariantKind = 'typo1' | 'typo2' | 'typo2_short' | 'swap' | 'drop_middle' | 'translit';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

const words = (name: string) => name.split(/\s+/).filter(Boolean);

/** Letters the eye or keyboard confuses (one of them replaces the letter), else any letter. */
const NEAR: Record<string, string> = { a: 'esq', e: 'aird', i: 'uoe', o: 'iup', u: 'yio', n: 'mb', m: 'n', s: 'adz', d: 'sf', r: 'et', t: 'ry', l: 'ki', c: 'kx', k: 'cl' };

function typoIn(word: string, random: () => number): string {
  const chars = [...word];
  const i = 1 + Math.floor(random() * (chars.length - 1));
  const c = chars[i]!.toLowerCase();
  const near = NEAR[c] ?? LETTERS;
  const sub = pick(random, [...near]);
  const op = Math.floor(random() * 4);
  if (op === 0) chars[i] = chars[i] === c ? sub : sub.toUpperCase();
  else if (op === 1) chars.splice(i, 1);
  else if (op === 2) chars.splice(i, 0, chars[i]!);
  else if (i + 1 < chars.length) [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
  else chars.splice(i, 1);
  return chars.join('');
}

/** A word shorter than this carries at most one of a name's two typos (see `typos`). */
const TWO_TYPO_WORD = 8;

/**
 * `count` typos, each in another word of 4+ letters. A name with one such word takes both in
 * it when the word is long enough to stay recognisable (8+ letters); in a shorter one two typos
 * change a quarter to half of its letters, which is how two different names differ (Karimi /
 * Kazemi). Those are the `short` variants, reported apart.
 */
function typos(name: string, count: number, random: () => number, short = false): string | null {
  const parts = words(name);
  const eligible = parts.map((w, i) => (/^\p{L}{4,}$/u.test(w) ? i : -1)).filter((i) => i >= 0);
  if (eligible.length === 0) return null;
  const shortOnly = count === 2 && eligible.length === 1 && [...parts[eligible[0]!]!].length < TWO_TYPO_WORD;
  if (shortOnly !== short) return null;
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, eligible.length)) chosen.add(pick(random, eligible));
  for (const i of chosen) parts[i] = typoIn(parts[i]!, random);
  // Two typos in a one-word name land in the same word.
  if (count > chosen.size) parts[eligible[0]!] = typoIn(parts[eligible[0]!]!, random);
  return parts.join(' ');
}

/** Romanisation swaps seen between lists and documents (ou/u, kh/h, y/i, doubled letters …). */
const TRANSLIT: Array<[RegExp, string]> = [
  [/ou/i, 'u'], [/(?<=[^aeiou])u(?=[^aeiou])/i, 'ou'], [/ee/i, 'i'], [/y(?=[^aeiou]|$)/i, 'i'], [/(?<=[aeiou])i(?=[aeiou])/i, 'y'],
  [/kh/i, 'h'], [/sh/i, 'sch'], [/ph/i, 'f'], [/([bdgklmnprst])\1/i, '$1'], [/(?<=[aeiou])([dlmnrst])(?=[aeiou])/i, '$1$1'],
  [/c(?=[aou])/i, 'k'], [/q/i, 'k'], [/j/i, 'dj'], [/w/i, 'v'], [/v/i, 'w'], [/x/i, 'ks'], [/ks/i, 'x'], [/iy$/i, 'i'],
  [/^al-/i, 'el-'], [/^el-/i, 'al-'], [/e(?=[^aeiou]+$)/i, 'a'], [/(?<=[^aeiou])a(?=[^aeiou]+$)/i, 'e'], [/yev/i, 'ev'], [/ts/i, 'tz'],
];

function translit(name: string, random: () => number): string | null {
  const parts = words(name);
  const options: Array<[number, RegExp, string]> = [];
  parts.forEach((w, i) => {
    // Whole words only: "C.V." or "YK-AGD" are abbreviations and codes, not romanised names.
    if (!/^\p{L}{4,}$/u.test(w)) return;
    for (const [re, to] of TRANSLIT) if (re.test(w)) options.push([i, re, to]);
  });
  if (options.length === 0) return null;
  const [i, re, to] = pick(random, options);
  const word = parts[i]!;
  const upper = word === word.toUpperCase();
  const out = word.replace(re, to);
  parts[i] = upper ? out.toUpperCase() : out;
  return parts.join(' ');
}

export function variant(name: string, kind: VariantKind, random: () => number): string | null {
  const parts = words(name);
  switch (kind) {
    case 'typo1':
      return typos(name, 1, random);
    case 'typo2':
      return typos(name, 2, random);
    case 'typo2_short':
      return typos(name, 2, random, true);
    case 'swap':
      return parts.length >= 2 ? [parts[parts.length - 1]!, ...parts.slice(0, -1)].join(' ') : null;
    case 'drop_middle':
      return parts.length >= 3 ? parts.filter((_, i) => i !== 1 + Math.floor(random() * (parts.length - 2))).join(' ') : null;
    case 'translit':
      return translit(name, random);
  }
}

export const VARIANT_KINDS: VariantKind[] = ['typo1', 'typo2', 'typo2_short', 'swap', 'drop_middle', 'translit'];
