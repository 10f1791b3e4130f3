/**
 * First-pass speed of this build of the matcher against another one, in one process.
 * Usage: npx tsx --import ./bench/built.mjs bench/screening-ab.ts --base ../other-clone
 *        [--sets 8] [--queries 3000]
 *
 * The machines these benchmarks run on share their host, whose speed drifts within minutes, so
 * two benchmark runs one after the other compare badly. Here both builds (this one's dist/ and
 * the other clone's, each built) index the real lists side by side, and take turns on sets of
 * queries neither has seen (the benchmark's mix, a new seed per set), in alternating order:
 * drift hits both alike. Each set is a first pass for both. Prints each build's queries per
 * second per set, of elapsed time and of CPU time (the process's: descheduling by other work
 * does not count in it, its garbage collector's helper threads do), and the median ratios.
 * Both builds must answer every query alike.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { ScreeningIndex, type IndexedEntity, type ScreeningQuery } from '../src/screening/matcher/matcher.js';
import { printHostSpeed } from './host-speed.js';
import { loadLists, rng } from './screening-data.js';
import { queryMix } from './screening-queries.js';

const { values } = parseArgs({ options: { base: { type: 'string' }, sets: { type: 'string', default: '8' }, queries: { type: 'string', default: '3000' } } });
if (!values.base) throw new Error('--base DIR: a clone whose dist/ holds the build to compare with');

interface Index {
  search(query: ScreeningQuery): unknown[];
}

/** Queries per second of elapsed time and of the process's CPU time (which a busy host's other work does not inflate). */
function timed(index: Index, queries: ScreeningQuery[]): { qps: number; cpu: number; results: unknown[][] } {
  const results: unknown[][] = [];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const q of queries) results.push(index.search(q));
  const c = process.cpuUsage(c0);
  return { qps: queries.length / ((performance.now() - t0) / 1000), cpu: queries.length / ((c.user + c.system) / 1e6), results };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function main(): Promise<void> {
  const baseModule = pathToFileURL(resolve(values.base!, 'dist/screening/matcher/matcher.js')).href;
  const Base = ((await import(baseModule)) as { ScreeningIndex: { build(source: Iterable<IndexedEntity>): Index } }).ScreeningIndex;
  const lists = await loadLists({ excerpts: true });
  const names = lists.flatMap((e) => e.entity.names.filter((n) => n.kind !== 'original_script').map((n) => n.full));
  const builds: Array<[string, Index]> = [
    ['base', Base.build(lists)],
    ['this', ScreeningIndex.build(lists)],
  ];
  const warm = queryMix(names, 2000, rng(7));
  for (const [, index] of builds) timed(index, warm);
  const rates: Record<string, number[]> = { base: [], this: [] };
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let set = 0; set < Number(values.sets); set++) {
    const queries = queryMix(names, Number(values.queries), rng(1000 + set));
    const order = set % 2 === 0 ? builds : [...builds].reverse();
    const runs = new Map(order.map(([label, index]) => [label, timed(index, queries)] as const));
    const base = runs.get('base')!;
    const mine = runs.get('this')!;
    if (!isDeepStrictEqual(base.results, mine.results)) throw new Error(`set ${set}: the builds answer differently`);
    rates.base!.push(base.qps);
    rates.this!.push(mine.qps);
    ratios.push(mine.qps / base.qps);
    cpuRatios.push(mine.cpu / base.cpu);
    console.log(
      `set ${set}: base ${Math.round(base.qps)} q/s, this ${Math.round(mine.qps)} q/s (×${(mine.qps / base.qps).toFixed(2)}); ` +
        `per CPU second: base ${Math.round(base.cpu)}, this ${Math.round(mine.cpu)} (×${(mine.cpu / base.cpu).toFixed(2)})`,
    );
  }
  console.log(`median: base ${Math.round(median(rates.base!))} q/s, this ${Math.round(median(rates.this!))} q/s, ratio ×${median(ratios).toFixed(3)}; per CPU second ×${median(cpuRatios).toFixed(3)}`);
}

printHostSpeed('before');
await main();
printHostSpeed('after');
