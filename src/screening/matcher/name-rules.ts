import {
  AMBIGUOUS_LEGAL_FORMS,
  FIRM_PREFIXES,
  HONORIFICS,
  LEGAL_FORMS,
  LEGAL_PHRASES,
  NUMBER_MARKERS,
  NUMBER_WORDS,
  PARTICLES,
  TRAILING_NUMERALS,
  VESSEL_PREFIXES,
} from './name-lists.js';
import { boundedDistance } from './similarity.js';
import { VARIANTS, canonical } from './variants.js';

/**
 * What a word does in a name. Only `name` and `number` words identify; the others are kept so
 * an explanation can show them, but they weigh little (particles, legal forms, prefixes).
 */
export type TokenRole = 'name' | 'particle' | 'legal' | 'prefix' | 'number';

/** Whether the name is known to be a person's, known not to be, or unknown. */
export type NameHint = 'person' | 'other' | 'unknown';

/** A word as the normaliser hands it over, before the rules. */
export interface RawToken {
  text: string;
  vowelPoor: boolean;
  /** One syllable of a Han or Hangul word (lists glue these: 习近平 → xi jin ping ~ Xi Jinping). */
  syllable: boolean;
  /** Which comma-separated part of the name it came from (0 = the first). */
  segment: number;
  /**
   * The word as written when the rules cut it in two, this token and the next (Abdulfatah →
   * abdul + fatah, Tageddine → tag + din): a misspelt copy of it escapes the cut, and is one or
   * two edits from this spelling, while gluing the two parts back (tagdin) may be many.
   */
  written?: string | undefined;
  /** Joined to the next token by a hyphen in the name as written (Wirra-long). */
  hyphened?: boolean | undefined;
}

export interface NameToken extends RawToken {
  /** The spelling-variant group's word (Muhammad → mohammed); equals `text` for most words. */
  canon: string;
  role: TokenRole;
  /** Trailing, comma-separated annotation on a company or vessel name ("…, port d'Abidjan"). */
  annotation: boolean;
}

const ARTICLES = new Set(['al', 'el', 'ul', 'ar', 'as', 'ash', 'at', 'az', 'an', 'ad', 'ath', 'ud']);
const ALLAH = new Set(['allah', 'llah', 'lah', 'ullah', 'illah', 'alla', 'ulla']);
const ADB_TYPO = /^adb[aeiou]l/;
/** "Abdulrahman", "Abdurrahman", "Abdelaziz", "Abdirahman" → abdul + the rest. */
const ABD_PREFIX = /^abd(ou|oo|u|e|a|o|i)?(l|r|s|sh|z|n|t|d)?([a-z]{3,})$/;

/** Spellings of Abdul (5+ letters) and Abdullah (7+), the ones a single typo leaves recognisable. */
const ABD_SPELLINGS = [...VARIANTS]
  .filter(([word, canon]) => (canon === 'abdullah' && word.length >= 7) || (canon === 'abdul' && word.length >= 5))
  .map(([word]) => word);

/**
 * A typo in Abdul or Abdullah (Abduul, Abddul, Abdullahh) would otherwise be cut as abdul + a
 * fragment that aligns with nothing; left whole, it meets the name as a one-edit spelling. One
 * edit from those spellings stays clear of the real abdul- compounds (Abdulali, Abdullaev and
 * Abdulahad are two or more edits from all of them).
 */
const isAbdTypo = (text: string) => ABD_SPELLINGS.some((word) => boundedDistance(text, word, 1) <= 1);

function splitAbd(text: string): string[] | null {
  if (!text.startsWith('abd') || canonical(text) === 'abdullah' || canonical(text) === 'abdul') return null;
  if (isAbdTypo(text)) return null;
  const m = ABD_PREFIX.exec(text);
  if (!m) return null;
  const letter = m[2];
  // Abd straight before a short word is more likely a typo of another name (Abdrey for Andrey).
  if (!m[1] && !letter && m[3]!.length < 4) return null;
  // A doubled vowel hides the article from the pattern (Abdeelkader): it goes as in Abdelkader.
  const rest = m[1] && !letter ? m[3]!.replace(/^[aeiou]l(?=[a-z]{3,}$)/, '') : m[3]!;
  // An assimilated article doubles the next letter (Abdur-Rahman); without doubling it is the name's own.
  if (!letter || letter === 'l' || rest.startsWith(letter)) return ['abdul', rest];
  return ['abdul', letter + rest];
}

