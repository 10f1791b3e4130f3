import { translateArabicWords } from './arabic-translation.js';
import { arabicWordReading, cyrillicWordReading } from './name-words.js';
import { applyNameRules, type NameHint, type NameToken, type RawToken } from './name-rules.js';
import { hangulKoreanReading, hangulReadings, hasHangul } from './hangul-foreign.js';
import { cyrillicForeignReadings, SYLLABLE_MARK } from './cyrillic-foreign.js';
import { hanForeignReadings, hanReadingSources, hasHan } from './han-foreign.js';
import { hanjaAsHangul } from './hanja.js';
import { hasKatakana, katakanaReadings } from './katakana.js';
import { transliterateWord } from './scripts.js';
import { ukrainianReading } from './ukrainian.js';

/**
 * Name normalisation, the same for listed names and queries. Steps, in order:
 *  1. Unicode NFKC (full-width letters, ligatures, compatibility forms → plain characters).
 *  2. Former names in brackets — "(ex-Cape Diamond)", "(f.k.a. …)" — become alternative
 *     forms of the name; other bracketed remarks ("(Kakamega Branch)", "(UK)") are dropped. A
 *     name with a Cyrillic х is also read with j (g before е and и: Хиль = Gil) and with h for
 *     it (Хосе = Jose, Хасан = Hasan), one with ь before a vowel with i for it (Гутьеррес =
 *     Gutierrez, Дьяс = Diaz), one with э after a consonant or opening a word with a (Сэлли Энн
 *     = Sally Anne),
 *     and a Chinese, Japanese or Korean name in Russian spelling as lists spell it, in the readings
 *     of cyrillic-foreign.ts (Си Цзиньпин → xi jin ping, Тадзима → tajima, Ким Чен Ын → kim jong un);
 *     a name with г or a Ukrainian letter also as Ukrainian spells it (ukrainian.ts: Олег → oleh).
 *     Katakana is spelt out as Japanese writes foreign names, in the readings of katakana.ts
 *     (ペスコフ → pesukofu and peskof, ロヨラ → royora and loyola).
 *     Hangul is also spelt out as Korean writes foreign names, after its block-by-block reading,
 *     in the readings of hangul-foreign.ts (쿠르트 발트하임 → kurt balthaim, kult valthaim …),
 *     and a Korean name (a surname first, spaced or not) also in McCune-Reischauer syllables,
 *     as North Korean names are listed (김여정 → kim yo jong beside gim yeo jeong).
 *     A Chinese name of several words (弗拉基米尔·普京) or of a long word is also spelt back as the
 *     foreign name its characters write, in the readings of han-foreign.ts (克魯森 → kruson …);
 *     such a reading keeps which Han word each of its words spells (`heardFrom`), for alignment
 *     to weigh the characters' other spellings (align.ts heardFromHan).
 *  3. A leading party label ("BENEFICIARY:", "FIELD 59:") is dropped.
 *  4. The name is cut into parts at commas, semicolons, spaced dashes and "c/o"; parts after the
 *     first of a company or vessel name are annotations (a port, a branch, an address) and weigh
 *     little (name-table.ts ANNOTATION_FACTOR).
 *  5. Each word is transliterated (scripts.ts): Arabic loses its article and diacritics and
 *     known name words are spelt out, Hebrew loses its points, Han and Hangul become one
 *     syllable per character, and any-ascii romanises every script and strips diacritics
 *     (é → e, ß → ss, ø → o, ł → l); words from abjads are flagged as vowel-poor.
 *  6. Punctuation: apostrophes, quotes and dots vanish (O'Brien → obrien, S.A. → sa,
 *     F.lli → flli), `&` becomes `and`, every other mark separates words, and letters and
 *     digits are split apart (No.8 → no 8, PROLIV-3 → proliv 3).
 *  7. Runs of single letters join ("N K Bansal" → nk bansal, "d. o. o." → doo).
 *  8. Name rules (name-rules.ts): titles made light prefixes, Abd/Abdul compounds expanded, legal
 *     forms, particles, vessel prefixes and numbers marked, Roman numerals written as digits and
 *     spelt numbers read as them (three = 3), spelling variants mapped to one word per group
 *     (Mohd, Muhammad → mohammed).
 */
export interface NormalizedName {
  tokens: NameToken[];
  /**
   * A reading of katakana, Hangul or Chinese characters as the foreign name they write by ear:
   * its words only approximate the name's spelling (r for l, b for v, vowels added).
   */
  byEar: boolean;
  /** For a reading of Chinese characters: each word's spelling → the Han word it spells. */
  heardFrom?: ReadonlyMap<string, string> | undefined;
}

