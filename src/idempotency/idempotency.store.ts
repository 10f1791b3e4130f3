import { compiledStatement } from '../db/compiled.js';
import type { Executor } from '../db/executor.js';

export interface StoredResponse {
  requestHash: string;
  method: string;
  path: string;
  status: number;
  body: string;
  expiresAt: string;
}

// Every request with a key runs these three: compiled once.
const findStatement = compiledStatement('idempotency.find', (db, v) =>
  db.selectFrom('idempotency_keys').select(['request_hash', 'method', 'path', 'response_status', 'response_body', 'expires_at']).where('scope', '=', v[0]!).where('key', '=', v[1]!),
);
const claimStatement = compiledStatement('idempotency.claim', (db, v) =>
  db
    .insertInto('idempotency_keys')
    .values({
      scope: v[0]!,
      key: v[1]!,
      request_hash: v[2]!,
      method: v[3]!,
      path: v[4]!,
      response_status: v[5]!,
      response_body: v[6]!,
      created_at: v[7]!,
      expires_at: v[8]!,
    })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key'),
);
const completeStatement = compiledStatement('idempotency.complete', (db, v) =>
  db.updateTable('idempotency_keys').set({ response_status: v[0]!, response_body: v[1]! }).where('scope', '=', v[2]!).where('key', '=', v[3]!),
);

export async function find(db: Executor, scope: string, key: string): Promise<StoredResponse | undefined> {
  const [row] = await findStatement.run(db, [scope, key]);
  return row
    ? { requestHash: row.request_hash, method: row.method, path: row.path, status: row.response_status, body: row.response_body, expiresAt: row.expires_at }
    : undefined;
}

/**
 * Claims the key for this transaction. On PostgreSQL a concurrent claim of the same key
 * waits here until the first transaction ends, then sees its committed row.
 */
export async function claim(
  db: Executor,
  row: { scope: string; key: string; requestHash: string; method: string; path: string; createdAt: string; expiresAt: string },
): Promise<boolean> {
  const inserted = await claimStatement.run(db, [row.scope, row.key, row.requestHash, row.method, row.path, 0, '', row.createdAt, row.expiresAt]);
  return inserted.length > 0;
}

export async function complete(db: Executor, scope: string, key: string, status: number, body: string): Promise<void> {
  await completeStatement.run(db, [status, body, scope, key]);
}

export async function remove(db: Executor, scope: string, key: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).execute();
}

export async function purgeExpired(db: Executor, now: string): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