/** The token with another text, as the word it stands for; the word as written is `cut`'s to keep. */
function withText(token: RawToken, text: string): RawToken {
  const { written: _written, ...rest } = token;
  return { ...rest, text };
}

/**
 * The first of two pieces a rule cuts `token` into: it keeps the word as written, and a hyphen
 * after the token goes with the second piece.
 */
function cut(token: RawToken, text: string): RawToken {
  return { ...withText(token, text), written: token.text, hyphened: undefined };
}

/**
 * Compounds lists write in one word or three: Noureddine = Nur al-Din, Khayrallah = Khayr Allah,
 * Salahuddin = Salah ud-Din. The one-word form is cut so both meet as the same two words.
 */
const DIN_SUFFIX = /^([a-z]{3,}?)(?:eddine|eddin|uddin|uddeen|addin|aldin|eldin|ud din|iddin)$/;
const ALLAH_SUFFIX = /^([a-z]{3,}?)(?:ullah|allah|ollah|ellah|illah|ulah|ullahi|ulla)$/;

function splitSuffix(token: RawToken): RawToken[] {
  if (token.text.length < 6 || canonical(token.text) === 'abdullah') return [token];
  const din = DIN_SUFFIX.exec(token.text);
  if (din) return [cut(token, din[1]!), withText(token, 'din')];
  const allah = ALLAH_SUFFIX.exec(token.text);
  if (allah && !/^a(?:bd|db)/.test(allah[1]!)) return [cut(token, allah[1]!), withText(token, 'allah')];
  return [token];
}

/** Abd/Abdul/Abd al-/Abdel compounds → `abdul` + name, and Abd Allah → `abdullah`. */
export function expandAbd(tokens: RawToken[]): RawToken[] {
  const out: RawToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    // Adb before a vowel and l is Abd with its b and d swapped (Adbullah, Adbel), a frequent typo.
    const token = ADB_TYPO.test(tokens[i]!.text) ? withText(tokens[i]!, `abd${tokens[i]!.text.slice(3)}`) : tokens[i]!;
    const split = splitAbd(token.text);
    if (split) {
      if (ALLAH.has(split[1]!)) out.push(withText(token, 'abdullah'));
      else out.push(cut(token, split[0]!), withText(token, split[1]!));
      continue;
    }
    if (canonical(token.text) !== 'abdul') {
      out.push(token);
      continue;
    }
    let j = i + 1;
    if (j < tokens.length - 1 && ARTICLES.has(tokens[j]!.text)) j++;
    const next = tokens[j];
    // The compound takes the words it absorbs, and with the last of them its hyphen to the next.
    if (next && ALLAH.has(next.text)) {
      out.push({ ...withText(token, 'abdullah'), hyphened: next.hyphened });
      i = j;
    } else {
      out.push({ ...withText(token, 'abdul'), hyphened: tokens[j - 1]!.hyphened });
      i = j - 1;
    }
  }
  return out;
}

const PHRASES_BY_FIRST = new Map<string, string[][]>();
for (const phrase of LEGAL_PHRASES) PHRASES_BY_FIRST.set(phrase[0]!, [...(PHRASES_BY_FIRST.get(phrase[0]!) ?? []), phrase]);

/** Marks the words of spelt-out legal forms ("limited liability company", "sp z oo"). */
function legalPhraseMask(tokens: RawToken[]): boolean[] | null {
  let mask: boolean[] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const phrases = PHRASES_BY_FIRST.get(tokens[i]!.text);
    if (!phrases) continue;
    for (const phrase of phrases) {
      if (i + phrase.length > tokens.length || !startsAt(tokens, i, phrase)) continue;
      mask ??= new Array<boolean>(tokens.length).fill(false);
      for (let k = 0; k < phrase.length; k++) mask[i + k] = true;
    }
  }
  return mask;
}

function startsAt(tokens: RawToken[], i: number, phrase: string[]): boolean {
  for (let k = 0; k < phrase.length; k++) if (tokens[i + k]!.text !== phrase[k]) return false;
  return true;
}

/** Spelt-out numbers (one … twenty) are numbers wherever they stand. */
const SPELT_NUMBERS = new Set([...NUMBER_WORDS.keys()].filter((w) => !/^[ivx]+$/.test(w)));

/**
 * Roman numerals count as numbers only where a name would carry one: on company and vessel
 * names, or at the end of a longer name of unknown kind ("Sino Iron II"). Never on syllables
 * or persons, where `xi`, `vi` or `li` are names.
 */