const ALTERNATIVE = /[([](?:ex|formerly|f\s*\.?\s*k\s*\.?\s*a|a\s*\.?\s*k\s*\.?\s*a|n\s*\.?\s*k\s*\.?\s*a)\b[\s.:-]*([^)\]]+)[)\]]/giu;
const BRACKETED = /[([{][^)\]}]*[)\]}]/gu;
/** A birth remark some lists leave in the name field: "Mohammad Ishaq Akhund born in 1963", "…, born in Kandahar on 01 Jan.1967". */
const BIRTH_REMARK = /[,;]?\s+born\s+(?:in|on)\s.*$/i;
const LABEL = /^\s*[\p{L}\d][\p{L}\d .]{1,29}:\s*(?=\S)/u;
const MARKS = /['`´ʼ’‘ʿʾ"″.]/g;
const SEPARATORS = /[^a-z0-9]+/g;
/**
 * Where a part that may be an annotation starts: a comma or semicolon, a dash between spaces
 * ("… Ltd - Malindi Branch") and "c/o" (care of: an address or agent follows).
 */
const ANNOTATION_BREAK = /[,;]|\s[-–—]\s|\bc\/o\b/iu;
const LETTER_DIGIT = /(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])/g;
const SYLLABIC_WORD = /[\p{Script=Han}\p{Script=Hangul}]/u;
const NON_ASCII = /[^\t\n\r -~]/;
const CYRILLIC_KH = /[хХ]/;
const SOFT_VOWEL_READINGS: Readonly<Record<string, string>> = { ья: 'иа', ье: 'ие', ьё: 'ио', ью: 'иу' };
/** х read as Spanish writes it: j, and g before е and и. */
const spanishKh = (form: string) => form.replace(/х(?=[еи])/gi, (x) => (x === 'х' ? 'g' : 'G')).replace(/х/g, 'j').replace(/Х/g, 'J');
/** ь before a vowel read as i. */
const softVowels = (form: string) => form.replace(/ь[яеёю]/gi, (pair) => SOFT_VOWEL_READINGS[pair.toLowerCase()] ?? pair);
/** э after a consonant or opening a word read as a. */
const englishA = (form: string) => form.replace(/(?<=[бвгджзклмнпрстфхцчшщ]|^|[\s-])[эЭ]/giu, (e) => (e === 'э' ? 'а' : 'А'));

/**
 * "GroupeDiarraImportExport" → "Groupe Diarra Import Export": a capital that starts a new
 * lower-case run after two lower-case letters. McDonald and all-capitals words stay whole.
 */
function splitCamel(word: string): string {
  return word.replace(/(?<=\p{Ll}\p{Ll})(?=\p{Lu}\p{Ll})/gu, ' ');
}

