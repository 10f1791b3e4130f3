import { doubleMetaphone } from 'double-metaphone';

/**
 * Keys derived from one normalised token. The candidate index files every listed token under
 * each of its keys, and a query token looks its own keys up, so two spellings meet when they
 * share any key:
 * - the canonical form (`mohammed` for Muhammad, Mohamed, Mohd …, see name-rules.ts);
 * - its Double Metaphone codes (Ahmad ≈ Ahmed, Husein ≈ Hussein, Schmidt ≈ Smith);
 * - its consonant skeleton, which is all an abjad gives: any-ascii turns «صدام» into `sdm`,
 *   and only the skeleton of "Saddam" (`sdm`) is that short;
 * - its one-deletion neighbourhood, so a typo (insertion, deletion, substitution, most
 *   transpositions) still shares a key with the listed spelling; a long query word with no
 *   close match also looks up the thirds of listed words of about its length, which reach
 *   two edits (vocabulary.ts `twoEditKeys`).
 * Keys are 32-bit hashes, seeded per kind so kinds never collide by construction; a rare hash
 * collision only adds a candidate that scoring then rejects.
 */
export const enum KeyKind {
  Canon = 0x9e3779b1,
  /** The romanisation-folded spelling (foldRomanisation). */
  Fold = 0x5bd1e995,
  Phonetic = 0x85ebca6b,
  Skeleton = 0xc2b2ae35,
  Deletion = 0x27d4eb2f,
  /** A third of a long word, with the word's length and which third (see `segmentKey`). */
  Segment = 0x165667b1,
  /** A Latin word as katakana, Hangul or Chinese characters hear it (foldByEar). */
  Ear = 0x3c6ef372,
}

/** FNV-1a over UTF-16 code units, seeded. */
export function hashKey(kind: KeyKind, text: string): number {
  let h = (0x811c9dc5 ^ kind) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/**
 * Folds the choices romanisations make between letters for one sound, so Caro and Karo, Wali
 * and Vali, Aqim and Akim, Djamel and Jamel, Raheem and Rahim, Yousouf and Yusuf meet:
 * ph → f, dj, dzh and the Albanian xh → j (Xhavit = Джавит), dz, ts before a vowel and c
 * before e or i → z (Dzagaria, Lorentso, Patritsiya: Zagaria, Lorenzo, Patricia),
 * a final iya → ia (Mariya), q → k, c before a, o, u or at the end → k, ck → k, w → v, x → ks,
 * ee → i, ou and oo → u, y not before a vowel → i, then doubled letters once. Spanish sounds as Cyrillic
 * writes them fold too: qu before e or i → k (Quintero, Кинтеро), g before e or i → j in a word
 * of four letters or more (Gerardo, Херардо; not the Korean syllables gi and ji), a final z after
 * a vowel → s (Diaz, Дьяс). Vowels are otherwise kept (Halm and Helm, Hasan and Hosn stay apart).
 */
export function foldRomanisation(token: string): string {
  let text = token;
  let letters = letterSet(token);
  for (const step of ROMANISATION_STEPS) {
    if (!hasLetters(letters, step.needs)) continue;
    text = step.rewrite(text, token);
    letters |= step.adds;
  }
  return hasDoubledLetter(text) ? text.replace(/(.)\1+/g, '$1') : text;
}

interface RomanisationStep {
  /** Letter sets (letterSet bits) one of which the word must hold whole for the rewrite to apply. */
  needs: readonly number[];
  /** Letters the rewrite may bring in, which later steps may need. */
  adds: number;
  /** `token`: the word before any rewrite. */
  rewrite: (text: string, token: string) => string;
}

const step = (needs: string[], adds: string, rewrite: RomanisationStep['rewrite']): RomanisationStep => ({ needs: needs.map(letterSet), adds: letterSet(adds), rewrite });

/**
 * foldRomanisation's rewrites, in order. Most cannot apply to a given word (it has no q, no w …):
 * a test of its letters skips them, where running every regex cost twice the time.
 */
const ROMANISATION_STEPS: readonly RomanisationStep[] = [
  step(['ph'], 'f', (t) => t.replace(/ph/g, 'f')),
  step(['dj', 'dzh', 'xh'], 'j', (t) => t.replace(/dj|dzh|xh/g, 'j')),
  step(['dz', 'ts', 'c'], 'z', (t) => t.replace(/dz|ts(?=[aeiou])|c(?=[ei])/g, 'z')),
  step(['iya'], '', (t) => t.replace(/iya$/, 'ia')),
  step(['ck'], 'k', (t) => t.replace(/ck/g, 'k')),
  step(['qu'], 'k', (t) => t.replace(/qu(?=[ei])/g, 'k')),
  step(['g'], 'j', (t, token) => t.replace(/g(?=[ei])/g, (g) => (token.length >= 4 ? 'j' : g))),
  step(['q'], 'k', (t) => t.replace(/q/g, 'k')),
  step(['z'], 's', (t) => t.replace(/(?<=[aeiou])z$/, 's')),
  step(['c'], 'k', (t) => t.replace(/c(?=[aou]|$)/g, 'k')),
  step(['w'], 'v', (t) => t.replace(/w/g, 'v')),
  step(['x'], 'ks', (t) => t.replace(/x/g, 'ks')),
  step(['ee'], 'i', (t) => t.replace(/ee/g, 'i')),
  step(['o'], 'u', (t) => t.replace(/o[ou]/g, 'u')),
  step(['y'], 'i', (t) => t.replace(/y(?![aeiou])/g, 'i')),
];

function hasLetters(letters: number, needs: readonly number[]): boolean {
  for (const set of needs) if ((letters & set) === set) return true;
  return false;
}

function hasDoubledLetter(text: string): boolean {
  for (let i = 1; i < text.length; i++) if (text.charCodeAt(i) === text.charCodeAt(i - 1)) return true;
  return false;
}

/**
 * The letters a–z a word has, as bits. One edit adds or takes away at most one letter of the
 * set (a substitution both), so words `n` edits apart differ in at most 2n bits: a test that
 * rules most words out without reading them.
 */
export function letterSet(text: string): number {
  let set = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 97;
    if (c >= 0 && c < 26) set |= 1 << c;
  }
  return set;
}

