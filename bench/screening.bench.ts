/**
 * Speed and memory of the screening matcher.
 * Usage: npx tsx bench/screening.bench.ts [--queries 20000] [--synthetic 1000000]
 *
 * 1. Real lists: OFAC SDN 2024 and 2021 (with alt.csv aliases), OFAC consolidated, UN and the
 *    EU and UK excerpts, read with Vigil's own parsers (about 47,000 names with original-script
 *    ones).
 * 2. A synthetic index of person names from 16 cultures' name pools (1,000,000 by default).
 * For each: build time, RSS after the build, then queries on one core in a batch (no
 * concurrency, one query after another): queries per second and p50/p99 latency, first with
 * the per-word match cache cold (after 2,000 warm-up queries), then the same queries repeated.
 * Queries mix listed names, misspelt or reordered listed names and names that are not listed,
 * in equal parts. On the real lists, then 400 listed names each in Chinese and in katakana.
 */
import { parseArgs } from 'node:util';
import { ScreeningIndex, type IndexedEntity, type ScreeningQuery } from '../src/screening/matcher/matcher.js';
import { printHostSpeed } from './host-speed.js';
import { loadLists, rng, syntheticEntities } from './screening-data.js';
import { heardNames, queryMix } from './screening-queries.js';

const { values } = parseArgs({ options: { queries: { type: 'string', default: '20000' }, synthetic: { type: 'string', default: '1000000' } } });
const QUERIES = Number(values.queries);
const SYNTHETIC = Number(values.synthetic);
const random = rng(7);

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

function rss(): number {
  gc?.();
  return process.memoryUsage().rss;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function run(index: ScreeningIndex, queries: ScreeningQuery[], warm: number): { qps: number; p50: number; p99: number; hits: number } {
  for (const q of queries.slice(0, warm)) index.search(q);
  const latencies = new Float64Array(queries.length);
  let hits = 0;
  const started = performance.now();
  queries.forEach((q, i) => {
    const t0 = performance.now();
    hits += index.search(q).length > 0 ? 1 : 0;
    latencies[i] = performance.now() - t0;
  });
  const seconds = (performance.now() - started) / 1000;
  latencies.sort();
  return { qps: queries.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), hits };
}

/** `heard`: further query sets by script, made after the memory reading (they read tables of their own). */
function bench(label: string, entities: IndexedEntity[], queries: ScreeningQuery[], baseline: number, heard: Array<[string, () => ScreeningQuery[]]> = []): void {
  const t0 = performance.now();
  const index = ScreeningIndex.build(entities);
  const buildMs = performance.now() - t0;
  const memory = rss();
  const first = run(index, queries, 2000);
  // The same queries again: every word's matches are now cached, as for a customer base
  // screened again, or one whose names share their words.
  const again = run(index, queries, 0);
  const line = (r: typeof first) => `${Math.round(r.qps)} queries/s, p50 ${(r.p50 * 1000).toFixed(0)} µs, p99 ${(r.p99 * 1000).toFixed(0)} µs`;
  console.log(
    `${label}: ${index.entityCount} entities, ${index.nameCount} names | build ${(buildMs / 1000).toFixed(2)} s | ` +
      `RSS ${mb(memory)} (${mb(memory - baseline)} over the process before loading)\n` +
      `  first pass: ${line(first)} | ${first.hits}/${queries.length} queries with a match\n  repeated:   ${line(again)}`,
  );
  // All made before any is timed (and their tables collected, when gc is exposed), so that
  // collecting them does not land in a timing.
  const sets = heard.map(([script, make]) => [script, make()] as const);
  gc?.();
  for (const [script, names] of sets) {
    const firstHeard = run(index, names, 0);
    console.log(`  listed names in ${script} (${names.length}), first pass: ${line(firstHeard)} | ${firstHeard.hits} with a match\n  repeated:   ${line(run(index, names, 0))}`);
  }
}

async function main(): Promise<void> {
  const baseline = rss();
  const lists = await loadLists({ excerpts: true });
  const listNames = lists.flatMap((e) => e.entity.names.filter((n) => n.kind !== 'original_script').map((n) => n.full));
  const heard: Array<[string, () => ScreeningQuery[]]> = [
    ['Chinese', () => heardNames(lists, 'chinese', '·')],
    ['katakana', () => heardNames(lists, 'katakana', '・')],
  ];
  bench('real lists', lists, queryMix(listNames, QUERIES, random), baseline, heard);
  lists.length = 0;
  if (SYNTHETIC <= 0) return;
  const before = rss();
  const synthetic = [...syntheticEntities(SYNTHETIC, 1)];
  const names = synthetic.filter((_, i) => i % 50 === 0).map((e) => e.entity.names[0]!.full);
  bench(`synthetic ${SYNTHETIC}`, synthetic, queryMix(names, QUERIES, random), before);
}

printHostSpeed('before');
await main();
printHostSpeed('after');
