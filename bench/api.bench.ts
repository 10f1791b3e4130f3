/**
 * Idempotent POST throughput and latency against a real `vigil serve` on each store.
 * Usage: npm run bench:api [-- --requests 5000 --concurrency 32]
 */
import { parseArgs } from 'node:util';
import type { Pool } from 'undici';
import { dialects } from '../test/helpers/targets.js';
import { withServer } from './served.js';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '5000' }, concurrency: { type: 'string', default: '32' } },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function phase(pool: Pool, token: string, keys: string[]): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++]!;
      const t0 = performance.now();
      const res = await pool.request({
        path: '/v1/webhooks',
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ url: 'https://hooks.example.test/bench', events: ['decision.recorded'], description: key }),
      });
      await res.body.dump();
      latencies.push(performance.now() - t0);
      if (res.statusCode !== 201) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: keys.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

async function benchStore(dialect: 'sqlite' | 'postgres'): Promise<void> {
  await withServer(dialect, CONCURRENCY, async (pool, token) => {
    await phase(pool, token, Array.from({ length: 200 }, (_, i) => `warm-${i}`));
    const keys = Array.from({ length: REQUESTS }, (_, i) => `bench-${i}`);
    const fresh = await phase(pool, token, keys);
    const replay = await phase(pool, token, keys);
    const fmt = (r: typeof fresh) => `${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  errors ${r.errors}`;
    console.log(`${dialect.padEnd(9)} new POST      ${fmt(fresh)}`);
    console.log(`${dialect.padEnd(9)} replayed POST ${fmt(replay)}`);
  });
}

console.log(`bench:api — ${REQUESTS} idempotent POST /v1/webhooks per phase, ${CONCURRENCY} concurrent connections, one server process`);
for (const dialect of await dialects()) await benchStore(dialect);
