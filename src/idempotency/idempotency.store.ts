import type { Executor } from '../db/executor.js';

export interface StoredResponse {
  requestHash: string;
  method: string;
  path: string;
  status: number;
  body: string;
  expiresAt: string;
}

export async function find(db: Executor, scope: string, key: string): Promise<StoredResponse | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'method', 'path', 'response_status', 'response_body', 'expires_at'])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
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
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      scope: row.scope,
      key: row.key,
      request_hash: row.requestHash,
      method: row.method,
      path: row.path,
      response_status: 0,
      response_body: '',
      created_at: row.createdAt,
      expires_at: row.expiresAt,
    })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function complete(db: Executor, scope: string, key: string, status: number, body: string): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ response_status: status, response_body: body })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .execute();
}

export async function remove(db: Executor, scope: string, key: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).execute();
}

export async function purgeExpired(db: Executor, now: string): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