/**
 * A spelling as katakana, Hangul or Chinese characters hear it (normalize.ts `byEar`): on top of
 * foldRomanisation, r and l are one letter, and so are s and z, t and d, p, b and v, k and g, h,
 * f and a Spanish j (ホセ hose ~ Jose, 哈维尔 havir ~ Javier), and kh is that h too (シャイフ
 * shaifu ~ Shaikh); an h after another consonant goes (sh, ch), so does an r or l before one,
 * which Chinese leaves unwritten (马丁尼茲 madinniz ~ Martinez), y is i, a word of six letters
 * or more loses a vowel after its last consonant, which katakana and Chinese add (巴甫留科
 * bavliuko ~ Pavlyuk), and doubled letters count once.
 * Katakana also writes an opening v before r or l as u (ウラジーミル urajimir ~ Vladimir) and an
 * m before b or p as n (ウンベルト unbert ~ Umberto); both scripts hear au as o (ローラ rora,
 * 劳拉 laola ~ Laura) and a Spanish gu before e or i as g (ギジェルモ gijermo ~ Guillermo).
 * アルバレス arbares and Alvarez both fold to apales.
 */
export function foldByEar(token: string): string {
  return foldRomanisation(token.replace(/gu(?=[ei])/g, 'g'))
    .replace(/a[uo]/g, 'o')
    .replace(/^v(?=[lr])/, 'u')
    .replace(/m(?=[bp])/g, 'n')
    .replace(/kh/g, 'h')
    .replace(/(?<=[^aeiouh])h/g, '')
    .replace(/r/g, 'l')
    .replace(/z/g, 's')
    .replace(/d/g, 't')
    .replace(/[bv]/g, 'p')
    .replace(/[gc]/g, 'k')
    .replace(/[jf]/g, 'h')
    .replace(/l(?=[^aeiouyl])/g, '')
    .replace(/y/g, 'i')
    .replace(/(?<=^.{4,}[^aeiou])[aeiou]$/, '')
    .replace(/(.)\1+/g, '$1');
}

