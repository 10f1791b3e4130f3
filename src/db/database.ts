import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, sql, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Config } from '../config/config.js';
import { VigilError } from '../core/errors.js';
import { flushCommitScope, newCommitScope, withCommitWork } from './commit-work.js';
import { DbErrors } from './errors.js';
import { prepareRepeatedStatements } from './pg-prepared.js';
import { startCheckpointer } from './wal-checkpointer.js';
import { syncingDriver, WalSync } from './wal-sync.js';
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
 * in use twice at once. `last` is the statement prepared most recently: the one running, or
 * just run, on the connection.
 */
function withStatementCache(native: SQLite.Database, max = 512): SqliteDatabase & { last(): SQLite.Statement | null } {
  const cache = new Map<string, SQLite.Statement>();
  let last: SQLite.Statement | null = null;
  return {
    close: () => native.close(),
    last: () => last,
    prepare(text: string) {
      let stmt = cache.get(text);
      if (stmt) {
        cache.delete(text);
      } else {
        stmt = native.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, stmt);
      return (last = stmt);
    },
  };
}

function openSqlite<S>(config: Readonly<Config>, name: string): Database<S> {
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, name);
  const native = new SQLite(file, { timeout: config.database.busyTimeoutMs });
  native.pragma('journal_mode = WAL');
  // FULL makes every commit durable against power loss, not only process crashes: SQLite itself
  // then syncs nothing at commit (NORMAL), and WalSync syncs the log off the event loop before
  // the commit is answered.
  const wal = config.database.sqliteSynchronous === 'FULL' ? new WalSync(`${file}-wal`) : null;
  native.pragma('synchronous = NORMAL');
  native.pragma('foreign_keys = ON');
  // Each grouped transaction runs in a savepoint, and SQLite copies every page a savepoint first
  // changes into a sub-journal, a temporary file by default; in memory an insert there costs 10 µs
  // instead of 25 (in-process sign-ups 411–487 → 504–587/s, alternating runs). A sub-journal holds
  // one savepoint's pages; sorts and temporary tables without an index also stay in memory now.
  native.pragma('temp_store = MEMORY');
  const database = withStatementCache(native);
  const dialect = new SqliteDialect({ database });
  if (wal) {
    const createDriver = dialect.createDriver.bind(dialect);
    dialect.createDriver = () => syncingDriver(createDriver(), native, wal, GROUP_COMMITS, database.last);
  }
  const db = new Kysely<S>({ dialect });
  const checkpointer = startCheckpointer(file, native);
  const caps: Capabilities = { dialect: 'sqlite', skipLocked: false, rowLocks: false, writableCte: false };
  return {
    db,
    caps,
    description: `sqlite:${file}`,
    transaction: groupCommit(db, config.database.busyTimeoutMs, wal),
    durable: () => wal?.settled() ?? Promise.resolve(),
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    },
  };
}

/**
 * A group of transactions stops taking more after this long, so plain reads waiting for the
 * connection are not held up longer. Under a stream of sign-ups (about 3 ms of statements each)
 * 10 ms made groups of 3 and spent a fifth of the time in commits; 30 ms took 10–45 % more
 * sign-ups per second over HTTP, with lower p50 and p99 latency (bench:signup). A group ends
 * sooner whenever no transaction is waiting.
 */
const GROUP_MS = 30;
const GROUP_MAX = 256;

/** The group's own statements, compiled once: each sign-up runs two of them. */
const TX = {
  begin: CompiledQuery.raw('begin immediate'),
  savepoint: CompiledQuery.raw('savepoint vigil_tx'),
  release: CompiledQuery.raw('release savepoint vigil_tx'),
  rollbackToSavepoint: CompiledQuery.raw('rollback to savepoint vigil_tx'),
  commit: CompiledQuery.raw('commit'),
  rollback: CompiledQuery.raw('rollback'),
};

/** The group commit waits for the log's sync itself, without holding the connection. */
const GROUP_COMMITS: ReadonlySet<CompiledQuery> = new Set([TX.commit]);

