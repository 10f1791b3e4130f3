import { closeSync, fsync, openSync } from 'node:fs';
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult, TransactionSettings } from 'kysely';
import type SQLite from 'better-sqlite3';
import { VigilError } from '../core/errors.js';
import { DbErrors } from './errors.js';

/**
 * Makes SQLite commits durable against power loss without stopping the event loop.
 *
 * With `synchronous = FULL`, SQLite fsyncs the write-ahead log inside COMMIT, on the one thread
 * that also parses every request: a commit costs 1–10 ms of a stalled process, the more so on
 * a busy disk. The store instead runs SQLite at `synchronous = NORMAL` (COMMIT writes the log but
 * does not sync it) and syncs the log here, on libuv's thread pool, before anyone is told that a
 * commit happened: a group commit answers its transactions once the sync that follows it has
 * finished, and meanwhile the next group runs. An fsync covers everything written to the file
 * before it started, so one sync answers every commit made until then.
 *
 * What a crash can lose is therefore what FULL can lose: commits not yet answered. A reader on the
 * same process may see a commit whose sync is still running (a few milliseconds); its writer has
 * not been answered then, and a retry of it waits for the sync (see `Database.durable`).
 *
 * The log file keeps its inode while the store is open (SQLite deletes it only when the last
 * connection closes), so the descriptor opened on the first sync stays the right one.
 */
export class WalSync {
  private fd: number | null = null;
  /** The sync running now, and the one that will start after it (shared by everyone who asks meanwhile). */
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private failed: Error | null = null;

  /** `syncFile`: node's `fs.fsync`, or a stand-in that tests can watch. */
  constructor(
    private readonly walFile: string,
    private readonly syncFile: typeof fsync = fsync,
  ) {}

  /** Why the log can no longer be synced, once a sync failed. */
  get failure(): Error | null {
    return this.failed;
  }

  /** Resolves once everything committed so far is on disk. */
  sync(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (!this.running) return (this.running = this.start());
    // The running sync may have started before the caller's commit was written: it needs the next one.
    this.next ??= this.running.then(
      () => this.sync(),
      () => this.sync(),
    );
    return this.next;
  }

  /** Resolves once every sync asked for so far has finished (nothing to wait for when idle). */
  settled(): Promise<void> {
    return (this.next ?? this.running ?? Promise.resolve()).catch(() => undefined).then(() => (this.failed ? Promise.reject(this.failed) : undefined));
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private start(): Promise<void> {
    this.next = null;
    return new Promise<void>((resolve, reject) => {
      const done = (err: Error | null) => {
        this.running = null;
        if (err) {
          // After a failed fsync the kernel may have dropped the dirty pages and a retry can report
          // success for data it never wrote: the store refuses further commits instead.
          this.failed = new VigilError(DbErrors.DATABASE_SYNC_FAILED, `the disk refused to sync ${this.walFile} (${err.message}); commits since the last sync may be lost: check the disk and restart Vigil`, { file: this.walFile }, { cause: err });
          reject(this.failed);
        } else resolve();
      };
      try {
        this.fd ??= openSync(this.walFile, 'r+');
      } catch (err) {
        done(err as Error);
        return;
      }
      this.syncFile(this.fd, done);
    });
  }
}

/**
 * Kysely's SQLite driver with `WalSync` behind every commit it makes itself: a write outside a
 * transaction, or a `commit`, resolves only once synced. `deferred`: commit statements whose
 * caller waits for the sync itself (the group commit, which meanwhile lets the next group run).
 */
export function syncingDriver(inner: Driver, native: SQLite.Database, wal: WalSync, deferred: ReadonlySet<CompiledQuery>, lastStatement: () => SQLite.Statement | null): Driver {
  let dirty = false;
  const wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const wrap = (conn: DatabaseConnection): DatabaseConnection => {
    let w = wrapped.get(conn);
    if (!w) {
      w = {
        async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
          const result = await conn.executeQuery<R>(query);
          // Transaction control statements count as read-only: writes are seen on the statements themselves.
          if (lastStatement()?.readonly === false) dirty = true;
          if (dirty && !native.inTransaction) {
            dirty = false;
            if (!deferred.has(query) && !/^\s*rollback\s*$/i.test(query.sql)) await wal.sync();
          }
          return result;
        },
        streamQuery: (query, chunkSize) => conn.streamQuery(query, chunkSize),
      };
      wrapped.set(conn, w);
    }
    return w;
  };
  return {
    init: () => inner.init(),
    acquireConnection: async () => wrap(await inner.acquireConnection()),
    beginTransaction: (conn: DatabaseConnection, settings: TransactionSettings) => inner.beginTransaction(conn, settings),
    commitTransaction: (conn: DatabaseConnection) => inner.commitTransaction(conn),
    rollbackTransaction: (conn: DatabaseConnection) => inner.rollbackTransaction(conn),
    releaseConnection: (conn: DatabaseConnection) => inner.releaseConnection(conn),
    destroy: async () => {
      await inner.destroy();
      wal.close();
    },
    ...(inner.savepoint ? { savepoint: inner.savepoint.bind(inner) } : {}),
    ...(inner.rollbackToSavepoint ? { rollbackToSavepoint: inner.rollbackToSavepoint.bind(inner) } : {}),
    ...(inner.releaseSavepoint ? { releaseSavepoint: inner.releaseSavepoint.bind(inner) } : {}),
  };
}
