import type { NameToken, TokenRole } from './name-rules.js';
import { Vocabulary } from './vocabulary.js';

export const ROLES: readonly TokenRole[] = ['name', 'particle', 'legal', 'prefix', 'number'];
const ROLE_CODE = new Map(ROLES.map((r, i) => [r, i]));

/** Fixed weights of the words that do not identify (see name-rules.ts); `name` words use rarity. */
export const ROLE_WEIGHT: Record<Exclude<TokenRole, 'name'>, number> = { particle: 0.08, legal: 0.05, prefix: 0.05, number: 0.8 };
/**
 * Annotations ("…, port d'Abidjan", "… - Malindi Branch") count this much of their usual weight:
 * a customer's company name often carries its address or branch, which no list holds. At 0.3 an
 * address of a few words outweighed a name matched word for word (eval cascade pairs: recall
 * 75.7 → 80.0 % at 0.15, precision unchanged).
 */
export const ANNOTATION_FACTOR = 0.15;

/** Second halves of the compounds name-rules.ts cuts (Fadlallah → fadl allah, Nureddin → nur din). */
const COMPOUND_ENDS = new Set(['allah', 'din']);

/**
 * Whether two neighbouring words are often written as one (al Qaida / Alqaida, Kim Jong Un /
 * Kim Jongun, bin Laden / Binladen, Fadl Allah / Fadlallah, Wirra-long / Wirralong): the glued
 * form is filed too, so it can be found and aligned — also when a typo keeps the one-word
 * spelling from being cut.
 */
export function gluable(a: NameToken, b: NameToken): boolean {
  return (
    a.hyphened === true ||
    a.role === 'particle' ||
    a.text.length <= 3 ||
    b.text.length <= 3 ||
    (a.syllable && b.syllable) ||
    COMPOUND_ENDS.has(b.text) ||
    (KOREAN_SYLLABLE.test(a.text) && KOREAN_SYLLABLE.test(b.text))
  );
}

/**
 * A Korean syllable romanised (McCune-Reischauer or Revised, without marks): a Korean given
 * name's two syllables are written apart, hyphened or as one word (Pyong Chol, Pyong-chol,
 * Pyongchol), longer than the three letters that make other pairs gluable.
 */
const KOREAN_SYLLABLE = /^(?:kk|tt|pp|ss|jj|ch|th|ph|kh|[gkndtrlmbpsjh])?[yw]?(?:ae|eo|eu|oe|ui|a|e|i|o|u)(?:ng|[kntlmp])?$/;

/**
 * Every listed name form as rows of token ids, with per-token role and weight, plus the
 * postings (token id → rows) the candidate search walks. Built once, then read-only; all
 * per-row data sits in typed arrays so a million names stay compact.
 */
export class NameTable {
  readonly vocab = new Vocabulary();
  rowStart = new Int32Array(0);
  rowTokens = new Int32Array(0);
  /** Id of the glued form of token k and k+1 (or -1), per token position: the word as written when the rules cut it in two. */
  rowGlued = new Int32Array(0);
  /** 1 where the glued form is a word as written that the rules cut (`NameToken.written`): it may align by any likeness, as a word does. */
  rowGluedWritten = new Uint8Array(0);
  rowRoles = new Uint8Array(0);
  rowWeights = new Float32Array(0);
  rowTotal = new Float32Array(0);
  rowEntity = new Int32Array(0);
  postStart = new Int32Array(0);
  postRows = new Int32Array(0);

  private b = { start: [0], tokens: [] as number[], glued: [] as number[], written: [] as number[], roles: [] as number[], ann: [] as number[], entity: [] as number[] };

  addRow(entity: number, tokens: NameToken[]): void {
    const b = this.b;
    const seen = new Set<number>();
    tokens.forEach((t, k) => {
      const id = this.vocab.intern(t.text, t.canon, t.vowelPoor);
      b.tokens.push(id);
      b.roles.push(ROLE_CODE.get(t.role)!);
      b.ann.push(t.annotation ? 1 : 0);
      if (!seen.has(id)) this.vocab.countDocument(id);
      seen.add(id);
      const next = tokens[k + 1];
      const glued = !next ? null : t.written ?? (gluable(t, next) ? t.text + next.text : null);
      b.glued.push(glued === null ? -1 : this.vocab.intern(glued, glued, t.vowelPoor || next!.vowelPoor));
      b.written.push(next && t.written ? 1 : 0);
    });
    b.start.push(b.tokens.length);
    b.entity.push(entity);
  }

  get rows(): number {
    return this.rowEntity.length;
  }

  /** Rows added so far, before `finish`. */
  get pendingRows(): number {
    return this.b.entity.length;
  }

  finish(): void {
    const b = this.b;
    const rows = b.entity.length;
    this.vocab.finish(rows);
    this.rowStart = Int32Array.from(b.start);
    this.rowTokens = Int32Array.from(b.tokens);
    this.rowGlued = Int32Array.from(b.glued);
    this.rowGluedWritten = Uint8Array.from(b.written);
    this.rowRoles = Uint8Array.from(b.roles);
    this.rowEntity = Int32Array.from(b.entity);
    this.rowWeights = new Float32Array(b.tokens.length);
    this.rowTotal = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      let total = 0;
      for (let k = this.rowStart[r]!; k < this.rowStart[r + 1]!; k++) {
        const role = ROLES[this.rowRoles[k]!]!;
        const base = role === 'name' ? this.vocab.weight(this.rowTokens[k]!) : ROLE_WEIGHT[role];
        const w = b.ann[k] ? base * ANNOTATION_FACTOR : base;
        this.rowWeights[k] = w;
        total += w;
      }
      this.rowTotal[r] = total;
    }
    this.buildPostings();
    this.b = { start: [0], tokens: [], glued: [], written: [], roles: [], ann: [], entity: [] };
  }

  /** Token id → rows that carry it (or its glued form), as one CSR array. */
  private buildPostings(): void {
    const counts = new Int32Array(this.vocab.size + 1);
    const each = (visit: (id: number, row: number) => void) => {
      for (let r = 0; r < this.rows; r++) {
        for (let k = this.rowStart[r]!; k < this.rowStart[r + 1]!; k++) {
          visit(this.rowTokens[k]!, r);
          if (this.rowGlued[k]! >= 0) visit(this.rowGlued[k]!, r);
        }
      }
    };
    let lastRow = new Int32Array(this.vocab.size).fill(-1);
    each((id, row) => {
      if (lastRow[id] === row) return;
      lastRow[id] = row;
      counts[id + 1] = counts[id + 1]! + 1;
    });
    for (let i = 0; i < this.vocab.size; i++) counts[i + 1] = counts[i + 1]! + counts[i]!;
    this.postStart = counts.slice();
    const fill = counts.slice(0, this.vocab.size);
    this.postRows = new Int32Array(this.postStart[this.vocab.size]!);
    lastRow = new Int32Array(this.vocab.size).fill(-1);
    each((id, row) => {
      if (lastRow[id] === row) return;
      lastRow[id] = row;
      this.postRows[fill[id]!] = row;
      fill[id] = fill[id]! + 1;
    });
  }
}
