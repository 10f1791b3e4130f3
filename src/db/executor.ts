import type { Kysely } from 'kysely';
import type { Schema } from './schema.js';

/** What store functions take: the database itself or an open transaction. */
export type Executor<S = Schema> = Kysely<S>;

export type Dialect = 'sqlite' | 'postgres';

/**
 * What differs between the two stores, as flags. Stores consult these; services never
 * see the dialect.
 */
export interface Capabilities {
  readonly dialect: Dialect;
  /** `SELECT … FOR UPDATE SKIP LOCKED` is available (several nodes may claim work). */
  readonly skipLocked: boolean;
  /**
   * `SELECT … FOR UPDATE` holds a row until commit, serializing transactions that read before
   * they write. SQLite needs none: its transactions take the one write lock when they begin.
   */
  readonly rowLocks: boolean;
  /** A `WITH` clause may hold an INSERT whose statement then updates another table (one round trip for both). */
  readonly writableCte: boolean;
}

export interface Database<S = Schema> {
  readonly db: Executor<S>;
  readonly caps: Capabilities;
  /** Runs `fn` in one transaction that holds the write lock from its first statement. */
  transaction<T>(fn: (trx: Executor<S>) => Promise<T>): Promise<T>;
  /**
   * Resolves once every commit made so far is durable. A read may see a SQLite commit whose log
   * sync is still running; whatever answers a caller from such a read (an idempotent replay)
   * waits for this first.
   */
  durable(): Promise<void>;
  /** The PostgreSQL schema the tables live in (`public` unless chosen); undefined on SQLite. */
  readonly pgSchema?: string;
  /** Human description without credentials, for logs and `/readyz`. */
  readonly description: string;
  close(): Promise<void>;
}
