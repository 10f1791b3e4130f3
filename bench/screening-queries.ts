/** The query sets the screening benchmarks share, so each of them times the same kinds of queries. */
import { resolve } from 'node:path';
import type { IndexedEntity, ScreeningQuery } from '../src/screening/matcher/matcher.js';
import { CULTURES, DATA, pick, readTsvGz, syntheticName } from './screening-data.js';
import { variant } from './screening-variants.js';

/** A third listed names as written, a third misspelt or reordered, a third not listed. */
export function queryMix(names: string[], count: number, random: () => number): ScreeningQuery[] {
  const cultures = Object.keys(CULTURES);
  const kinds = ['typo1', 'swap', 'translit', 'typo2'] as const;
  return Array.from({ length: count }, (_, i) => {
    if (i % 3 === 0) return { name: pick(random, names) };
    if (i % 3 === 1) return { name: variant(pick(random, names), pick(random, kinds), random) ?? pick(random, names) };
    return { name: syntheticName(random, pick(random, cultures)) };
  });
}

/**
 * Listed person names written in Chinese or katakana, each word in the first spelling the
 * Wikidata pairs eval:screening reads give it: the slowest queries there are, as they are read in
 * several spellings by ear.
 */
export function heardNames(entities: IndexedEntity[], script: 'chinese' | 'katakana', separator: string): ScreeningQuery[] {
  const spelling = new Map<string, string>();
  for (const [latin, native] of readTsvGz(resolve(DATA, 'names/wikidata_transliteration', `wd_${script}_80.tsv.gz`))) {
    if (!spelling.has(latin!)) spelling.set(latin!, native!.replace(/\s+/g, ''));
  }
  const out: ScreeningQuery[] = [];
  for (const e of entities) {
    const words = e.entity.type === 'person' ? e.entity.names[0]!.full.toLowerCase().split(/[\s-]+/) : [];
    if (words.length >= 2 && words.every((w) => spelling.has(w))) out.push({ name: words.map((w) => spelling.get(w)!).join(separator) });
    if (out.length >= 400) break;
  }
  return out;
}