/** French and Italian elision: d'Abidjan → Abidjan, l'Orient → Orient (O'Brien stays whole). */
const ELISION = /^(?:d|l|dell|dall|nell|sull|qu)['’](?=\p{L})/iu;

type WordPiece = Omit<RawToken, 'segment'>;

/** Two Latin words joined by a hyphen, which lists also write as one (Wirra-long, Wirralong). */
const HYPHENATED = /^([a-z]{2,})-([a-z]{2,})$/;

function wordPieces(word: string, firstWord: boolean): WordPiece[] {
  if (!NON_ASCII.test(word)) return asciiWordPieces(word);
  const syllable = SYLLABIC_WORD.test(word) || word.includes(SYLLABLE_MARK);
  return transliterateWord(splitCamel(word.replace(ELISION, '')), firstWord).flatMap(({ ascii, vowelPoor }) => {
    const plain = ascii.replace(MARKS, '');
    const pair = vowelPoor || syllable ? null : HYPHENATED.exec(plain);
    if (pair) return [{ text: pair[1]!, vowelPoor, syllable, hyphened: true }, { text: pair[2]!, vowelPoor, syllable }];
    return plain
      .replace(/&/g, ' and ')
      .replace(SEPARATORS, ' ')
      .replace(LETTER_DIGIT, ' ')
      .split(' ')
      .filter(Boolean)
      .map((text) => ({ text, vowelPoor, syllable }));
  });
}

/**
 * wordPieces of a word of printable ASCII, in passes over its character codes instead of a dozen
 * regexes and the transliteration's Unicode tests: most words of most names are such. Reads each
 * word exactly as wordPieces does.
 */
function asciiWordPieces(word: string): WordPiece[] {
  const plain = plainAscii(word, elidedLength(word));
  const hyphen = hyphenatedAt(plain);
  if (hyphen > 0) return [{ text: plain.slice(0, hyphen), vowelPoor: false, syllable: false, hyphened: true }, { text: plain.slice(hyphen + 1), vowelPoor: false, syllable: false }];
  return asciiRuns(plain);
}

const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** The ASCII characters of MARKS: ' ` " and the dot. */
const isAsciiMark = (c: number): boolean => c === 39 || c === 96 || c === 34 || c === 46;
/** The words ELISION drops before an apostrophe. */
const ELIDED = new Set(['d', 'l', 'dell', 'dall', 'nell', 'sull', 'qu']);

/** Length of the elision (ELISION) opening an ASCII word, apostrophe included; 0 if none. */
function elidedLength(word: string): number {
  const apostrophe = word.indexOf("'");
  if (apostrophe < 1 || apostrophe > 4) return 0;
  const next = word.charCodeAt(apostrophe + 1);
  if (!isLower(next) && !isUpper(next)) return 0;
  return ELIDED.has(word.slice(0, apostrophe).toLowerCase()) ? apostrophe + 1 : 0;
}

/**
 * An ASCII word from `from` on, lower-cased, without marks, and with a space where splitCamel
 * cuts it (judged on the word as written, marks included, as splitCamel is).
 */
function plainAscii(word: string, from: number): string {
  let out = '';
  for (let i = from; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (isAsciiMark(c)) continue;
    if (isUpper(c)) {
      if (i - from >= 2 && isLower(word.charCodeAt(i - 2)) && isLower(word.charCodeAt(i - 1)) && isLower(word.charCodeAt(i + 1))) out += ' ';
      out += String.fromCharCode(c + 32);
    } else out += word[i];
  }
  return out;
}

/** Where the hyphen of two Latin words hyphened (HYPHENATED) stands, or -1. */
function hyphenatedAt(plain: string): number {
  const hyphen = plain.indexOf('-');
  if (hyphen < 2 || plain.length - hyphen - 1 < 2) return -1;
  for (let i = 0; i < plain.length; i++) if (i !== hyphen && !isLower(plain.charCodeAt(i))) return -1;
  return hyphen;
}

/** The runs of letters and of digits of a lower-cased ASCII word, with `and` for each &. */
function asciiRuns(plain: string): WordPiece[] {
  const out: WordPiece[] = [];
  let start = 0;
  for (let i = 0; i <= plain.length; i++) {
    const c = plain.charCodeAt(i);
    const prev = plain.charCodeAt(i - 1);
    // A run ends where the character's kind (letter, digit, anything else) changes.
    if (i > start && !(isLower(c) && isLower(prev)) && !(isDigit(c) && isDigit(prev))) {
      if (isLower(prev) || isDigit(prev)) out.push({ text: plain.slice(start, i), vowelPoor: false, syllable: false });
      start = i;
    }
    if (c === 38) {
      out.push({ text: 'and', vowelPoor: false, syllable: false });
      start = i + 1;
    }
  }
  return out;
}

/**
 * Steps 5–7 per word are pure functions of the word, and names repeat their words endlessly
 * (every Mohammed, every Ltd), so each distinct word is worked out once. Bounded: emptied when full.
 * Names of printable ASCII do without (tokenizeAscii).
 */
const WORDS = new Map<string, WordPiece[]>();
/** A name's first word apart (transliteration reads it otherwise, scripts.ts). */
const FIRST_WORDS = new Map<string, WordPiece[]>();
const WORD_CACHE_LIMIT = 200_000;

/** Appends the word's tokens to `out`. */
function addWordTokens(out: RawToken[], word: string, firstWord: boolean, segment: number): void {
  const cache = firstWord ? FIRST_WORDS : WORDS;
  let pieces = cache.get(word);
  if (!pieces) {
    pieces = wordPieces(word, firstWord);
    if (cache.size >= WORD_CACHE_LIMIT) cache.clear();
    cache.set(word, pieces);
  }
  for (const p of pieces) out.push(rawToken(p, segment));
}

const rawToken = (p: WordPiece, segment: number): RawToken => ({ text: p.text, vowelPoor: p.vowelPoor, syllable: p.syllable, segment, written: undefined, hyphened: p.hyphened });

const isLetter = (t: RawToken) => t.text.length === 1 && !t.syllable && t.text >= 'a' && t.text <= 'z';

/** Joins runs of two or more single letters: initials and dotted abbreviations. */
function joinLetters(tokens: RawToken[]): RawToken[] {
  const out: RawToken[] = [];
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i]!;
    let j = i;
    let text = '';
    while (j < tokens.length && isLetter(tokens[j]!)) text += tokens[j++]!.text;
    if (j - i >= 2) {
      out.push({ text, vowelPoor: t.vowelPoor, syllable: t.syllable, segment: t.segment });
      i = j;
    } else {
      out.push(t);
      i++;
    }
  }
  return out;
}

