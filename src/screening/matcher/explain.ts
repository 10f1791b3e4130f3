import type { NameKind } from '../entity.js';
import type { AlignedPair } from './align.js';
import type { Factor } from './factors.js';
import type { NameTable } from './name-table.js';
import type { PreparedForm } from './query.js';
import { unaligned, type NameScore } from './score.js';
import { unpackHow, unpackSim, type MatchHow } from './token-similarity.js';

export interface MatchExplanation {
  /** The listed name (as the list writes it) that matched best. */
  matchedName: string;
  nameKind: NameKind;
  nameScore: number;
  /** Which query words aligned with which listed words, how, and how closely. */
  alignment: Array<{ query: string; candidate: string; similarity: number; how: MatchHow }>;
  unmatchedQuery: string[];
  unmatchedCandidate: string[];
  /** Each fact beyond the name and what it added to or took from the score. */
  factors: Factor[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function explain(
  form: PreparedForm,
  table: NameTable,
  row: number,
  pairs: AlignedPair[],
  score: NameScore,
  matched: { name: string; kind: NameKind },
  factors: Factor[],
): MatchExplanation {
  const start = table.rowStart[row]!;
  const listedText = (k: number) => table.vocab.infos[table.rowTokens[start + k]!]!.text;
  const queryText = (k: number) => form.tokens[k]!.info.text;
  const free = unaligned(pairs, form.tokens.length, table.rowStart[row + 1]! - start);
  // In query order: a copy sorted by insertion (stable, as Array sort is), which allocates less
  // than sorting a spread copy, and there are a few pairs only.
  const ordered: AlignedPair[] = [];
  for (const p of pairs) {
    let i = ordered.length;
    ordered.push(p);
    for (; i > 0 && ordered[i - 1]!.qStart > p.qStart; i--) ordered[i] = ordered[i - 1]!;
    ordered[i] = p;
  }
  const alignment: MatchExplanation['alignment'] = [];
  for (const p of ordered) {
    alignment.push({
      // A pair covers one word or two (a glued pair) on each side.
      query: p.qLength === 1 ? queryText(p.qStart) : `${queryText(p.qStart)} ${queryText(p.qStart + 1)}`,
      candidate: p.cLength === 1 ? listedText(p.cStart) : `${listedText(p.cStart)} ${listedText(p.cStart + 1)}`,
      similarity: round(unpackSim(p.packed)),
      how: unpackHow(p.packed),
    });
  }
  return {
    matchedName: matched.name,
    nameKind: matched.kind,
    nameScore: round(score.score),
    alignment,
    unmatchedQuery: free.query.map(queryText),
    unmatchedCandidate: free.listed.map(listedText),
    factors,
  };
}
