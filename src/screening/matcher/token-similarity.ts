import { foldByEar, foldRomanisation, hasThirdReading, matres, phoneticCodes, skeleton, VOWEL_I, VOWEL_U, vowelGaps } from './keys.js';
import { allowedEdits, boundedDistance, jaroWinkler } from './similarity.js';

/** Everything the matcher compares about one token, computed once per distinct token. */
export interface TokenInfo {
  text: string;
  /** Spelling-variant group word (see variants.ts). */
  canon: string;
  /** Double Metaphone codes, primary first. */
  codes: string[];
  skel: string;
  /** The other reading: Latin digraphs as two letters, abjad ث ذ ظ ض as s (see keys.ts); often `skel`. */
  skel2: string;
  /** The third reading (keys.ts `skeleton`): a Latin j as h (Jose = خوسيه) and a Spanish ll as y (Carrillo = كاريو), an abjad ق or ج as g (مقدم Moghadam, جمال Gamal); else `skel`. */
  skel3: string;
  /** keys.ts `matres` when it holds a long-vowel letter after the first (else ''): what tells Jiao from Jo in جياو. */
  matres: string;
  vowelPoor: boolean;
  isNumber: boolean;
  /** The Latin spelling with romanisation choices folded away (see keys.ts `foldRomanisation`); '' for others. */
  fold: string;
  /**
   * A Latin word ending in -at read without its t, as an abjad writes a ta marbuta (ة) that
   * lists spell -at before another word (نصرة Nusrat, جماعة Jamaat, حركة Harakat): its skeleton; '' for others.
   */
  atStem: string;
  /**
   * keys.ts foldByEar of a Latin word of four letters or more ('' for others), worked out on first
   * use by earOf: only names read by ear need it. Present from the start, so every info has one shape.
   */
  ear: string | undefined;
}

/** The word as katakana, Hangul or Chinese characters hear it (keys.ts foldByEar), kept on the info once worked out. */
export function earOf(info: TokenInfo): string {
  return (info.ear ??= info.vowelPoor || info.isNumber || info.text.length < 4 ? '' : foldByEar(info.text));
}

export function tokenInfo(text: string, canon: string, vowelPoor: boolean): TokenInfo {
  const isNumber = /^\d+$/.test(text);
  const skel = isNumber ? text : skeleton(text, vowelPoor);
  const skel2 = isNumber ? skel : skeleton(text, vowelPoor, true);
  const skel3 = isNumber || !hasThirdReading(text, vowelPoor) ? skel : skeleton(text, vowelPoor, false, true);
  const fold = isNumber || vowelPoor ? '' : foldRomanisation(text);
  const form = isNumber ? '' : matres(text, vowelPoor);
  const informative = form.length >= 3 && /[wy]/.test(form.slice(1));
  const atStem = !vowelPoor && !isNumber && text.length >= 5 && text.endsWith('at') ? skeleton(text.slice(0, -1)) : '';
  return { text, canon, codes: isNumber ? [] : phoneticCodes(text), skel, skel2, skel3, matres: informative ? form : '', vowelPoor, isNumber, fold, atStem, ear: undefined };
}

export type MatchHow = 'exact' | 'variant' | 'phonetic' | 'skeleton' | 'fuzzy' | 'initial' | 'romanisation';
export const HOWS: readonly MatchHow[] = ['exact', 'variant', 'phonetic', 'skeleton', 'fuzzy', 'initial', 'romanisation'];

/**
 * Similarity levels. Chosen so that one typo in a 7-letter word (0.91) or a phonetic or
 * abjad-skeleton equivalence (0.88–0.9) still scores a name well above the default threshold,
 * while a bare Latin skeleton equality (Karim/Kareem/Korma) counts for less.
 */
export const SIM = {
  variant: 1,
  /** Two spellings of one sound that romanisations choose between (Caro/Karo, Wali/Vali, Aqim/Akim). */
  romanisation: 0.94,
  phonetic: 0.88,
  shortPhonetic: 0.8,
  /** An abjad spelling that writes the long vowels where the Latin one has vowels (see keys.ts `matres`). */
  abjadMatres: 0.94,
  abjadSkeleton: 0.92,
  shortAbjadSkeleton: 0.88,
  /** Same consonants, but long vowels written where the Latin name has other vowels (see contradictoryVowels). */
  abjadWrongVowels: 0.8,
  /** One consonant (عدي `dy` ~ Uday): only ever compared within a name already found. */
  tinyAbjadSkeleton: 0.78,
  latinSkeleton: 0.85,
  /** Jaro-Winkler two Latin spellings need before their equal skeletons count. */
  latinSkeletonSpelling: 0.8,
  initial: 0.6,
  /** An edit costs this share of the longer word's length (one typo in seven letters: 0.9). */
  perEdit: 0.6,
  /**
   * An edit's cost in a name read as mistyped word for word (score.ts readAsTypos): the guards
   * there (every word in place, first letters kept, a word no list knows) are the evidence that
   * 0.6 leaves out, and at 0.6 two short words one letter off each (Noo Wail ~ Noor WALI) scored
   * just under the default threshold.
   */
  typoPerEdit: 0.5,
  /** Subtracted from an edit-distance match whose first letters differ. */
  firstLetter: 0.05,
  /** Jaro-Winkler below which two Latin spellings are not compared further. */
  anySpelling: 0.7,
  /** Jaro-Winkler below which equal phonetic codes do not count (unless the skeletons agree). */
  phoneticSpelling: 0.75,
  /** Below this a token pair does not align at all. */
  min: 0.75,
} as const;

