/** A real `vigil serve` on a fresh store (SQLite directory or PostgreSQL database) with a service key, for the HTTP benchmarks. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { freshPgDatabase, runCli, startServe } from '../test/helpers/process.js';

export async function withServer(dialect: 'sqlite' | 'postgres', connections: number, fn: (pool: Pool, token: string, serverPid: number) => Promise<void>, extraEnv: Record<string, string> = {}): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const pg = dialect === 'postgres' ? await freshPgDatabase() : null;
  const env: Record<string, string> = pg ? { VIGIL_DATABASE_URL: pg.url } : {};
  try {
    const token = (await runCli(['keys', 'create', '--role', 'service', '--data', data], env)).stdout.trim();
    const server = await startServe(['--data', data], { ...env, VIGIL_LOG_LEVEL: 'error', ...extraEnv });
    const pool = new Pool(server.url, { connections, pipelining: 1 });
    try {
      await fn(pool, token, server.child.pid!);
    } finally {
      await pool.close();
      await server.stop();
    }
  } finally {
    rmSync(data, { recursive: true, force: true });
    await pg?.drop();
  }
}
