import type { Executor } from '../db/executor.js';
import type { VaultKeyTable, VaultSchema } from './vault.schema.js';

type Db = Executor<VaultSchema>;

export async function getKey(db: Db, subjectId: string): Promise<VaultKeyTable | undefined> {
  return db.selectFrom('vault_keys').selectAll().where('subject_id', '=', subjectId).executeTakeFirst();
}

export async function insertKey(db: Db, row: VaultKeyTable): Promise<void> {
  await db.insertInto('vault_keys').values(row).execute();
}

export async function upsertField(db: Db, subjectId: string, field: string, ciphertext: Buffer, at: string): Promise<void> {
  await db
    .insertInto('vault_fields')
    .values({ subject_id: subjectId, field, ciphertext, updated_at: at })
    .onConflict((oc) => oc.columns(['subject_id', 'field']).doUpdateSet({ ciphertext, updated_at: at }))
    .execute();
}

export async function deleteField(db: Db, subjectId: string, field: string): Promise<void> {
  await db.deleteFrom('vault_fields').where('subject_id', '=', subjectId).where('field', '=', field).execute();
  await db.deleteFrom('vault_index').where('subject_id', '=', subjectId).where('field', '=', field).execute();
}

export async function upsertIndex(db: Db, subjectId: string, field: string, digest: string): Promise<void> {
  await db
    .insertInto('vault_index')
    .values({ subject_id: subjectId, field, digest })
    .onConflict((oc) => oc.columns(['subject_id', 'field']).doUpdateSet({ digest }))
    .execute();
}

export async function readFields(db: Db, subjectId: string, fields: readonly string[] | null): Promise<Array<{ field: string; ciphertext: Buffer }>> {
  let q = db.selectFrom('vault_fields').select(['field', 'ciphertext']).where('subject_id', '=', subjectId);
  if (fields) {
    if (fields.length === 0) return [];
    q = q.where('field', 'in', fields);
  }
  return q.execute();
}

export async function findByDigest(db: Db, field: string, digest: string): Promise<string[]> {
  const rows = await db.selectFrom('vault_index').select('subject_id').where('field', '=', field).where('digest', '=', digest).execute();
  return rows.map((r) => r.subject_id);
}

export async function insertFile(db: Db, row: VaultSchema['vault_files']): Promise<void> {
  await db.insertInto('vault_files').values(row).execute();
}

export async function deleteFile(db: Db, id: string): Promise<void> {
  await db.deleteFrom('vault_files').where('id', '=', id).execute();
}

export async function getFile(db: Db, id: string): Promise<VaultSchema['vault_files'] | undefined> {
  return db.selectFrom('vault_files').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function logAccess(db: Db, row: VaultSchema['vault_access_log']): Promise<void> {
  await db.insertInto('vault_access_log').values(row).execute();
}

export async function logAccessMany(db: Db, rows: Array<VaultSchema['vault_access_log']>): Promise<void> {
  if (rows.length > 0) await db.insertInto('vault_access_log').values(rows).execute();
}

export async function accessLog(db: Db, subjectId: string, limit: number): Promise<Array<VaultSchema['vault_access_log']>> {
  return db.selectFrom('vault_access_log').selectAll().where('subject_id', '=', subjectId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Crypto-shredding: the data key goes, so every copy of the ciphertext (backups too) is noise. */
export async function erase(db: Db, subjectId: string, at: string): Promise<{ fields: number; files: number }> {
  const fields = await db.deleteFrom('vault_fields').where('subject_id', '=', subjectId).executeTakeFirst();
  await db.deleteFrom('vault_index').where('subject_id', '=', subjectId).execute();
  const files = await db.deleteFrom('vault_files').where('subject_id', '=', subjectId).executeTakeFirst();
  await db.updateTable('vault_keys').set({ wrapped_dek: Buffer.alloc(0), erased_at: at }).where('subject_id', '=', subjectId).execute();
  return { fields: Number(fields.numDeletedRows), files: Number(files.numDeletedRows) };
}

export async function keysWrappedWith(db: Db, exceptKekId: string, limit: number): Promise<VaultKeyTable[]> {
  return db.selectFrom('vault_keys').selectAll().where('kek_id', '!=', exceptKekId).where('erased_at', 'is', null).limit(limit).execute();
}

export async function rewrap(db: Db, subjectId: string, fromKek: string, toKek: string, wrapped: Buffer): Promise<boolean> {
  const r = await db
    .updateTable('vault_keys')
    .set({ kek_id: toKek, wrapped_dek: wrapped })
    .where('subject_id', '=', subjectId)
    .where('kek_id', '=', fromKek)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countByKek(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('vault_keys')
    .select(['kek_id', db.fn.countAll<number>().as('n')])
    .where('erased_at', 'is', null)
    .groupBy('kek_id')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.kek_id, Number(r.n)]));
}
