import { compiledStatement } from '../db/compiled.js';
import type { Executor } from '../db/executor.js';
import type { ApiKeyTable } from '../db/schema.js';

export interface ApiKeyRecord {
  id: string;
  name: string;
  role: string;
  secretHash: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type Row = ApiKeyTable;

function toRecord(r: Row): ApiKeyRecord {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    secretHash: r.secret_hash,
    createdAt: r.created_at,
    createdBy: r.created_by,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

export async function insertKey(db: Executor, k: ApiKeyRecord): Promise<void> {
  await db
    .insertInto('api_keys')
    .values({
      id: k.id,
      name: k.name,
      role: k.role,
      secret_hash: k.secretHash,
      created_at: k.createdAt,
      created_by: k.createdBy,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
}

// Read by every authenticated request: compiled once.
const byId = compiledStatement('apiKeys.byId', (db, v) => db.selectFrom('api_keys').selectAll().where('id', '=', v[0]!));

export async function getKey(db: Executor, id: string): Promise<ApiKeyRecord | undefined> {
  const [row] = await byId.run(db, [id]);
  return row ? toRecord(row) : undefined;
}

export async function listKeys(db: Executor): Promise<ApiKeyRecord[]> {
  const rows = await db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toRecord);
}

export async function markRevoked(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function touch(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
}
