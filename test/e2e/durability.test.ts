import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPgDatabase, runCli, startServe, type ServeProcess } from '../helpers/process.js';
import { dialects } from '../helpers/targets.js';

const targets = await dialects();

interface Webhook {
  id: string;
  description: string | null;
}

async function createKey(env: Record<string, string>, data: string): Promise<string> {
  const res = await runCli(['keys', 'create', '--role', 'service', '--data', data], env);
  if (res.code !== 0) throw new Error(res.stderr);
  return res.stdout.trim();
}

function poster(base: string, token: string) {
  return async (key: string): Promise<{ status: number; body: Webhook }> => {
    const res = await fetch(`${base}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ url: 'https://hooks.example.test/in', events: ['decision.recorded'], description: key }),
    });
    return { status: res.status, body: (await res.json()) as Webhook };
  };
}

async function listWebhooks(base: string, token: string): Promise<Webhook[]> {
  const res = await fetch(`${base}/v1/webhooks`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { data: Webhook[] }).data;
}

describe.each(targets)('durability on %s', (dialect) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(): Promise<{ env: Record<string, string>; data: string }> {
    const data = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));
    cleanups.push(async () => rmSync(data, { recursive: true, force: true }));
    if (dialect === 'sqlite') return { env: {}, data };
    const db = await freshPgDatabase();
    cleanups.push(db.drop);
    return { env: { VIGIL_DATABASE_URL: db.url }, data };
  }

  it('keeps every acknowledged POST exactly once across a kill -9 in the middle of a burst', async () => {
    const { env, data } = await setup();
    const token = await createKey(env, data);
    let server: ServeProcess = await startServe(['--data', data], env);
    cleanups.push(() => server.stop());

    const keys = Array.from({ length: 400 }, (_, i) => `burst-${i}`);
    const acked = new Map<string, string>();
    const post = poster(server.url, token);
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < keys.length) {
        const key = keys[next++]!;
        try {
          const res = await post(key);
          if (res.status === 201) acked.set(key, res.body.id);
        } catch {
          // connection dropped by the kill: not acknowledged
        }
        if (!killed && acked.size >= 120) {
          killed = true;
          await server.kill9();
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));
    expect(killed).toBe(true);
    expect(acked.size).toBeGreaterThanOrEqual(120);
    expect(acked.size).toBeLessThan(keys.length);

    server = await startServe(['--data', data], env);
    const after = await listWebhooks(server.url, token);
    const ids = after.map((w) => w.id);
    for (const [, id] of acked) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);

    // Retrying every key (as a client would after the outage) creates each webhook once.
    const retry = poster(server.url, token);
    for (const key of keys) {
      const res = await retry(key);
      expect(res.status).toBe(201);
      if (acked.has(key)) expect(res.body.id).toBe(acked.get(key));
    }
    const final = await listWebhooks(server.url, token);
    expect(final).toHaveLength(keys.length);
    expect(new Set(final.map((w) => w.description)).size).toBe(keys.length);
    await server.stop();

    const verify = await runCli(['audit', 'verify', '--json', '--data', data], env);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, checked: keys.length + 1 });
  });

  if (dialect === 'sqlite') {
    it('lets the CLI write to the store while the server is busy writing', async () => {
      const { env, data } = await setup();
      const token = await createKey(env, data);
      const server = await startServe(['--data', data], env);
      cleanups.push(() => server.stop());
      const post = poster(server.url, token);
      const burst = Promise.all(Array.from({ length: 200 }, (_, i) => post(`side-${i}`)));
      const cli = await Promise.all(Array.from({ length: 4 }, () => createKey(env, data)));
      const results = await burst;
      expect(results.every((r) => r.status === 201)).toBe(true);
      expect(cli.every((t) => t.startsWith('vigil_'))).toBe(true);
      const verify = await runCli(['audit', 'verify', '--json', '--data', data], env);
      expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, checked: 200 + 5 });
    });
  }

  if (dialect === 'postgres') {
    it('two servers on one database answer concurrent idempotent POSTs without duplicates or a forked chain', async () => {
      const { env, data } = await setup();
      // Both start on an empty database at once: their migrations must not collide.
      const [a, b] = await Promise.all([startServe(['--data', join(data, 'a')], env), startServe(['--data', join(data, 'b')], env)]);
      cleanups.push(() => a.stop(), () => b.stop());
      const token = await createKey(env, data);
      const postA = poster(a.url, token);
      const postB = poster(b.url, token);
      const keys = Array.from({ length: 150 }, (_, i) => `multi-${i}`);
      const results = await Promise.all(keys.flatMap((k) => [postA(k), postB(k), postA(k), postB(k)]));
      expect(results.every((r) => r.status === 201)).toBe(true);
      for (let i = 0; i < keys.length; i++) {
        const group = results.slice(i * 4, i * 4 + 4).map((r) => r.body.id);
        expect(new Set(group).size).toBe(1);
      }
      const list = await listWebhooks(a.url, token);
      expect(list).toHaveLength(keys.length);
      const verify = await runCli(['audit', 'verify', '--json', '--data', data], env);
      expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, checked: keys.length + 1 });
    });
  }
});
