import { ScreeningIndex } from '../src/screening/matcher/matcher.js';
import { loadLists } from './screening-data.js';
import { normalizeName } from '../src/screening/matcher/normalize.js';
const all = await loadLists();
const idx = ScreeningIndex.build(all.map((e) => ({ ...e, entity: { ...e.entity, names: e.entity.names.filter((n) => n.kind !== 'original_script') } })));
for (const q of process.argv.slice(2)) {
  console.log(q, normalizeName(q).map((f) => f.tokens.map((t) => t.text).join(' ')).join(' | '));
  for (const h of idx.search({ name: q }, { threshold: 0.5, limit: 2 })) console.log('  →', h.matchedName, h.score, h.explanation.alignment.map((a) => `${a.query}~${a.candidate}:${a.how}:${a.similarity}`).join(','), '-', h.explanation.unmatchedQuery.join('/'), '-', h.explanation.unmatchedCandidate.join('/'));
}