function isNumberWord(tokens: RawToken[], i: number, hint: NameHint): boolean {
  const token = tokens[i]!;
  if (token.syllable) return false;
  if (SPELT_NUMBERS.has(token.text)) return true;
  if (hint === 'person' || i === 0) return false;
  const last = i === tokens.length - 1;
  if (!NUMBER_WORDS.has(token.text) && !(last && TRAILING_NUMERALS.has(token.text))) return false;
  return hint === 'other' || (last && tokens.length >= 3);
}

function roleOf(tokens: RawToken[], i: number, hint: NameHint, phrase: boolean): TokenRole {
  const text = tokens[i]!.text;
  if (tokens[i]!.vowelPoor) return /^\d+$/.test(text) ? 'number' : 'name';
  if (isTitle(tokens, i, hint)) return 'prefix';
  const last = i === tokens.length - 1;
  const company = hint !== 'person';
  if (/^\d+$/.test(text)) return 'number';
  if (isNumberWord(tokens, i, hint)) return 'number';
  const next = tokens[i + 1]?.text ?? '';
  if (NUMBER_MARKERS.has(text) && (/^\d+$/.test(next) || NUMBER_WORDS.has(next))) return 'prefix';
  if (company && i === 0 && tokens.length > 1 && (VESSEL_PREFIXES.has(text) || FIRM_PREFIXES.has(text))) return 'prefix';
  if (company && (phrase || LEGAL_FORMS.has(text))) return 'legal';
  const edge = i === 0 || last;
  const longEnough = hint === 'other' ? tokens.length > 1 : hint === 'unknown' && tokens.length > 2;
  if (edge && longEnough && AMBIGUOUS_LEGAL_FORMS.has(text)) return 'legal';
  if (PARTICLES.has(text)) return 'particle';
  return 'name';
}

const ROMAN: ReadonlyMap<string, string> = new Map([...NUMBER_WORDS, ...TRAILING_NUMERALS].filter(([w]) => /^[ivx]+$/.test(w)));

/**
 * Titles ("Dr.", "Mullah", "Haji", "Shaykh") carry no identity: lists and customers add or
 * omit them, in front or (after reordering) anywhere. On names that are not companies' they
 * are kept as low-weight prefixes, unless the name is nothing but titles; on company names
 * ("General Trading") they are words. An abjad skeleton such as `ms` (عماش) is never "Ms".
 */
const isHonorific = (t: RawToken) => !t.vowelPoor && HONORIFICS.has(t.text);

function isTitle(tokens: RawToken[], i: number, hint: NameHint): boolean {
  return hint !== 'other' && isHonorific(tokens[i]!) && !tokens.every(isHonorific);
}

function numberText(text: string, role: TokenRole): string {
  if (role !== 'number') return text;
  return NUMBER_WORDS.get(text) ?? TRAILING_NUMERALS.get(text) ?? String(Number(text));
}

/**
 * Applies the name rules in order: honorifics made prefixes (unless nothing else is left), Abd
 * compounds expanded, legal forms / particles / vessel prefixes / numbers given their role,
 * Roman numerals written as digits and spelt numbers given them as their canonical form, spelling
 * variants mapped to their group.
 */
export function applyNameRules(raw: RawToken[], hint: NameHint): NameToken[] {
  const split: RawToken[] = [];
  for (const token of raw) for (const part of splitSuffix(token)) split.push(part);
  const tokens = expandAbd(split);
  const phrases = hint === 'person' ? null : legalPhraseMask(tokens);
  const out: NameToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const role = roleOf(tokens, i, hint, phrases?.[i] ?? false);
    const number = numberText(token.text, role);
    // A number spelt out keeps its spelling, with the digits as its canonical form: it equals the
    // number written in digits, and a typo in it is still one letter off (Fiive Energy, FIVE ENERGY).
    const text = role === 'number' && SPELT_NUMBERS.has(token.text) ? token.text : number;
    // A Roman numeral read as a name (persons, "Sonia I") still equals the number it may be.
    const canon = role === 'name' && ROMAN.has(text) ? ROMAN.get(text)! : role === 'name' || role === 'particle' ? canonical(text) : number;
    // Every token has the same fields in the same order (absent ones undefined): the matcher's hot
    // loops then read one object shape, not several made by optional spreads.
    out.push({ text, vowelPoor: token.vowelPoor, syllable: token.syllable, segment: token.segment, written: token.written || undefined, hyphened: token.hyphened ? true : undefined, canon, role, annotation: false });
  }
  return out;
}