/** Double Metaphone primary and secondary codes, deduplicated; none for digits-only tokens. */
export function phoneticCodes(token: string): string[] {
  if (!/[a-z]/.test(token)) return [];
  const [primary, secondary] = doubleMetaphone(token);
  if (!primary) return secondary ? [secondary] : [];
  return secondary && secondary !== primary ? [primary, secondary] : [primary];
}

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
/** Letters abjads write as long vowels or leave out (y, w from ي و; Hebrew ו): kept only first. */
const SEMIVOWELS = new Set(['y', 'w']);
/**
 * Latin letters folded onto the one letter an abjad or Cyrillic would use: Arabic has no p, v
 * or hard c (Ponomarev → بونوماريف → b-n-m-r-f), and z/s, q/k are written either way.
 */
const FOLD: Record<string, string> = { q: 'k', z: 's', v: 'f', p: 'b', x: 'ks' };

/**
 * How an abjad token's marker letters read (scripts.ts): first as Arabic names are romanised
 * (ث th → t, ذ dh → d, ظ dh → d, ض d), then as Persian, Urdu and Pashto ones are (all s/z → s).
 * The second reading is an abjad token's `literal` skeleton.
 */
const ABJAD_READINGS: ReadonlyArray<Record<string, string>> = [
  { c: 't', x: 'd', v: 'd', p: 'd' },
  { c: 's', x: 's', v: 's', p: 's' },
];

/**
 * Latin digraphs that are one sound, folded as an abjad writes it (kh → h, sh → s, ch → k …), or
 * null when `c` is a letter of its own. The `literal` reading is the other way Latin lists use
 * them: French ch is ش (Alouche = علوش), and sh, th, dh may be two letters (Ishaq = اسحاق).
 * Returns [letter, characters consumed].
 */
function latinDigraph(c: string, next: string | undefined, literal: boolean, after?: string): [string, number] | null {
  if (c === 'd' && next === 'j') return ['j', 2];
  // The t of tch is silent (Fitch = فيتش, Tkatchenko): the three letters are one ch.
  if (c === 't' && next === 'c' && after === 'h') return ['k', 3];
  // The literal reading takes ci before a vowel as Italian says it, ch (Luciano = لوتشيانو).
  if (next !== 'h') return c === 'c' ? [/[eiy]/.test(next ?? '') && !(literal && next === 'i' && /[aou]/.test(after ?? '')) ? 's' : 'k', 1] : null;
  switch (c) {
    case 'k':
      return ['h', 2];
    case 'p':
      return ['f', 2];
    case 'c':
      return [literal ? 's' : 'k', 2];
    case 'g':
      return ['g', 2];
    case 's':
    case 't':
    case 'd':
      return literal ? null : [c, 2];
    default:
      return null;
  }
}

/**
 * The skeleton with the letters an abjad writes for long vowels kept: in Latin, i as y, o and u
 * as w, a and e dropped (as alef and ayn are from an abjad spelling, and a foreign e is as often
 * left unwritten as written ي). Equal forms mean the abjad spelling writes the Latin name's
 * vowels where it has them (جينغ jyng = Jing, جياو = Jiao, أيوب = Ayoub, not Abu), a closer
 * likeness than an equal skeleton.
 */
export function matres(token: string, vowelPoor: boolean): string {
  let out = '';
  for (let i = 0; i < token.length; i++) {
    let c = token[i]!;
    const folded = vowelPoor ? null : latinDigraph(c, token[i + 1], false, token[i + 2]);
    if (folded !== null) {
      c = folded[0];
      i += folded[1] - 1;
    } else if (vowelPoor) c = ABJAD_READINGS[0]![c] ?? FOLD[c] ?? c;
    else c = c === 'i' ? 'y' : c === 'e' ? 'a' : c === 'o' || c === 'u' ? 'w' : (FOLD[c] ?? c);
    if (c === 'a' || out.endsWith(c)) continue;
    out += c;
  }
  return out;
}

/** Vowel classes in vowelGaps: an a, an i (e and y too), a u (o and w too). */
export const VOWEL_A = 1;
export const VOWEL_I = 2;
export const VOWEL_U = 4;
const LATIN_VOWEL_CLASS: Readonly<Record<string, number>> = { a: VOWEL_A, e: VOWEL_A | VOWEL_I, i: VOWEL_I, y: VOWEL_I, o: VOWEL_U, u: VOWEL_U, w: VOWEL_U };
/** An English a before one consonant and an e says ei, which an abjad writes with ي (Baker = בייקר, Grace = גרייס). */
const latinVowelClass = (token: string, i: number, c: string): number =>
  (LATIN_VOWEL_CLASS[c] ?? 0) | (c === 'a' && /^[b-df-hj-np-tv-z]e/.test(token.slice(i + 1, i + 3)) ? VOWEL_I : 0);
