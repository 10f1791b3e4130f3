import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createVigil, type ComposeOptions, type Vigil } from '../../src/app/composition.js';
import { loadConfig, type Config } from '../../src/config/config.js';

export const PG_URL = process.env.VIGIL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export type DialectName = 'sqlite' | 'postgres';

/**
 * The stores tests run against: both by default, narrowed with VIGIL_TEST_DIALECTS=sqlite|postgres.
 * Without a PostgreSQL server the postgres runs are skipped with a message, except in CI where
 * that is a failure.
 */
export async function dialects(): Promise<DialectName[]> {
  const wanted = (process.env.VIGIL_TEST_DIALECTS ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as DialectName[];
  if (!wanted.includes('postgres')) return wanted;
  if (await postgresReachable()) return wanted;
  if (process.env.CI) throw new Error(`PostgreSQL is not reachable at ${PG_URL}; CI must start it (.ci/run does)`);
  console.warn(`[vigil tests] PostgreSQL not reachable at ${PG_URL}: skipping the postgres runs`);
  return wanted.filter((d) => d !== 'postgres');
}

export interface TestStore {
  dialect: DialectName;
  config: Readonly<Config>;
  pgSchema?: string;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** A fresh, empty store: a temp directory for SQLite, a new schema for PostgreSQL. */
export async function freshStore(dialect: DialectName, env: Record<string, string> = {}): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-test-'));
  const config = loadConfig({
    env: { VIGIL_DATA_DIR: dataDir, VIGIL_LOG_LEVEL: 'silent', ...(dialect === 'postgres' ? { VIGIL_DATABASE_URL: PG_URL } : {}), ...env },
    cwd: dataDir,
  });
  const pgSchema = dialect === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  return {
    dialect,
    config,
    dataDir,
    ...(pgSchema ? { pgSchema } : {}),
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
      if (pgSchema) {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);
        await client.query(`DROP SCHEMA IF EXISTS ${pgSchema}_vault CASCADE`);
        await client.end();
      }
    },
  };
}

export async function openVigil(store: TestStore, options: ComposeOptions = {}): Promise<Vigil> {
  return createVigil(store.config, { ...options, ...(store.pgSchema ? { pgSchema: store.pgSchema } : {}) });
}

/** A fresh store with Vigil composed on it; `close` tears both down. */
export async function testVigil(dialect: DialectName, options: ComposeOptions = {}, env: Record<string, string> = {}) {
  const store = await freshStore(dialect, env);
  const vigil = await openVigil(store, options);
  return {
    vigil,
    store,
    async close() {
      await vigil.close();
      await store.cleanup();
    },
  };
}