/** Consonants a glued abjad word pair and a listed word must share, compared by skeleton (tokenSimilarity `strict`). */
export const GLUED_SKELETON = 5;

/** A similarity and how it was reached, packed in one number: sim rounded to 1/1000 × 8 + how. */
export function pack(sim: number, how: MatchHow): number {
  return Math.round(sim * 1000) * 8 + HOWS.indexOf(how);
}
export const unpackSim = (packed: number): number => (packed >> 3) / 1000;
export const unpackHow = (packed: number): MatchHow => HOWS[packed & 7]!;
/** Whether a packed similarity came from spelling alone (what glued word pairs may use). */
export const isSpelling = (packed: number): boolean => (packed & 7) <= 1 || (packed & 7) === FUZZY || (packed & 7) === ROMANISATION;

/**
 * What the fuzzy, phonetic and skeleton tests of one token pair consult, each computed at most
 * once: the Jaro-Winkler similarity (the costliest of the three tests), the skeleton readings
 * the two share, and whether an abjad spelling's long vowels contradict the Latin name's.
 */
class PairMemo {
  private jwValue = -1;
  private sharedValue = -2;
  private wrongVowelsValue = -1;
  constructor(
    private readonly a: TokenInfo,
    private readonly b: TokenInfo,
  ) {}

  jw(): number {
    if (this.jwValue < 0) this.jwValue = jaroWinkler(this.a.text, this.b.text);
    return this.jwValue;
  }

  /** sharedReadings of the pair. */
  shared(): number {
    if (this.sharedValue === -2) this.sharedValue = sharedReadings(this.a, this.b);
    return this.sharedValue;
  }

  /** An abjad and a Latin token whose shared reading puts vowels where the other has none such (contradictoryVowels). */
  wrongVowels(): boolean {
    if (this.wrongVowelsValue < 0) {
      const shared = this.shared();
      this.wrongVowelsValue = this.a.vowelPoor !== this.b.vowelPoor && shared >= 0 && contradictoryVowels(this.a, (shared / 3) | 0, this.b, shared % 3) ? 1 : 0;
    }
    return this.wrongVowelsValue === 1;
  }
}

/** Edit-distance similarity; a different first letter costs extra (Lelikov/Melikov are two names). */
function fuzzy(a: string, b: string, pair: PairMemo): number {
  const shorter = Math.min(a.length, b.length);
  const longer = Math.max(a.length, b.length);
  const allowed = allowedEdits(shorter, longer);
  let best = 0;
  if (allowed > 0) {
    const d = boundedDistance(a, b, allowed);
    if (d <= allowed) best = 1 - (SIM.perEdit * d) / longer - (a[0] === b[0] ? 0 : SIM.firstLetter);
  }
  if (shorter >= 5 && best < 0.9 && pair.jw() >= 0.93) best = Math.max(best, pair.jw() - 0.06);
  return best;
}

/**
 * Same Double Metaphone code, scaled by spelling likeness: codes are short (at most four
 * letters), so Clayton and Golden share KLTN; without a spelling gate they would match.
 */
function phonetic(a: TokenInfo, b: TokenInfo, pair: PairMemo): number {
  for (const x of a.codes) {
    if (x.length < 2) continue;
    for (const y of b.codes) {
      if (x !== y) continue;
      // An abjad spelling has no vowels to compare, so its skeleton stands in for the spelling,
      // unless the long vowels it writes are not the Latin name's.
      const jw = (a.vowelPoor || b.vowelPoor) && a.skel === b.skel ? (pair.wrongVowels() ? 0 : 1) : pair.jw();
      if (jw < SIM.phoneticSpelling) return 0;
      const top = x.length >= 3 ? SIM.phonetic : SIM.shortPhonetic;
      return top - 0.1 * Math.max(0, Math.min(1, (0.95 - jw) / (0.95 - SIM.phoneticSpelling)));
    }
  }
  return 0;
}