interface Queued<S> {
  fn: (trx: Executor<S>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * SQLite transactions with group commit. There is one connection, so transactions run one after
 * the other anyway; those that queue up while one runs join it, each in its own savepoint, and
 * share one durable commit — the commit (a write and fsync of the log) costs as much as a whole
 * sign-up's statements. Each caller's promise settles only after that commit: a transaction that
 * fails is rolled back to its savepoint alone, a commit that fails fails every transaction in it.
 * Work the transactions keep for the commit (`atCommit`: personal data for the vault, events) and
 * the work they deferred (audit records) is written once for the group, just before it commits;
 * if that fails, so does the group.
 * BEGIN IMMEDIATE takes the write lock up front so another process (the CLI) cannot make the
 * transaction fail half-way with SQLITE_BUSY_SNAPSHOT.
 */
function groupCommit<S>(db: Kysely<S>, busyTimeoutMs: number, wal: WalSync | null): Database<S>['transaction'] {
  const queue: Array<Queued<S>> = [];
  let running = false;

  async function runGroup(conn: Executor<S>): Promise<void> {
    await conn.executeQuery(TX.begin).catch((raw: unknown) => {
      const err = busy(raw, busyTimeoutMs);
      for (const item of queue.splice(0)) item.reject(err);
      throw err;
    });
    const done: Array<{ item: Queued<S>; result: unknown }> = [];
    const commit = newCommitScope();
    const started = performance.now();
    try {
      let yielded = false;
      for (;;) {
        if (done.length >= GROUP_MAX || performance.now() - started >= GROUP_MS) break;
        if (queue.length === 0) {
          // The statements run synchronously, so requests waiting on the socket are read only
          // when the event loop gets a turn: give it one, once, before committing without them.
          if (yielded) break;
          yielded = true;
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        const item = queue.shift()!;
        await conn.executeQuery(TX.savepoint);
        try {
          const result = await withCommitWork(conn, () => item.fn(conn), commit);
          await conn.executeQuery(TX.release);
          done.push({ item, result });
        } catch (err) {
          item.reject(err);
          await conn.executeQuery(TX.rollbackToSavepoint);
          await conn.executeQuery(TX.release);
        }
      }
      await flushCommitScope(commit);
      await conn.executeQuery(TX.commit);
    } catch (err) {
      await conn.executeQuery(TX.rollback).catch(() => undefined);
      for (const { item } of done) item.reject(err);
      return;
    }
    // Answered once the log is synced; the connection is free for the next group meanwhile.
    const settle = () => {
      for (const { item, result } of done) item.resolve(result);
    };
    if (!wal || done.length === 0) settle();
    else wal.sync().then(settle, (err: unknown) => {
      for (const { item } of done) item.reject(err);
    });
  }

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queue.length > 0) await db.connection().execute((conn) => runGroup(conn).catch(() => undefined));
    } finally {
      running = false;
    }
  }

  return <T>(fn: (trx: Executor<S>) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      if (wal?.failure) {
        reject(wal.failure);
        return;
      }
      queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!running) void drain();
    });
}

/** SQLITE_BUSY as an error a person can act on: another process (a server, the CLI) kept writing. */
function busy(err: unknown, timeoutMs: number): unknown {
  if ((err as { code?: unknown }).code !== 'SQLITE_BUSY') return err;
  return new VigilError(DbErrors.DATABASE_BUSY, `another process kept the SQLite database's write lock for more than ${timeoutMs} ms (database.busyTimeoutMs); retry, or raise the timeout`, { busyTimeoutMs: timeoutMs });
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
  if (config.database.preparedStatements) pool.on('connect', (client) => prepareRepeatedStatements(client));
  const db = new Kysely<S>({ dialect: new PostgresDialect({ pool }) });
  const caps: Capabilities = { dialect: 'postgres', skipLocked: true, rowLocks: true, writableCte: true };
  return {
    db,
    caps,
    pgSchema: options.pgSchema ?? 'public',
    description: redactUrl(url) + (options.pgSchema ? ` (schema ${options.pgSchema})` : ''),
    transaction: (fn) => db.transaction().execute((trx) => withCommitWork(trx, () => fn(trx))),
    // PostgreSQL shows a commit to others only once it is durable.
    durable: () => Promise.resolve(),
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
      await createSchema(admin, options.pgSchema);
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

/**
 * CREATE SCHEMA IF NOT EXISTS is not safe against itself: of two nodes starting at once on a new
 * database, the one that loses fails with a unique violation on the catalogue (or duplicate_schema)
 * instead of finding the schema. By then the schema exists, so asking again succeeds.
 */
async function createSchema(admin: pg.Client, schema: string): Promise<void> {
  try {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P06') throw err;
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  }
}

function unavailable(url: string, err: unknown): VigilError {
  return new VigilError(
    DbErrors.DATABASE_UNAVAILABLE,
    `cannot connect to PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`,
    { url: redactUrl(url) },
    { cause: err },
  );
}
