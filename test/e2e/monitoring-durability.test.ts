import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createVigil } from '../../src/app/composition.js';
import { loadConfig } from '../../src/config/config.js';
import { freshPgDatabase, runCli, startServe, type ServeProcess } from '../helpers/process.js';
import { dialects } from '../helpers/targets.js';

const targets = await dialects();
const BATCHES = 40;
const PER_BATCH = 250;
/** Every 25th event is a deposit from a high-risk address: one alert each, whatever the order. */
const FLAGGED_EVERY = 25;

describe.each(targets)('monitoring durability on %s', (dialect) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  // Four server starts and 10,000 events twice: 25–28 s on 2 cores, too close to the default 30 s.
  it('keeps every acknowledged event once and raises every alert once across a kill -9 during a large batch ingest', { timeout: 120_000 }, async () => {
    const data = mkdtempSync(join(tmpdir(), 'vigil-mon-dur-'));
    cleanups.push(async () => rmSync(data, { recursive: true, force: true }));
    const env: Record<string, string> = {};
    if (dialect === 'postgres') {
      const db = await freshPgDatabase();
      cleanups.push(db.drop);
      env['VIGIL_DATABASE_URL'] = db.url;
    }
    const token = (await runCli(['keys', 'create', '--role', 'service', '--data', data], env)).stdout.trim();
    let server: ServeProcess = await startServe(['--data', data], env);
    cleanups.push(() => server.stop());
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    for (let c = 0; c < 10; c++) {
      const res = await fetch(`${server.url}/v1/customers`, { method: 'POST', headers: { ...headers, 'idempotency-key': `c${c}` }, body: JSON.stringify({ type: 'person', externalRef: `dur-${c}`, country: 'DE', fullName: `Dura Ble ${c}` }) });
      expect(res.status).toBe(201);
    }
    const now = Date.now();
    const batches = Array.from({ length: BATCHES }, (_, b) =>
      Array.from({ length: PER_BATCH }, (_, j) => {
        const i = b * PER_BATCH + j;
        const base = { id: `dur-${i}`, customerRef: `dur-${i % 10}`, occurredAt: new Date(now - 3_600_000 + i).toISOString() };
        return i % FLAGGED_EVERY === 0
          ? { ...base, type: 'crypto.deposit', data: { amount: 0.5, asset: 'BTC', address: `bc1qdur${i}`, addressRisk: 95 } }
          : { ...base, type: 'proxy.usage', data: { host: `h${i % 50}.example`, port: 443, requests: 1 } };
      }),
    );
    const send = (base: string, batch: object[]) => fetch(`${base}/v1/events`, { method: 'POST', headers, body: JSON.stringify(batch) });

    const acked = new Set<number>();
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < batches.length) {
        const b = next++;
        try {
          const res = await send(server.url, batches[b]!);
          if (res.status === 200) acked.add(b);
        } catch {
          // the connection died with the server: not acknowledged
        }
        if (!killed && acked.size >= 12) {
          killed = true;
          await server.kill9();
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    expect(killed).toBe(true);
    expect(acked.size).toBeLessThan(BATCHES);

    server = await startServe(['--data', data], env);
    const settle = async () => {
      for (let i = 0; i < 300; i++) {
        const s = (await (await fetch(`${server.url}/v1/monitoring/status`, { headers })).json()) as { lag: number };
        if (s.lag === 0) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the rule processor did not catch up');
    };
    await settle();
    const countFor = async (ids: string[]) => {
      await server.stop();
      const vigil = await createVigil(loadConfig({ env: { VIGIL_DATA_DIR: data, VIGIL_LOG_LEVEL: 'silent', ...env }, cwd: data }));
      try {
        const events = await vigil.database.db.selectFrom('monitoring_events').select('event_id').where('event_id', 'in', ids).execute();
        const alerts = await vigil.database.db.selectFrom('alerts').select(['data']).where('kind', '=', 'monitoring').execute();
        // Only the per-event rule: the per-customer ones (many crypto addresses) depend on arrival order.
        const perEvent = alerts.map((a) => JSON.parse(a.data) as { ruleId: string; triggeredBy: string }).filter((a) => a.ruleId === 'crypto_high_risk_address');
        return { events: events.map((e) => e.event_id), triggered: perEvent.map((a) => a.triggeredBy) };
      } finally {
        await vigil.close();
        server = await startServe(['--data', data], env);
      }
    };
    const ackedIds = [...acked].flatMap((b) => batches[b]!.map((e) => e.id));
    const afterCrash = await countFor(ackedIds);
    expect(afterCrash.events.sort()).toEqual([...ackedIds].sort());
    const flaggedAcked = ackedIds.filter((id) => Number(id.slice(4)) % FLAGGED_EVERY === 0);
    for (const id of flaggedAcked) expect(afterCrash.triggered.filter((t) => t === id)).toHaveLength(1);

    // The client resends everything it was not sure of, and some it was: each event and alert exists once.
    for (const batch of batches) expect((await send(server.url, batch)).status).toBe(200);
    await settle();
    const allIds = batches.flat().map((e) => e.id);
    const final = await countFor(allIds);
    expect(final.events).toHaveLength(allIds.length);
    expect(final.triggered.sort()).toEqual(allIds.filter((id) => Number(id.slice(4)) % FLAGGED_EVERY === 0).sort());
    await server.stop();
  });
});