function tokenize(text: string, ascii: boolean): RawToken[] {
  if (ascii) return tokenizeAscii(text);
  const out: RawToken[] = [];
  const segments = text.split(ANNOTATION_BREAK);
  let first = true;
  for (let index = 0; index < segments.length; index++) {
    for (const word of segments[index]!.split(/\s+/)) {
      if (!word) continue;
      addWordTokens(out, word, first, index);
      first = false;
    }
  }
  return joinLetters(out);
}

/**
 * tokenize for text of printable ASCII, in one pass over its character codes instead of two
 * regex splits: the same words, in the same parts. There whitespace (\s) is a tab, line break or
 * space, and the only dash is the hyphen.
 */
function tokenizeAscii(text: string): RawToken[] {
  const out: RawToken[] = [];
  let segment = 0;
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const cut = i < text.length ? annotationBreak(text, i) : 0;
    if (i < text.length && cut === 0 && !isAsciiSpace(text.charCodeAt(i))) {
      if (start < 0) start = i;
      continue;
    }
    // Cut afresh, not looked up among the cached words: for an ASCII word that costs less than
    // finding it in a map of a few hundred thousand (and is the same for a name's first word).
    if (start >= 0) {
      for (const piece of asciiWordPieces(text.slice(start, i))) out.push(rawToken(piece, segment));
      start = -1;
    }
    if (cut > 0) {
      segment++;
      i += cut - 1;
    }
  }
  return joinLetters(out);
}

const isAsciiSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
/** A character \b counts as part of a word. */
const isWordCharacter = (c: number): boolean => isLower(c) || isUpper(c) || isDigit(c) || c === 95;

/** Length of the ANNOTATION_BREAK at `i` of ASCII text: a comma or semicolon, a spaced hyphen or a whole-word c/o; 0 if none. */
function annotationBreak(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 44 || c === 59) return 1;
  if (isAsciiSpace(c)) return text.charCodeAt(i + 1) === 45 && isAsciiSpace(text.charCodeAt(i + 2)) ? 3 : 0;
  const careOf = (c | 32) === 99 && text.charCodeAt(i + 1) === 47 && (text.charCodeAt(i + 2) | 32) === 111;
  return careOf && !isWordCharacter(text.charCodeAt(i - 1)) && !isWordCharacter(text.charCodeAt(i + 3)) ? 3 : 0;
}

/** Later parts of a company or vessel name are remarks (port, branch, address). */
function markAnnotations(tokens: NameToken[], hint: NameHint): NameToken[] {
  if (hint === 'person') return tokens;
  let companyLike = hint === 'other';
  let substantive = 0;
  let later = false;
  for (const t of tokens) {
    if (t.segment > 0) later = true;
    else if (t.role === 'legal' || t.role === 'prefix') companyLike = true;
    else if (t.role === 'name') substantive++;
  }
  if (!later || !companyLike || substantive < 1) return tokens;
  for (const t of tokens) if (t.segment > 0 && t.role !== 'legal') t.annotation = true;
  return tokens;
}

/** `ascii`: the text is printable ASCII (NON_ASCII finds nothing in it). */
function normalizeOne(text: string, hint: NameHint, ascii: boolean): NameToken[] | null {
  const bare = hint !== 'other' && /\bborn\b/i.test(text) ? text.replace(BIRTH_REMARK, '') : text;
  const unbracketed = bare.includes('(') || bare.includes('[') || bare.includes('{') ? bare.replace(BRACKETED, ' ') : bare;
  const raw = tokenize(unbracketed.includes(':') ? unbracketed.replace(LABEL, '') : unbracketed, ascii);
  if (raw.length === 0) return null;
  return markAnnotations(applyNameRules(raw, hint), hint);
}

function addByEar(forms: string[], byEar: Set<string>, readings: string[]): void {
  for (const form of readings) {
    forms.push(form);
    byEar.add(form);
  }
}

