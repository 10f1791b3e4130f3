import { KeyKind, deletionPositions, hashKey, hashWithout } from './keys.js';
import { allowedEdits } from './similarity.js';
import { KeyTable } from './key-table.js';
import { tokenInfo, type TokenInfo } from './token-similarity.js';

/** Vocabulary key of a token: abjad tokens are kept apart (`sdm` from Arabic is not the acronym). */
export const vocabKey = (text: string, vowelPoor: boolean): string => (vowelPoor ? `${text}~` : text);

export const VOWEL_POOR = 1;
export const SINGLE_LETTER = 2;

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
    const keys: number[] = [];
    const values: number[] = [];
    this.infos.forEach((info, id) => {
      for (const key of keysOf(info, true)) {
        keys.push(key);
        values.push(id);
      }
    });
    this.table = KeyTable.build(keys, values);
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
  if (spellingOnly) return info.vowelPoor ? out : deletionKeys(info, listed, out);
  for (const code of info.codes) if (code.length >= 3 || (code.length === 2 && info.text.length <= 4)) out.push(hashKey(KeyKind.Phonetic, code));
  // Listed tokens are filed under two-letter skeletons too (Qusay → ks), which only an abjad
  // query looks up: «قصي» gives nothing longer.
  for (const skel of info.skel2 === info.skel ? [info.skel] : [info.skel, info.skel2]) {
    if (skel.length >= 3 || (skel.length === 2 && (listed || info.vowelPoor))) out.push(hashKey(KeyKind.Skeleton, skel));
  }
  return info.vowelPoor ? out : deletionKeys(info, listed, out);
}

/**
 * Query-side keys that reach listed words two edits away, which the one-deletion keys miss
 * (Muhhamnad ~ Muhammad: an inserted h and m → n). Every two-letter deletion of the query is
 * looked up as a listed word (two letters inserted) and among the listed words' one-letter
 * deletions (an insertion or substitution plus one more). Two edits that each need a letter
 * deleted from the listed word (two letters replaced or left out) stay out of reach: filing every long listed
 * word under its two-letter deletions would double the index's build time and a third of its
 * memory for a few tenths of a percent of recall. Only for long words, where two edits still
 * leave a name, and only looked up when nothing closer was found.
 */
export function twoEditKeys(info: TokenInfo): number[] {
  // Only where the similarity would accept two edits between words of this length.
  const text = info.text;
  if (info.vowelPoor || info.isNumber || allowedEdits(text.length, text.length) < 2 || text.length > 24) return [];
  // Distinct two-letter deletions, told apart by their deletion key (as the key table tells them).
  const twice = new Set<number>();
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    for (let j = i + 1; j < text.length; j++) {
      const del = hashWithout(KeyKind.Deletion, text, i, j);
      if (twice.has(del)) continue;
      twice.add(del);
      out.push(hashWithout(KeyKind.Canon, text, i, j), del);
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