/**
 * Same consonant skeleton. Decisive when one side is an abjad spelling (it has nothing else);
 * between two Latin spellings only with a similar spelling too (Khabush/Habbush, not Karim/Korma).
 */
function skeletal(a: TokenInfo, b: TokenInfo, pair: PairMemo): number {
  if (a.vowelPoor !== b.vowelPoor && !sameOnset(a.vowelPoor ? a : b, a.vowelPoor ? b : a)) return 0;
  if (a.vowelPoor || b.vowelPoor) {
    const shared = pair.shared();
    if (shared < 0) return taMarbuta(a.vowelPoor ? a : b, a.vowelPoor ? b : a) ? SIM.shortAbjadSkeleton : 0;
    const skel = reading(a, (shared / 3) | 0);
    if (skel.length === 0) return 0;
    if (sameMatres(a, b)) return SIM.abjadMatres;
    if (pair.wrongVowels()) return SIM.abjadWrongVowels;
    if (skel.length === 1) return a.text.length >= 2 || b.text.length >= 2 ? SIM.tinyAbjadSkeleton : 0;
    return skel.length >= 3 ? SIM.abjadSkeleton : SIM.shortAbjadSkeleton;
  }
  if (a.skel !== b.skel || a.skel.length < 3) return 0;
  return pair.jw() >= SIM.latinSkeletonSpelling ? SIM.latinSkeleton : 0;
}

/**
 * Whether the abjad spelling writes a long vowel (و or ي) where the Latin one has vowels, but none
 * of that kind (صوفيا is not Saifi, بينيت not Bonita), or any vowel letter after the last
 * consonant of a Latin name that ends in one. Between consonants where the Latin name has no
 * vowel an abjad may still write one, and it leaves most short vowels out.
 */
function contradictoryVowels(a: TokenInfo, ra: number, b: TokenInfo, rb: number): boolean {
  const ga = vowelGaps(a.text, a.vowelPoor, ra === 1, ra === 2);
  const gb = vowelGaps(b.text, b.vowelPoor, rb === 1, rb === 2);
  const [ab, la] = a.vowelPoor ? [ga, gb] : [gb, ga];
  if (ab.length !== la.length) return false;
  for (let i = 0; i < ab.length; i++) {
    const written = ab[i]! & (VOWEL_I | VOWEL_U);
    if (written !== 0 && la[i] !== 0 && (la[i]! & written) === 0) return true;
  }
  // A long vowel written at the end of a name that ends in a consonant (تامي is not Atom).
  return ab[ab.length - 1] !== 0 && la[la.length - 1] === 0;
}

/** An abjad word ending in h (ة or ه) and a Latin one ending in -at with the same consonants before it. */
function taMarbuta(abjad: TokenInfo, latin: TokenInfo): boolean {
  return latin.atStem.length >= 2 && abjad.text.endsWith('h') && (latin.atStem === abjad.skel || latin.atStem === abjad.skel2);
}

/**
 * Whether the abjad spelling writes long vowels (و ي after the first letter) exactly where the
 * Latin one has them: the skeleton alone says nothing of those letters.
 */
function sameMatres(a: TokenInfo, b: TokenInfo): boolean {
  return a.matres !== '' && a.matres === b.matres;
}

/**
 * The skeleton readings (0: skel, 1: skel2, 2: skel3) the two tokens share, as a's × 3 + b's,
 * the first two tried first; -1 when none. A third reading counts only against the other
 * script's first two.
 */
function sharedReadings(a: TokenInfo, b: TokenInfo): number {
  for (let ra = 0; ra < 2; ra++) for (let rb = 0; rb < 2; rb++) if (reading(a, ra) === reading(b, rb)) return ra * 3 + rb;
  if (a.skel3 !== a.skel && (a.skel3 === b.skel || a.skel3 === b.skel2)) return 6 + (a.skel3 === b.skel ? 0 : 1);
  if (b.skel3 !== b.skel && (b.skel3 === a.skel || b.skel3 === a.skel2)) return (b.skel3 === a.skel ? 0 : 3) + 2;
  return -1;
}

const reading = (t: TokenInfo, r: number): string => (r === 0 ? t.skel : r === 1 ? t.skel2 : t.skel3);

const LATIN_VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

/**
 * An abjad word that opens with alif (romanised `a`) opens with a vowel: the Latin name it
 * writes does too (Ibrahim, Omar, Usama), so one opening with a consonant is another name
 * (أوصالح is Awsalih, not Saleh) — unless the alif only carries an s-cluster, as Persian and
 * Pashto write it (استانکزی Stanekzai). The converse is not checked: ع and ء open Latin names
 * with a vowel (Omar, Ali) but romanise to nothing.
 */
