import type { EntityType } from '../entity.js';
import type { NameHint } from './name-rules.js';
import { normalizeName } from './normalize.js';
import { tokenInfo } from './token-similarity.js';
import { atStemKey, crossScriptKeys, keysOf, thirdKeys, twoEditKeys } from './vocabulary.js';
import type { IndexedEntity } from './matcher.js';

/**
 * The retrieval keys of a screened name, one group per word, kept beside each customer so that
 * a list change can find the customers it may affect without decrypting anyone's name: a
 * customer can match a changed entity only if their words share retrieval keys the way the
 * index's candidate search requires (the same canonical, phonetic, skeleton and one-edit keys,
 * and for long words the thirds that reach two edits).
 * The customer side is filed as the index files listed words and the entity side looks up as a
 * query does; the key relation is symmetric, so this finds what a search would.
 */
const MAX_WORDS = 24;

const hintOf = (type: EntityType | undefined): NameHint =>
  type === 'person' ? 'person' : type === 'organization' || type === 'vessel' || type === 'aircraft' ? 'other' : 'unknown';

/** Distinct words of a name (all its normalised forms), as [text, canon, vowelPoor]; particles and legal forms left out. */
function words(name: string, type: EntityType | undefined): Array<[string, string, boolean]> {
  const seen = new Set<string>();
  const out: Array<[string, string, boolean]> = [];
  for (const form of normalizeName(name, hintOf(type))) {
    for (const t of form.tokens) {
      if (t.role !== 'name' && t.role !== 'number') continue;
      const id = `${t.vowelPoor ? '~' : ''}${t.text}`;
      if (seen.has(id) || out.length >= MAX_WORDS) continue;
      seen.add(id);
      out.push([t.text, t.canon, t.vowelPoor]);
    }
  }
  return out;
}

/**
 * The cross-script readings (vocabulary.ts `crossScriptKeys`, and a -at word without its t) are
 * filed by one script and looked up by the other; here both sides carry them, as either side
 * may be Latin or abjad.
 */
function crossScript(info: ReturnType<typeof tokenInfo>): number[] {
  const { third, matres } = crossScriptKeys(info);
  return [third, matres, atStemKey(info)].filter((k): k is number => k !== null);
}

/** Key groups of a customer's name, each word's keys as the index files a listed word. */
export function nameKeyGroups(name: string, type?: EntityType): Int32Array[] {
  return words(name, type).map(([text, canon, vowelPoor]) => {
    const info = tokenInfo(text, canon, vowelPoor);
    return Int32Array.from(new Set([...keysOf(info, true), ...thirdKeys(info), ...crossScript(info)]));
  });
}

/** `[groups, len₀, keys₀…, len₁, keys₁…]` as little-endian 32-bit integers. */
export function encodeKeyGroups(groups: readonly Int32Array[]): Buffer {
  let size = 1;
  for (const g of groups) size += 1 + g.length;
  const buf = Buffer.alloc(size * 4);
  let o = buf.writeInt32LE(groups.length, 0);
  for (const g of groups) {
    o = buf.writeInt32LE(g.length, o);
    for (const k of g) o = buf.writeInt32LE(k, o);
  }
  return buf;
}

/**
 * The words of changed entities, looked up by the keys a query word would use. `affects` tells
 * whether a customer's stored key groups cover enough words of some changed name to be a
 * candidate: two words of it (or all, when it has fewer), matched by two words of the customer's
 * (or all of them). Keys pass through `mask` first, the same keyed function the stored groups
 * went through, so the comparison needs no plaintext on either side.
 */
export class DeltaProbe {
  private constructor(
    /** key → packed (form << 5 | word) references */
    private readonly refs: Map<number, number[]>,
    /** words per changed name form */
    private readonly formWords: Int32Array,
    private readonly formMask = new Map<number, number>(),
    private readonly customerMask = new Map<number, number>(),
  ) {}

  static build(entities: Iterable<IndexedEntity>, mask: (keys: Int32Array) => Int32Array): DeltaProbe {
    const refs = new Map<number, number[]>();
    const formWords: number[] = [];
    for (const { entity } of entities) {
      for (const name of entity.names) {
        const ws = words(name.full, entity.type).slice(0, 31);
        if (ws.length === 0) continue;
        const form = formWords.length;
        formWords.push(ws.length);
        ws.forEach(([text, canon, vowelPoor], w) => {
          const info = tokenInfo(text, canon, vowelPoor);
          for (const key of mask(Int32Array.from(new Set([...keysOf(info, false), ...twoEditKeys(info), ...crossScript(info)])))) {
            let list = refs.get(key);
            if (!list) refs.set(key, (list = []));
            list.push((form << 5) | w);
          }
        });
      }
    }
    return new DeltaProbe(refs, Int32Array.from(formWords));
  }

  get empty(): boolean {
    return this.formWords.length === 0;
  }

  /** Whether the customer's key groups (as `encodeKeyGroups` wrote them) may match a changed name. */
  affects(encoded: Uint8Array): boolean {
    const buf = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    if (buf.length < 4) return false;
    const groups = Math.min(buf.readInt32LE(0), 31);
    this.formMask.clear();
    this.customerMask.clear();
    let o = 4;
    for (let g = 0; g < groups && o + 4 <= buf.length; g++) {
      const len = buf.readInt32LE(o);
      o += 4;
      for (let i = 0; i < len && o + 4 <= buf.length; i++, o += 4) {
        const list = this.refs.get(buf.readInt32LE(o));
        if (!list) continue;
        for (const ref of list) {
          const form = ref >>> 5;
          this.formMask.set(form, (this.formMask.get(form) ?? 0) | (1 << (ref & 31)));
          this.customerMask.set(form, (this.customerMask.get(form) ?? 0) | (1 << g));
        }
      }
    }
    const customerNeed = Math.min(2, groups);
    for (const [form, words] of this.formMask) {
      if (popcount(words) >= Math.min(2, this.formWords[form]!) && popcount(this.customerMask.get(form)!) >= customerNeed) return true;
    }
    return false;
  }
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}
