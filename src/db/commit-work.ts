import { sql } from 'kysely';
import type { Executor } from './executor.js';

/**
 * Work a transaction keeps until just before it commits, in lists that follow savepoints, and
 * values it reads once (remembered).
 *
 * Audit records are written there: every audited change locks the chain head, so writing them at
 * the end holds that lock for the commit only (not for the whole transaction), and a transaction's
 * records go in with one claim and one insert however many it made. In a SQLite group commit the
 * transactions' deferred lists are handed to the group and written once, with one claim for all.
 */
interface Deferred {
  items: unknown[];
  flush: (items: unknown[]) => Promise<void>;
}

interface Scope {
  lists: Map<symbol, Deferred>;
  /** Values read once in the transaction (see remembered). */
  memo: Map<symbol, unknown>;
  commit: CommitScope;
}

/**
 * Work kept until the commit itself: shared by every transaction that commits together (a SQLite
 * group commit), so it is written once for the whole group. See `atCommit`.
 */
export interface CommitScope {
  lists: Map<symbol, Deferred>;
}

export function newCommitScope(): CommitScope {
  return { lists: new Map() };
}

/** Writes the work kept for the commit; the caller commits right after. */
export async function flushCommitScope(scope: CommitScope): Promise<void> {
  await flushAll(scope.lists);
}

const scopes = new WeakMap<object, Scope>();

/**
 * Runs a transaction's body, then the work it deferred; `Database.transaction` wraps every body in
 * it. `shared`: the commit scope of a group this transaction commits with; its `atCommit` work and
 * (once the body succeeded) its deferred work are then written by the group, once for all. Without
 * it, both are written here, the `atCommit` work first.
 */
export async function withCommitWork<T, S>(trx: Executor<S>, body: () => Promise<T>, shared?: CommitScope): Promise<T> {
  const commit = shared ?? newCommitScope();
  const scope: Scope = { lists: new Map(), memo: new Map(), commit };
  const mark = marks(commit);
  scopes.set(trx, scope);
  try {
    const result = await body();
    if (shared) {
      handOver(scope.lists, shared);
    } else {
      // Before the deferred lists: those hold the audit chain's head locked until the commit, and
      // the commit work may wait on another store (the vault).
      await flushCommitScope(commit);
      await flushAll(scope.lists);
    }
    return result;
  } catch (err) {
    // The transaction (or its savepoint in a group) is rolled back: so is the work it kept.
    truncate(commit, mark);
    throw err;
  } finally {
    scopes.delete(trx);
  }
}

/**
 * A value read once per transaction (`read` runs on first use; outside a `Database.transaction`
 * every time). The store that owns it calls `forget` on every write that could change it.
 */
export async function remembered<T, S>(trx: Executor<S>, kind: symbol, read: () => Promise<T>): Promise<T> {
  const memo = scopes.get(trx)?.memo;
  if (!memo) return read();
  if (memo.has(kind)) return memo.get(kind) as T;
  const value = await read();
  memo.set(kind, value);
  return value;
}

/**
 * A map kept for the transaction (rows its owner wrote or read, by key), or null outside a
 * `Database.transaction`. Emptied with the other remembered values when a savepoint rolls back.
 */
export function transactionMap<K, V, S>(trx: Executor<S>, kind: symbol): Map<K, V> | null {
  const memo = scopes.get(trx)?.memo;
  if (!memo) return null;
  let map = memo.get(kind) as Map<K, V> | undefined;
  if (!map) memo.set(kind, (map = new Map()));
  return map;
}

/** Whether `db` is a transaction opened by `Database.transaction` (not the database itself). */
export function isTransaction<S>(db: Executor<S>): boolean {
  return scopes.has(db);
}

export function forget<S>(trx: Executor<S>, kind: symbol): void {
  scopes.get(trx)?.memo.delete(kind);
}

/**
 * The list of `kind` kept for the transaction `trx` (created with `flush` on first use), or null
 * when `trx` is not a transaction opened by `Database.transaction` — the caller then acts at once.
 */
