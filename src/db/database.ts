import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Config } from '../config/config.js';
import { VigilError } from '../core/errors.js';
import { DbErrors } from './errors.js';
import type { Capabilities, Database, Executor } from './executor.js';
import type { Schema } from './schema.js';

// int8 (bigint) and numeric counts come back as strings by default; our sequences stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface OpenDatabaseOptions {
  /** PostgreSQL schema to use (created when missing); tests isolate themselves with it. */
  pgSchema?: string;
  /** SQLite file name under the data directory (default `vigil.db`). */
  sqliteFile?: string;
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements can be reused, and preparing is
 * a tenth of a write's CPU time. One connection and Kysely's mutex mean a statement is never
 * in use twice at once.
 */
function withStatementCache(native: SQLite.Database, max = 512): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => native.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (stmt) {
        cache.delete(text);
      } else {
        stmt = native.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, stmt);
      return stmt;
    },
  };
}

interface Pending<S> {
  fn: (trx: Executor<S>) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** Transactions that arrive while one runs share its commit, up to this many. */
const MAX_GROUP = 64;

/**
 * Group commit. SQLite runs one write transaction at a time and a durable commit waits for the
 * disk, so transactions queued behind a running one are run together: one BEGIN IMMEDIATE, each
 * inside its own savepoint (a failure rolls back that one alone), one COMMIT. Nobody's result is
 * handed back before the commit that holds it succeeds; if the commit fails, every member fails.
 * A lone transaction runs exactly as before.
 */
function groupCommit<S>(db: Kysely<S>): <T>(fn: (trx: Executor<S>) => Promise<T>) => Promise<T> {
  const queue: Array<Pending<S>> = [];
  let draining = false;
  const runGroup = async (conn: Executor<S>, group: Array<Pending<S>>) => {
    try {
      await sql`begin immediate`.execute(conn);
    } catch (err) {
      for (const p of group) p.reject(err);
      return;
    }
    const done: Array<{ p: Pending<S>; result: unknown }> = [];
    for (const p of group) {
      if (group.length > 1) await sql`savepoint grouped`.execute(conn);
      try {
        const result = await p.fn(conn);
        if (group.length > 1) await sql`release savepoint grouped`.execute(conn);
        done.push({ p, result });
      } catch (err) {
        if (group.length > 1) {
          await sql`rollback to savepoint grouped`.execute(conn).catch(() => undefined);
          await sql`release savepoint grouped`.execute(conn).catch(() => undefined);
        }
        p.reject(err);
      }
    }
    if (done.length === 0) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      return;
    }
    try {
      await sql`commit`.execute(conn);
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      for (const d of done) d.p.reject(err);
      return;
    }
    for (const d of done) d.p.resolve(d.result);
  };
  const drain = async () => {
    draining = true;
    try {
      while (queue.length > 0) {
        const group = queue.splice(0, MAX_GROUP);
        const settled = group.map((p) => ({ ...p, done: false }));
        for (const p of settled) {
          const { resolve, reject } = p;
          p.resolve = (v) => ((p.done = true), resolve(v));
          p.reject = (e) => ((p.done = true), reject(e));
        }
        await db.connection().execute((conn) => runGroup(conn, settled)).catch(async (err: unknown) => {
          // A statement of the group's own (SAVEPOINT, ROLLBACK) failed: nobody may be left waiting.
          await sql`rollback`.execute(db).catch(() => undefined);
          for (const p of settled) if (!p.done) p.reject(err);
        });
      }
    } finally {
      draining = false;
    }
  };
  return <T>(fn: (trx: Executor<S>) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!draining) void drain();
    });
}

function openSqlite<S>(config: Readonly<Config>, name: string): Database<S> {
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, name);
  const native = new SQLite(file, { timeout: config.database.busyTimeoutMs });
  native.pragma('journal_mode = WAL');
  // FULL makes every commit durable against power loss, not only process crashes.
  native.pragma(`synchronous = ${config.database.sqliteSynchronous}`);
  native.pragma('foreign_keys = ON');
  const db = new Kysely<S>({ dialect: new SqliteDialect({ database: withStatementCache(native) }) });
  const caps: Capabilities = { dialect: 'sqlite', skipLocked: false };
  return {
    db,
    caps,
    description: `sqlite:${file}`,
    // better-sqlite3 has one connection; Kysely's driver serialises users of it with a mutex.
    // BEGIN IMMEDIATE takes the write lock up front so another process (the CLI) cannot make
    // the transaction fail half-way with SQLITE_BUSY_SNAPSHOT.
    transaction: groupCommit<S>(db),
    close: () => db.destroy(),
  };
}

function openPostgres<S>(config: Readonly<Config>, url: string, options: OpenDatabaseOptions): Database<S> {
  const pool = new pg.Pool({
    connectionString: url,
    max: config.database.poolSize,
    connectionTimeoutMillis: 10_000,
    ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const db = new Kysely<S>({ dialect: new PostgresDialect({ pool }) });
  const caps: Capabilities = { dialect: 'postgres', skipLocked: true };
  return {
    db,
    caps,
    pgSchema: options.pgSchema ?? 'public',
    description: redactUrl(url) + (options.pgSchema ? ` (schema ${options.pgSchema})` : ''),
    transaction: (fn) => db.transaction().execute(fn),
    close: () => db.destroy(),
  };
}

/** Opens the configured store: PostgreSQL when `database.url` is set, else SQLite under `dataDir`. */
export async function openDatabase<S = Schema>(config: Readonly<Config>, options: OpenDatabaseOptions = {}): Promise<Database<S>> {
  const url = config.database.url;
  if (!url) return openSqlite<S>(config, options.sqliteFile ?? 'vigil.db');
  if (options.pgSchema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.pgSchema)) throw new Error(`invalid schema name ${options.pgSchema}`);
    const admin = new pg.Client({ connectionString: url });
    try {
      await admin.connect();
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${options.pgSchema}`);
    } catch (err) {
      throw unavailable(url, err);
    } finally {
      await admin.end().catch(() => undefined);
    }
  }
  const database = openPostgres<S>(config, url, options);
  try {
    await sql`select 1`.execute(database.db);
  } catch (err) {
    await database.close().catch(() => undefined);
    throw unavailable(url, err);
  }
  return database;
}

function unavailable(url: string, err: unknown): VigilError {
  return new VigilError(
    DbErrors.DATABASE_UNAVAILABLE,
    `cannot connect to PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`,
    { url: redactUrl(url) },
    { cause: err },
  );
}