/** The name's main form first, then any former names found in brackets. */
export function normalizeName(name: string, hint: NameHint = 'unknown'): NormalizedName[] {
  const nonAscii = NON_ASCII.test(name);
  const text = nonAscii ? name.normalize('NFKC') : name;
  const forms = [text];
  const byEar = new Set<string>();
  let sources: Map<string, string> | undefined;
  let fromHan: Set<string> | undefined;
  if (text.includes('(') || text.includes('[')) {
    forms[0] = text.replace(ALTERNATIVE, ' ');
    for (const m of text.matchAll(ALTERNATIVE)) forms.push(m[1]!);
  }
  if (nonAscii) {
    // Chinese, Japanese and Korean names in Russian spelling (cyrillic-foreign.ts) and Ukrainian
    // names as lists spell them (ukrainian.ts: Григорович Hryhorovych), read before х gets its readings.
    const foreign = forms.flatMap((form) => {
      const ukrainian = ukrainianReading(form);
      return ukrainian ? [...cyrillicForeignReadings(form), ukrainian] : cyrillicForeignReadings(form);
    });
    // Cyrillic х romanises as kh, but writes a Spanish j (and g before e, i) too, Хосе Jose,
    // Хорхе Jorge, and an Arabic h, Хасан Hasan: the name is also read with j and with h for it.
    // Before е and и the Spanish reading writes g, whose spelling folds to j where it is one
    // (Хиль Gil, Хименес Gimenes ~ Jimenez, keys.ts foldRomanisation).
    const kh = CYRILLIC_KH.test(text);
    const main = forms[0]!;
    if (kh) for (const form of forms.slice()) forms.push(spanishKh(form), form.replace(/х/g, 'h').replace(/Х/g, 'H'));
    // A soft sign before a vowel writes the i of Spanish, Italian and French names (Дьяс Diaz,
    // Гутьеррес Gutierrez, Пьер Pierre), which Russian ones romanise as y (Ильясов Ilyasov).
    // The Spanish reading of х (Гутьеррес Мейха, Gutierrez Mejia) gets it too.
    const soft = softVowels(main);
    if (soft !== main) forms.push(soft, ...(kh ? [softVowels(spanishKh(main))] : []));
    // An э after a consonant or opening a word is how Russian writes the English a of Sally,
    // Anne, Frances (Сэлли Энн Фрэнсис).
    const english = englishA(main);
    if (english !== main) forms.push(english);
    forms.push(...foreign);
    // Foreign names in Arabic and Cyrillic script, their words spelt as they mostly write
    // (name-words.ts).
    const arabicWords = arabicWordReading(main);
    if (arabicWords) forms.push(arabicWords);
    const cyrillicWords = cyrillicWordReading(main);
    if (cyrillicWords) forms.push(cyrillicWords);
    // Lists translate the common words of Arabic organisation names (arabic-translation.ts).
    if (hint !== 'person') {
      const translated = translateArabicWords(forms[0]!);
      if (translated) forms.push(...translated);
    }
    // Katakana writes foreign names with vowels Japanese adds and r for l (katakana.ts).
    if (hasKatakana(text)) {
      forms.splice(0, forms.length, ...forms.flatMap((form) => katakanaReadings(form)));
      for (const form of forms) byEar.add(form);
    }
    // Hangul also writes foreign names, with vowels Korean adds and one letter for r and l (hangul-foreign.ts).
    if (hasHangul(text)) {
      // A Korean name is also read in McCune-Reischauer, as North Korean names are listed (hangul-foreign.ts).
      const korean = hangulKoreanReading(main);
      addByEar(forms, byEar, forms.flatMap(hangulReadings));
      if (korean) forms.push(korean);
    }
    if (hasHan(text)) {
      // A Korean name written in Han characters (金正恩) is read as Korean too (hanja.ts).
      const hangul = hanjaAsHangul(main);
      const korean = hangul === null ? null : hangulKoreanReading(hangul);
      // Chinese writes foreign names with characters chosen for their sound (han-foreign.ts).
      const heard = forms.flatMap((form) => hanForeignReadings(form));
      addByEar(forms, byEar, heard);
      if (heard.length > 0) {
        sources = hanReadingSources(main);
        fromHan = new Set(heard);
      }
      if (korean) forms.push(korean);
    }
  }
  const out: NormalizedName[] = [];
  // Readings may meet (Хосе read with j, and spelt as the word mostly writes): each form is searched once.
  const seen = forms.length > 1 ? new Set<string>() : null;
  for (const form of forms) {
    // An ASCII name's forms are cut from it, so ASCII too.
    const tokens = normalizeOne(form, hint, !nonAscii);
    if (!tokens) continue;
    const ear = byEar.has(form);
    if (seen) {
      const key = `${ear ? 1 : 0}${tokens.map((t) => (t.vowelPoor ? `${t.text}*` : t.text)).join(' ')}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push({ tokens, byEar: ear, heardFrom: fromHan?.has(form) ? sources : undefined });
  }
  return out;
}
