import { KeyKind, deletionPositions, hashKey, hashWithout, letterSet, segment, segmentKey } from './keys.js';
import { TWO_EDIT_LENGTH, allowedEdits } from './similarity.js';
import { KeyTable } from './key-table.js';
import { GLUED_SKELETON, earOf, tokenInfo, type TokenInfo } from './token-similarity.js';

/** Vocabulary key of a token: abjad tokens are kept apart (`sdm` from Arabic is not the acronym). */
export const vocabKey = (text: string, vowelPoor: boolean): string => (vowelPoor ? `${text}~` : text);

export const VOWEL_POOR = 1;
export const SINGLE_LETTER = 2;

/**
 * A token's screen word (Vocabulary `screenWord`): its `letterSet` in bits 0–25, SCREEN_VOWEL_POOR,
 * and its length in the top five bits, SCREEN_LONG for 31 letters or more.
 */
export const SCREEN_LETTERS = (1 << 26) - 1;
export const SCREEN_VOWEL_POOR = 1 << 26;
export const SCREEN_LONG = 31;
export const screenLength = (word: number): number => word >>> 27;

function screenWordOf(info: TokenInfo): number {
  return letterSet(info.text) | (info.vowelPoor ? SCREEN_VOWEL_POOR : 0) | (Math.min(SCREEN_LONG, info.text.length) << 27);
}

/**
 * How much a word identifies, from how common it is among listed names: a word carried by one
 * name in 10,000 or fewer weighs 1, one in 1,000 about 0.77, one in 100 about 0.54, never
 * less than 0.3. Measured against at least 10,000 names so a small list does not make every
 * word look common.
 */
export function rarityWeight(df: number, names: number): number {
  if (df <= 0) return 1;
  const perTenThousand = (df * 10_000) / Math.max(names, 10_000);
  return Math.min(1, Math.max(0.3, 1 - 0.1 * Math.log(perTenThousand)));
}

/**
 * The distinct tokens of all listed names with what the matcher needs about each, and the
 * table that finds tokens by key (canonical form, phonetic code, skeleton, deletion).
 */
export class Vocabulary {
  readonly infos: TokenInfo[] = [];
  private readonly ids = new Map<string, number>();
  private df: number[] = [];
  private weights = new Float32Array(0);
  /** 1 for tokens that stand in some name as a word (not only as a glued pair). */
  private standalone = new Uint8Array(0);
  /** Per token: VOWEL_POOR and SINGLE_LETTER bits, read without touching the token's info. */
  private shapes = new Uint8Array(0);
  /** Per token: its screen word (SCREEN_LETTERS …), also the key table's payload of the token. */
  private screenWords = new Int32Array(0);
  /** Per token: which letters a–z it has twice or more, one bit each (see `repeatedLetters`). */
  private repeated = new Int32Array(0);
  /** Per token: its length (at most 255). */
  private lengths = new Uint8Array(0);
  private table: KeyTable | null = null;

  /** The token's id, adding it when new. */
  intern(text: string, canon: string, vowelPoor: boolean): number {
    const key = vocabKey(text, vowelPoor);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.infos.length;
      this.ids.set(key, id);
      this.infos.push(tokenInfo(text, canon, vowelPoor));
      this.df.push(0);
    } else if (canon !== text && this.infos[id]!.canon === text) {
      // A word first seen as a title or legal form ("Said", "Sayed") keeps no variant group;
      // where it stands as a name it has one, and that is what a query of the group must find.
      this.infos[id] = tokenInfo(text, canon, vowelPoor);
    }
    return id;
  }

  idOf(text: string, vowelPoor: boolean): number {
    return this.ids.get(vocabKey(text, vowelPoor)) ?? -1;
  }

  countDocument(id: number): void {
    this.df[id] = (this.df[id] ?? 0) + 1;
  }

  /** Computes weights and the key table; call once, after every name was added. */
  finish(names: number): void {
    this.weights = Float32Array.from(this.df, (df) => rarityWeight(df, names));
    this.standalone = Uint8Array.from(this.df, (df) => (df > 0 ? 1 : 0));
    this.shapes = Uint8Array.from(this.infos, (info) => (info.vowelPoor ? VOWEL_POOR : 0) | (info.text.length === 1 ? SINGLE_LETTER : 0));
    this.screenWords = Int32Array.from(this.infos, screenWordOf);
    this.repeated = Int32Array.from(this.infos, (info) => repeatedLetters(info.text));
    this.lengths = Uint8Array.from(this.infos, (info) => Math.min(255, info.text.length));
    const keys: number[] = [];
    const values: number[] = [];
    this.infos.forEach((info, id) => {
      for (const key of keysOf(info, true)) {
        keys.push(key);
        values.push(id);
      }
      for (const key of thirdKeys(info)) {
        keys.push(key);
        values.push(id);
      }
      const ear = earKey(info);
      if (ear !== null) {
        keys.push(ear);
        values.push(id);
      }
    });
    // Each token's screen word rides beside it in the key table: a look-up passes over most of
    // the tokens its keys reach on that word alone, without a cache miss per token.
    this.table = KeyTable.build(keys, values, (id) => this.screenWords[id]!);
    this.df = [];
  }

  /** Whether the token stands as a word in some listed name (else it is only a glued pair). */
  isWord(id: number): boolean {
    return this.standalone[id] === 1;
  }

  /** VOWEL_POOR and SINGLE_LETTER bits of the token. */
  shape(id: number): number {
    return this.shapes[id]!;
  }

  /** The token's screen word (SCREEN_LETTERS …), read without touching the token's info. */
  screenWord(id: number): number {
    return this.screenWords[id]!;
  }

  /** The token's `repeatedLetters`, read without touching the token's info. */
  repeatedLetters(id: number): number {
    return this.repeated[id]!;
  }

  /** The token's length (capped at 255), read without touching the token's info. */
  length(id: number): number {
    return this.lengths[id]!;
  }

  weight(id: number): number {
    return id < 0 ? 1 : this.weights[id]!;
  }

  get keyTable(): KeyTable {
    if (!this.table) throw new Error('Vocabulary.finish() was not called');
    return this.table;
  }

  get size(): number {
    return this.infos.length;
  }
}