const ABJAD_VOWEL_CLASS: Readonly<Record<string, number>> = { a: VOWEL_A, y: VOWEL_I, w: VOWEL_U };

/**
 * The consonant skeleton: what survives when vowels are not written, so an abjad spelling
 * (any-ascii gives «صدام» as `sdm`) meets its Latin ones. For Latin tokens, digraphs fold first
 * (kh→h: Khabush = Хабуш = حبوش; sh→s, th→t, dh→d, gh→g, ph→f, ch→k, dj→j; c→s before e/i/y,
 * else k); then for every token: q→k, z→s, v→f, p→b, x→ks; vowels go, y and w go except as the
 * first letter; a final h
 * goes (Fatimah = Fatima); doubled letters collapse. Abjad tokens come one letter per letter
 * (scripts.ts, which writes alef and ayn as `a`), so their digraph step is skipped. The `literal`
 * reading of a Latin token also reads v as w: و is v in Persian names (Vahidi, Javad) and w in
 * Arabic ones, and Afghan lists write it w even where ث is s (Wasseq); and g before e or i as j,
 * as Arabic writes it in European names (Gerardo = جيراردو, George = جورج). The `third` reading
 * reads a Latin j, and g before e or i, as h, as Arabic writes them in Spanish names (Jose =
 * خوسيه, Jimenez = خيمينيز, Angel = أنخيل), an abjad ق as g, as Persian says it (مقدم
 * Moghadam, قاسمی Ghasemi), an abjad ج as g, as Egyptian Arabic says it and as Arabic writes
 * a foreign g (هارجريفز Hargreaves, جمال Gamal), and an abjad ذ as t, as lists write the th of
 * Gulf and Iraqi names (ذهب Thahab); it also reads a Spanish ll before a, o or u as
 * y (Carrillo = كاريو, see SPANISH_LL), and drops the y of an abjad word opening with يوج, the
 * Eu- of European names (Eugenia = يوجينيا). A Latin tch is one ch in every reading (Fitch =
 * فيتش), and the literal reading takes ci before a vowel as Italian says it, ch (Luciano =
 * لوتشيانو). Saddam → sdm,
 * Hussein → hsn, Tikriti → tkrt, Mahmoud → mhmd, Yousef → ysf, Ponomarev → bnmrf, Ouni → n
 * (العوني → awny → n). `gaps`, when given ([0]), receives the vowels around the consonants (see
 * vowelGaps).
 */
export function skeleton(token: string, vowelPoor = false, literal = false, third = false, gaps?: number[]): string {
  let out = '';
  const readings = literal ? ABJAD_READINGS[1]! : ABJAD_READINGS[0]!;
  for (let i = 0; i < token.length; i++) {
    let c = token[i]!;
    const folded = vowelPoor ? null : latinDigraph(c, token[i + 1], literal, token[i + 2]);
    const start = i;
    if (folded !== null) {
      c = folded[0];
      i += folded[1] - 1;
    } else if (!vowelPoor && literal && c === 'v') c = 'w';
    else if (!vowelPoor && literal && c === 'g' && /[ei]/.test(token[i + 1] ?? '')) c = 'j';
    else if (!vowelPoor && third && (c === 'j' || (c === 'g' && /[ei]/.test(token[i + 1] ?? '')))) c = 'h';
    else if (!vowelPoor && third && c === 'l' && token[i + 1] === 'l' && i > 0 && !HAS_J.test(token) && SPANISH_LL.test(token.slice(i - 1, i + 4))) {
      c = 'y';
      i++;
    } else if (vowelPoor && third && i === 0 && c === 'y' && token[1] === 'w' && token[2] === 'j') continue;
    else if (vowelPoor && third && (c === 'q' || c === 'j')) c = 'g';
    else if (vowelPoor && third && c === 'x') c = 't';
    else c = (vowelPoor ? readings[c] : undefined) ?? FOLD[c] ?? c;
    if (VOWELS.has(c) || (SEMIVOWELS.has(c) && start > 0)) {
      if (gaps) gaps[gaps.length - 1]! |= vowelPoor ? (ABJAD_VOWEL_CLASS[c] ?? 0) : latinVowelClass(token, i, c);
      continue;
    }
    if (out.endsWith(c)) continue;
    out += c;
    gaps?.push(0);
  }
  if (out.length > 2 && out.endsWith('h')) {
    out = out.slice(0, -1);
    if (gaps) gaps[gaps.length - 2]! |= gaps.pop()!;
  }
  return out;
}