export function deferredList<T, S>(trx: Executor<S>, kind: symbol, flush: (items: T[]) => Promise<void>): T[] | null {
  const lists = scopes.get(trx)?.lists;
  return lists ? listIn(lists, kind, flush) : null;
}

/**
 * The list of `kind` written just before the commit (with `flush`, created on first use) — after
 * every transaction of a group commit, once for all of them — or null outside a transaction
 * opened by `Database.transaction`. Its items are never written earlier; read them with `staged`.
 */
export function atCommit<T, S>(trx: Executor<S>, kind: symbol, flush: (items: T[]) => Promise<void>): T[] | null {
  const commit = scopes.get(trx)?.commit;
  return commit ? listIn(commit.lists, kind, flush) : null;
}

/** The list of `kind` in `lists`, created with `flush` on first use. */
function listIn<T>(lists: Map<symbol, Deferred>, kind: symbol, flush: (items: T[]) => Promise<void>): T[] {
  let d = lists.get(kind);
  if (!d) lists.set(kind, (d = { items: [], flush: flush as (items: unknown[]) => Promise<void> }));
  return d.items as T[];
}

/** The `atCommit` items of `kind` waiting for the commit `trx` belongs to (its own and its group's), oldest first. */
export function staged<T, S>(trx: Executor<S>, kind: symbol): readonly T[] {
  return (scopes.get(trx)?.commit.lists.get(kind)?.items ?? []) as T[];
}

/** Writes the work of `kind` deferred so far (for a read inside the transaction that must see it). */
export async function flushDeferred<S>(trx: Executor<S>, kind: symbol): Promise<void> {
  const d = scopes.get(trx)?.lists.get(kind);
  if (d) await flush(d);
}

/**
 * Runs `fn` in a savepoint: when it throws, its changes are undone — work it deferred included —
 * and the error is rethrown; the rest of the transaction carries on.
 */
export async function inSavepoint<T, S>(trx: Executor<S>, name: string, fn: () => Promise<T>): Promise<T> {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`invalid savepoint name ${name}`);
  const scope = scopes.get(trx);
  // What was deferred before the savepoint is written before it, so a rollback cannot take it along.
  if (scope) await flushAll(scope.lists);
  const mark = scope ? marks(scope.commit) : null;
  await sql`savepoint ${sql.raw(name)}`.execute(trx);
  try {
    const result = await fn();
    await sql`release savepoint ${sql.raw(name)}`.execute(trx);
    return result;
  } catch (err) {
    await sql`rollback to savepoint ${sql.raw(name)}`.execute(trx);
    await sql`release savepoint ${sql.raw(name)}`.execute(trx);
    for (const d of scope?.lists.values() ?? []) d.items.length = 0;
    if (scope && mark) truncate(scope.commit, mark);
    // A value read inside the savepoint may have seen what was just undone.
    scope?.memo.clear();
    throw err;
  }
}

async function flushAll(lists: Map<symbol, Deferred>): Promise<void> {
  for (const d of lists.values()) await flush(d);
}

async function flush(d: Deferred): Promise<void> {
  if (d.items.length === 0) return;
  await d.flush(d.items.splice(0));
}

/** A group member's deferred work, once it succeeded, joins the group's (same kind, same flush). */
function handOver(lists: Map<symbol, Deferred>, commit: CommitScope): void {
  for (const [kind, d] of lists) {
    if (d.items.length === 0) continue;
    const joined = commit.lists.get(kind);
    if (!joined) commit.lists.set(kind, { items: d.items.splice(0), flush: d.flush });
    else {
      for (const item of d.items) joined.items.push(item);
      d.items.length = 0;
    }
  }
}

function marks(commit: CommitScope): Map<symbol, number> {
  return new Map([...commit.lists].map(([kind, d]) => [kind, d.items.length]));
}

/** Drops the commit work added since `mark` (lists created since then are emptied). */
function truncate(commit: CommitScope, mark: Map<symbol, number>): void {
  for (const [kind, d] of commit.lists) d.items.length = Math.min(d.items.length, mark.get(kind) ?? 0);
}