/**
 * How many of `keysOf`'s keys come first and find the token's own spelling group (canonical
 * form and folded romanisation): a listed token equal to the query in either is reached through
 * them, so the keys after them only reach tokens that must also be alike in spelling or sound.
 */
export const identityKeyCount = (info: TokenInfo): number => 1 + (info.isNumber ? 0 : (info.canon !== info.text ? 1 : 0) + (info.fold !== '' ? 1 : 0));

/**
 * The keys a token is filed under (listed side) or looked up by (query side). Both sides use
 * the canonical form, phonetic codes of 3+ characters (shorter ones match half the list) and
 * the skeleton; deletions differ by side so that one edit on either side meets (see keys.ts).
 * `spellingOnly` look-ups (glued word pairs, compared by spelling alone) skip the sound keys.
 */
export function keysOf(info: TokenInfo, listed: boolean, spellingOnly = false): number[] {
  const out = [hashKey(KeyKind.Canon, info.canon)];
  if (info.isNumber) return out;
  if (info.canon !== info.text) out.push(hashKey(KeyKind.Canon, info.text));
  if (info.fold !== '') out.push(hashKey(KeyKind.Fold, info.fold));
  if (spellingOnly) {
    if (!info.vowelPoor) return deletionKeys(info, listed, out);
    // An abjad has no spelling apart from its consonants: a glued abjad pair («ولی جان» ~
    // Walijan) is looked up by its skeleton, long enough to say something (see tokenSimilarity).
    if (info.skel.length >= GLUED_SKELETON - 1) out.push(hashKey(KeyKind.Skeleton, info.skel));
    if (info.skel2 !== info.skel && info.skel2.length >= GLUED_SKELETON - 1) out.push(hashKey(KeyKind.Skeleton, info.skel2));
    return out;
  }
  for (const code of info.codes) if (code.length >= 3 || (code.length === 2 && info.text.length <= 4)) out.push(hashKey(KeyKind.Phonetic, code));
  // Listed tokens are filed under two-letter skeletons too (Qusay → ks), which only an abjad
  // query looks up: «قصي» gives nothing longer.
  for (const skel of info.skel2 === info.skel ? [info.skel] : [info.skel, info.skel2]) {
    if (skel.length >= 3 || (skel.length === 2 && (listed || info.vowelPoor))) out.push(hashKey(KeyKind.Skeleton, skel));
  }
  // Listed Latin words are filed under their long-vowel form too, which only abjad queries look
  // up: جياو (Jiao) has a one-letter skeleton, no key. The third reading (a listed Latin word's,
  // an abjad query's) meets only the other script's.
  const cross = crossScriptKeys(info);
  if (cross.matres !== null && (info.vowelPoor || listed)) out.push(cross.matres);
  if (cross.third !== null && (listed ? !info.vowelPoor : info.vowelPoor)) out.push(cross.third);
  // A listed -at word is filed under its skeleton without the t too, for an abjad ة (token-similarity.ts atStem).
  const atStem = listed ? atStemKey(info) : null;
  if (atStem !== null) out.push(atStem);
  return info.vowelPoor ? out : deletionKeys(info, listed, out);
}

