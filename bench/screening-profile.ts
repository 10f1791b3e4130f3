/**
 * The first pass of bench/screening.bench.ts on the real lists alone, for profiling and for
 * comparing two builds of the matcher.
 * Usage: npx tsx --import ./bench/built.mjs bench/screening-profile.ts [--queries 20000]
 *        [--profile DIR] [--digest]
 *
 * The same queries as the benchmark's (same seed, same mix), the same 2,000 warm-up queries,
 * then the first pass timed. `--profile DIR` writes a CPU profile of the timed pass alone (not
 * of loading the lists or building the index) into DIR. Queries per second are also given per
 * second of the process's CPU time, which other work on a busy host does not inflate. `--repeat` times (and profiles) the
 * same queries once more, as the benchmark's repeated pass. `--digest` prints a hash of every
 * result of the pass and of the benchmark's Chinese and katakana queries (matches, scores and
 * explanations), so that two builds can be shown to answer alike.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ScreeningIndex, type ScreeningQuery } from '../src/screening/matcher/matcher.js';
import { printHostSpeed } from './host-speed.js';
import { loadLists, rng } from './screening-data.js';
import { heardNames, queryMix } from './screening-queries.js';

const { values } = parseArgs({ options: { queries: { type: 'string', default: '20000' }, profile: { type: 'string' }, repeat: { type: 'boolean', default: false }, digest: { type: 'boolean', default: false } } });
const random = rng(7);

/** Times the queries one after another; with --profile, writes a CPU profile of them alone. */
async function pass(label: string, index: ScreeningIndex, queries: ScreeningQuery[], results: unknown[] | null): Promise<void> {
  const session = values.profile ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const latencies = new Float64Array(queries.length);
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < queries.length; i++) {
    const t = performance.now();
    const r = index.search(queries[i]!);
    latencies[i] = performance.now() - t;
    results?.push(r);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuUsed = process.cpuUsage(cpu);
  const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync(values.profile!, { recursive: true });
    const file = resolve(values.profile!, `${label}-pass-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`profile written to ${file}`);
  }
  latencies.sort();
  const at = (p: number) => (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! * 1000).toFixed(0);
  console.log(`${label} pass: ${Math.round(queries.length / seconds)} queries/s, p50 ${at(50)} µs, p99 ${at(99)} µs (${Math.round(queries.length / cpuSeconds)} per CPU second)`);
}

async function main(): Promise<void> {
  const lists = await loadLists({ excerpts: true });
  const names = lists.flatMap((e) => e.entity.names.filter((n) => n.kind !== 'original_script').map((n) => n.full));
  const queries = queryMix(names, Number(values.queries), random);
  const t0 = performance.now();
  const index = ScreeningIndex.build(lists);
  console.log(`build ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  // Kept and hashed after the timed pass, so that hashing does not count in it.
  const results: unknown[] = [];
  for (const q of queries.slice(0, 2000)) results.push(index.search(q));
  const timed = queries.slice(2000);
  await pass('first', index, timed, values.digest ? results : null);
  if (values.repeat) await pass('repeated', index, timed, null);
  if (values.digest) {
    const heard = [...heardNames(lists, 'chinese', '·'), ...heardNames(lists, 'katakana', '・')];
    for (const q of heard) results.push(index.search(q));
    const hash = createHash('sha256');
    [...queries, ...heard].forEach((q, i) => hash.update(`${q.name}\t${JSON.stringify(results[i])}\n`));
    console.log(`digest ${hash.digest('hex')}`);
  }
}

printHostSpeed('before');
await main();
printHostSpeed('after');
