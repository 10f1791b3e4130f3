/**
 * Sign-up gate speed.
 * - In process, on SQLite: the checks alone (email, IP and phone intelligence on the bundled data,
 *   no DNS, no minFraud) and the judgement, per sign-up; then the whole gate with its transaction
 *   (velocity counters, link graph, customer, vault, decision, audit, event), one at a time and
 *   many at once (as a server meets them, sharing group commits), with the CPU time each takes.
 * - Over HTTP against a real `vigil serve` on each store: decisions per second; on PostgreSQL
 *   also with two server processes (`--workers 2`), one per core.
 * Usage: npm run bench:signup [-- --requests 3000 --concurrency 32]
 */
import { parseArgs } from 'node:util';
import { judgeSignup } from '../src/onboarding/signup-rules.js';
import { dialects, testVigil } from '../test/helpers/targets.js';
import { printHostSpeed } from './host-speed.js';
import { withServer } from './served.js';
import { pct, postSignups, signupInput as input } from './signup-load.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '3000' }, concurrency: { type: 'string', default: '32' }, inproc: { type: 'string', default: '20000' } } });
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const INPROC = Number(values.inproc);

async function inProcess(): Promise<void> {
  const { vigil, close } = await testVigil('sqlite');
  try {
    const intel = await vigil.intel.current();
    const policy = vigil.policy().signup;
    const lat = new Float64Array(INPROC);
    for (let i = 0; i < INPROC; i++) {
      const t0 = performance.now();
      const x = input(i);
      const ip = intel.ip(x.ip);
      const email = intel.email(x.email);
      const phone = intel.phone(x.phone, 'GB');
      judgeSignup(
        { email: { domain: email.domain, disposable: email.disposable, matched: email.matched, allowListed: email.allowListed, mx: 'skipped' }, ip, phone, declaredCountry: 'GB', existing: null, velocity: [], links: { linked: [] }, minfraud: null },
        policy,
      );
      lat[i] = performance.now() - t0;
    }
    lat.sort();
    console.log(`in process, checks + judgement: ${INPROC} sign-ups, p50 ${(pct(lat, 50) * 1000).toFixed(1)} µs, p99 ${(pct(lat, 99) * 1000).toFixed(1)} µs`);
    const n = Math.min(3000, INPROC);
    const full = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await vigil.signups.evaluate(input(INPROC + i), 'bench');
      full[i] = performance.now() - t0;
    }
    full.sort();
    console.log(`in process, whole gate with its SQLite transaction: ${n} sign-ups one at a time, p50 ${pct(full, 50).toFixed(2)} ms, p99 ${pct(full, 99).toFixed(2)} ms`);
    // As a server meets them: many at once, sharing group commits and log syncs.
    const together = new Float64Array(n);
    let next = 0;
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < n) {
          const i = next++;
          const t0 = performance.now();
          await vigil.signups.evaluate(input(INPROC + n + i), 'bench');
          together[i] = performance.now() - t0;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    together.sort();
    console.log(`in process, whole gate, ${CONCURRENCY} at a time: ${(n / seconds).toFixed(0)} sign-ups/s, CPU ${((cpu.user + cpu.system) / n).toFixed(0)} µs each, p50 ${pct(together, 50).toFixed(2)} ms, p99 ${pct(together, 99).toFixed(2)} ms`);
  } finally {
    await close();
  }
}

async function overHttp(dialect: 'sqlite' | 'postgres', workers = 1): Promise<void> {
  await withServer(dialect, CONCURRENCY, async (pool, token, serverPid) => {
    const r = await postSignups(pool, token, workers > 1 ? null : serverPid, 0, REQUESTS, CONCURRENCY);
    console.log(`${`${dialect}${workers > 1 ? ` ×${workers}` : ''}`.padEnd(12)} HTTP: ${r.perSecond.toFixed(0)} decisions/s, p50 ${pct(r.latencies, 50).toFixed(1)} ms, p99 ${pct(r.latencies, 99).toFixed(1)} ms, CPU per decision: server ${r.serverCpu === null ? 'not measured (several processes)' : `${r.serverCpu.toFixed(0)} µs`}, load generator ${r.clientCpu.toFixed(0)} µs, errors ${r.errors}, ${JSON.stringify(r.actions)}`);
  }, workers > 1 ? { VIGIL_WORKERS: String(workers) } : {});
}

console.log(`bench:signup — ${INPROC} in-process checks, ${REQUESTS} HTTP sign-ups per store over ${CONCURRENCY} connections (one server process unless marked ×N, load generator on the same machine)`);
printHostSpeed('before');
await inProcess();
const stores = await dialects();
for (const dialect of stores) await overHttp(dialect);
// PostgreSQL takes several server processes (vigil serve --workers): one per core.
if (stores.includes('postgres')) await overHttp('postgres', 2);
printHostSpeed('after');