/** The skeleton key of a Latin -at word read without its t (token-similarity.ts `atStem`), or null. */
export function atStemKey(info: TokenInfo): number | null {
  return info.atStem.length >= 2 && info.atStem !== info.skel ? hashKey(KeyKind.Skeleton, info.atStem) : null;
}

/** The key a Latin word of four letters or more is heard by (foldByEar), looked up only by names read by ear. */
export function earKey(info: TokenInfo): number | null {
  const ear = earOf(info);
  return ear === '' ? null : hashKey(KeyKind.Ear, ear);
}

/**
 * The keys of a word's cross-script readings (token-similarity.ts `skel3`, `matres`), null where
 * the word has none of its own. Skeletons never hold w or y after their first letter, so a
 * long-vowel key never meets a skeleton's.
 */
export function crossScriptKeys(info: TokenInfo): { third: number | null; matres: number | null } {
  return {
    third: info.skel3 !== info.skel && info.skel3 !== info.skel2 && info.skel3.length >= 2 ? hashKey(KeyKind.Skeleton, info.skel3) : null,
    matres: info.matres !== '' ? hashKey(KeyKind.Skeleton, info.matres) : null,
  };
}

/**
 * The letters a–z a word has twice or more, as bits. With `letterSet` it gives each letter's
 * count capped at two, whose differences sum to at most two per edit (a substitution takes one
 * letter and adds another, an insertion or deletion changes one count, a transposition none): so
 * words `n` edits apart differ in at most 2n bits of the two sets together.
 */
export function repeatedLetters(text: string): number {
  let once = 0;
  let twice = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 97;
    if (c < 0 || c >= 26) continue;
    const bit = 1 << c;
    twice |= once & bit;
    once |= bit;
  }
  return twice;
}

/** Bits set in a 32-bit integer. */
export function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Whether a token may be two edits from a listed word (`allowedEdits`) and is short enough for edit keys. */
const twoEditWord = (info: TokenInfo) => !info.vowelPoor && !info.isNumber && info.text.length <= 24 && allowedEdits(info.text.length, TWO_EDIT_LENGTH) >= 2;

/** The listed word's three thirds (keys.ts `segmentKey`): what `twoEditKeys` meets. */
export function thirdKeys(info: TokenInfo): number[] {
  if (info.text.length < TWO_EDIT_LENGTH || !twoEditWord(info)) return [];
  const length = info.text.length;
  return [0, 1, 2].map((part) => segmentKey(info.text, length, part, ...segment(length, part)));
}

/**
 * Query-side keys that reach listed words two edits away, which the one-deletion keys miss
 * (Muhhamnad ~ Muhammad: an inserted h and m → n; Bicentebraio ~ Bicentenario: a letter
 * replaced and two swapped). Two edits leave one of a listed word's three thirds intact (keys.ts
 * `segmentKey`): three keys per long listed word reach every kind of two edits, where two-letter
 * deletions would take dozens. The query's letters are looked up where such a third may stand:
 * for each listed length within two letters, each third, as far as the edits before and after
 * it allow (position-aware selection: with the length difference `gap` = query − listed, a third
 * moves left by at most (2 − gap) / 2 letters and right by at most (2 + gap) / 2). Only for long
 * words, where two edits still leave a name, and only looked up when nothing closer was found.
 */
export function twoEditKeys(info: TokenInfo): number[] {
  if (!twoEditWord(info)) return [];
  const text = info.text;
  const out: number[] = [];
  for (let length = Math.max(TWO_EDIT_LENGTH, text.length - 2); length <= Math.min(24, text.length + 2); length++) {
    const gap = text.length - length;
    for (let part = 0; part < 3; part++) {
      const [start, size] = segment(length, part);
      const last = Math.min(start + Math.floor((2 + gap) / 2), text.length - size);
      for (let at = Math.max(0, start - Math.floor((2 - gap) / 2)); at <= last; at++) out.push(segmentKey(text, length, part, at, size));
    }
  }
  return out;
}

function deletionKeys(info: TokenInfo, listed: boolean, out: number[]): number[] {
  const text = info.text;
  if (!listed) out.push(hashKey(KeyKind.Deletion, text));
  for (const i of deletionPositions(text)) {
    if (!listed) out.push(hashWithout(KeyKind.Canon, text, i));
    out.push(hashWithout(KeyKind.Deletion, text, i));
  }
  return out;
}
