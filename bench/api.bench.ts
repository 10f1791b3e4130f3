/**
 * Idempotent POST throughput and latency against a real `vigil serve` on each store.
 * Usage: npm run bench:api [-- --requests 5000 --concurrency 32]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { freshPgDatabase, runCli, startServe } from '../test/helpers/process.js';
import { dialects } from '../test/helpers/targets.js';

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
  const data = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const pg = dialect === 'postgres' ? await freshPgDatabase() : null;
  const env: Record<string, string> = pg ? { VIGIL_DATABASE_URL: pg.url } : {};
  try {
    const created = await runCli(['keys', 'create', '--role', 'service', '--data', data], env);
    const token = created.stdout.trim();
    const server = await startServe(['--data', data], { ...env, VIGIL_LOG_LEVEL: 'error' });
    const pool = new Pool(server.url, { connections: CONCURRENCY, pipelining: 1 });
    try {
      await phase(pool, token, Array.from({ length: 200 }, (_, i) => `warm-${i}`));
      const keys = Array.from({ length: REQUESTS }, (_, i) => `bench-${i}`);
      const fresh = await phase(pool, token, keys);
      const replay = await phase(pool, token, keys);
      const fmt = (r: typeof fresh) => `${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  errors ${r.errors}`;
      console.log(`${dialect.padEnd(9)} new POST      ${fmt(fresh)}`);
      console.log(`${dialect.padEnd(9)} replayed POST ${fmt(replay)}`);
    } finally {
      await pool.close();
      await server.stop();
    }
  } finally {
    rmSync(data, { recursive: true, force: true });
    await pg?.drop();
  }
}

console.log(`bench:api — ${REQUESTS} idempotent POST /v1/webhooks per phase, ${CONCURRENCY} concurrent connections, one server process`);
for (const dialect of await dialects()) await benchStore(dialect);