function sameOnset(abjad: TokenInfo, latin: TokenInfo): boolean {
  if (abjad.text[0] !== 'a' || LATIN_VOWELS.has(latin.text[0]!)) return true;
  return abjad.text[1] === 's' && latin.text[0] === 's';
}

const EXACT = 0;
const VARIANT = 1;
const PHONETIC = 2;
const SKELETON = 3;
const FUZZY = 4;
const ROMANISATION = 6;
const packAs = (sim: number, how: number) => Math.round(sim * 1000) * 8 + how;

/**
 * Packed similarity of two tokens (0 when below SIM.min). Order-insensitive. `strict` allows
 * only spelling (same word, variant, edit distance): used for glued word pairs, where a
 * phonetic code of a long glued string ("daisylowe" → TSL) says nothing. An abjad pair has no
 * spelling but its consonants, so there a skeleton of GLUED_SKELETON letters counts.
 */
export function tokenSimilarity(a: TokenInfo, b: TokenInfo, strict = false): number {
  if (a.canon === b.canon) return packAs(1, a.text === b.text ? EXACT : VARIANT);
  if (a.isNumber || b.isNumber) return 0;
  if (a.fold !== '' && a.fold === b.fold) return packAs(SIM.romanisation, ROMANISATION);
  const pair = new PairMemo(a, b);
  const latin = !a.vowelPoor && !b.vowelPoor;
  // Every Latin-to-Latin match (an edit or two, a phonetic or skeleton equivalent) is also close
  // in Jaro-Winkler, so a pair far apart is settled without the costlier tests.
  if (latin && pair.jw() < SIM.anySpelling) return 0;
  // An abjad token has no vowels to compare letter by letter, so only its skeleton speaks.
  let best = latin ? fuzzy(a.text, b.text, pair) : 0;
  let how = FUZZY;
  if (strict && !latin) {
    // A glued abjad pair has only its consonants to compare; a long skeleton still says something.
    const sk = skeletal(a, b, pair);
    const consonants = Math.min(a.skel.length, b.skel.length);
    if (sk > 0 && consonants >= GLUED_SKELETON - 1) {
      // Four consonants alone do not make a name (شونا سوهيون ~ Sunshine): they only help one.
      best = consonants >= GLUED_SKELETON ? sk : Math.min(sk, SIM.latinSkeleton);
      how = SKELETON;
    }
  } else if (!strict) {
    const ph = phonetic(a, b, pair);
    if (ph > best) {
      best = ph;
      how = PHONETIC;
    }
    const sk = skeletal(a, b, pair);
    if (sk > best) {
      best = sk;
      how = SKELETON;
    }
  }
  return best >= SIM.min ? packAs(best, how) : 0;
}

/** Consonants both words of an abjad gap pair need (abjadGapSimilarity): fewer leave too little to compare. */
const GAP_SKELETON = 4;

/**
 * An abjad word and a Latin one an alignment left in the same place between aligned words
 * (align.ts fillGap): their consonant skeletons may differ by one edit, as a foreign name heard
 * in Arabic script often does (ميكايلوف mklf ~ Mikhailov mhlf, جهانكير jhnkr ~ Jahangir jhngr).
 * The edit costs what it would in a Latin word of the skeleton's length; 0 when no reading
 * comes within one edit.
 */
export function abjadGapSimilarity(a: TokenInfo, b: TokenInfo): number {
  const [abjad, latin] = a.vowelPoor ? [a, b] : [b, a];
  if (!abjad.vowelPoor || latin.vowelPoor || !sameOnset(abjad, latin)) return 0;
  let best = 0;
  for (let ra = 0; ra < 3; ra++) {
    const x = reading(abjad, ra);
    for (let rb = 0; rb < 3; rb++) {
      const y = reading(latin, rb);
      if (Math.min(x.length, y.length) < GAP_SKELETON) continue;
      const d = boundedDistance(x, y, 1);
      if (d <= 1) best = Math.max(best, SIM.abjadSkeleton - (SIM.perEdit * d) / Math.max(x.length, y.length));
    }
  }
  return best;
}

/** A single letter against a word it could abbreviate ("J" ~ "John"), scored apart from keys. */
export function initialSimilarity(a: TokenInfo, b: TokenInfo): number {
  if (a.isNumber || b.isNumber || a.text.length === b.text.length) return 0;
  const [short, long] = a.text.length === 1 ? [a, b] : [b, a];
  return short.text.length === 1 && long.text.length > 1 && long.text[0] === short.text ? pack(SIM.initial, 'initial') : 0;
}
