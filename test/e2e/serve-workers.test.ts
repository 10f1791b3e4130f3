import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Agent, fetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPgDatabase, runCli, startServe } from '../helpers/process.js';
import { dialects } from '../helpers/targets.js';

const onPostgres = (await dialects()).includes('postgres');

/** Pids of a process's children (the server workers of a primary). */
async function childrenOf(pid: number): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ps', ['-o', 'pid=', '--ppid', String(pid)]).catch(() => ({ stdout: '' }));
  return stdout.split('\n').map((s) => Number(s.trim())).filter((n) => n > 0);
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('vigil serve --workers', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('is refused on SQLite, which has one writer', async () => {
    const data = mkdtempSync(join(tmpdir(), 'vigil-workers-'));
    cleanups.push(async () => rmSync(data, { recursive: true, force: true }));
    const res = await runCli(['serve', '--workers', '2', '--port', '0', '--data', data]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/server\.workers .* need PostgreSQL .*\[CONFIG_INVALID\]/);
  });

  it.skipIf(!onPostgres)('serves one port from several processes on PostgreSQL, replaces a worker that dies and stops them all', { timeout: 90_000 }, async () => {
    const data = mkdtempSync(join(tmpdir(), 'vigil-workers-'));
    const pg = await freshPgDatabase();
    cleanups.push(async () => {
      rmSync(data, { recursive: true, force: true });
      await pg.drop();
    });
    const env = { VIGIL_DATABASE_URL: pg.url };
    const token = (await runCli(['keys', 'create', '--role', 'service', '--data', data], env)).stdout.trim();
    const server = await startServe(['--workers', '2', '--data', data], env);
    cleanups.push(() => server.stop());
    const primary = server.child.pid!;
    const workers = await childrenOf(primary);
    expect(workers).toHaveLength(2);

    // Connections are not reused across the kill: one kept alive to the killed worker is reset.
    let dispatcher = new Agent();
    const signup = (i: number) =>
      fetch(`${server.url}/v1/signups`, {
        dispatcher,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `w-${i}` },
        body: JSON.stringify({ externalRef: `w-${i}`, email: `w.${i}@lindenpost.org`, ip: `81.2.69.${i + 1}`, declaredCountry: 'GB' }),
      }).then((r) => r.status);
    expect(await Promise.all(Array.from({ length: 20 }, (_, i) => signup(i)))).toEqual(Array(20).fill(200));

    // A worker killed outright: the other keeps serving and the primary starts a replacement.
    process.kill(workers[0]!, 'SIGKILL');
    // Until the primary has seen the exit it may still hand a new connection to the dead worker.
    await until(() => childrenOf(primary), (pids) => !pids.includes(workers[0]!));
    await dispatcher.close();
    dispatcher = new Agent();
    cleanups.push(() => dispatcher.close());
    expect(await Promise.all(Array.from({ length: 5 }, (_, i) => signup(20 + i)))).toEqual(Array(5).fill(200));
    const replaced = await until(() => childrenOf(primary), (pids) => pids.length === 2 && !pids.includes(workers[0]!));
    expect(replaced).toHaveLength(2);
    expect(replaced).not.toContain(workers[0]);

    await server.stop();
    for (const pid of replaced) expect(() => process.kill(pid, 0)).toThrow();
  });
});