/**
 * The vowels around the consonants of a skeleton reading, as VOWEL_* bits per gap: before the
 * first consonant, between each two, after the last (skeleton length + 1 gaps). For an abjad
 * token they are its long-vowel letters (alef and ayn as a, ي as i, و as u), which it writes
 * where the name has those vowels: بونيتا writes u after its b, so it is not Bonita.
 */
export function vowelGaps(token: string, vowelPoor: boolean, literal = false, third = false): number[] {
  const gaps = [0];
  skeleton(token, vowelPoor, literal, third, gaps);
  return gaps;
}

/**
 * A Spanish ll before a, o or u, which Arabic writes as ي (Carrillo = كاريو, Orellana = أوريانا),
 * but not the alla, ulla, ullo and llah of names made with Allah (Abdalla, Abdulla, Nasrullo,
 * Abdellah), nor an English ll before e (Miller).
 */
const SPANISH_LL_SOURCE = '[eio]ll[aou]|all[ou]';
const SPANISH_LL = new RegExp(`^(?:${SPANISH_LL_SOURCE})(?!h)`);
/** Anywhere in a word, Allah's llah included: enough to tell that the third reading may differ. */
const ANY_SPANISH_LL = new RegExp(SPANISH_LL_SOURCE);
/** A word whose third reading reads a j (or g as j) as h keeps its ll: Arabic writes Calleja كاليخا. */
const HAS_J = /j|g[ei]/;

/** Whether the token has a letter the third reading reads otherwise, so that reading may differ from the first. */
export function hasThirdReading(token: string, vowelPoor: boolean): boolean {
  return vowelPoor ? /[qjx]/.test(token) : HAS_J.test(token) || ANY_SPANISH_LL.test(token);
}

/**
 * Positions whose deletion gives each distinct one-deletion of the token (the first letter of a
 * run of equal letters stands for the run), for tokens of 4 to 24 characters.
 */
export function deletionPositions(token: string): number[] {
  if (token.length < 4 || token.length > 24) return [];
  const out: number[] = [];
  for (let i = 0; i < token.length; i++) if (i === 0 || token[i] !== token[i - 1]) out.push(i);
  return out;
}

/**
 * `hashKey(kind, …)` of the token with the character at `i` left out (-1: none), without
 * building that string: deletion keys are a query word's most numerous keys.
 */
export function hashWithout(kind: KeyKind, token: string, i: number): number {
  let h = (0x811c9dc5 ^ kind) >>> 0;
  for (let k = 0; k < token.length; k++) {
    if (k === i) continue;
    h ^= token.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** Start and length of third `part` (0–2) of a word of `length` letters; later thirds take the remainder. */
export function segment(length: number, part: number): [start: number, size: number] {
  const base = Math.floor(length / 3);
  const longer = length % 3;
  // Thirds 0..(2 - longer) have `base` letters, the last `longer` ones one more.
  const start = part * base + Math.max(0, part - (3 - longer));
  return [start, base + (part >= 3 - longer ? 1 : 0)];
}

/**
 * Key of `size` letters of `token` from `start`, as third `part` of a listed word of `length`
 * letters. Two edits leave one of a word's three thirds intact, shifted by at most two letters:
 * so a listed word two edits from a query word shares one of these keys with it, whatever the
 * edits (two substitutions or letters left out included, which deletion keys of the query
 * alone cannot reach).
 */
export function segmentKey(token: string, length: number, part: number, start: number, size: number): number {
  let h = (0x811c9dc5 ^ KeyKind.Segment ^ (length * 4 + part)) >>> 0;
  for (let k = start; k < start + size; k++) {
    h ^= token.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
