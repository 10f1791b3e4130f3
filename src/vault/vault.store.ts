import { sql, type Compilable } from 'kysely';
import type { Executor } from '../db/executor.js';
import type { VaultKeyTable, VaultSchema } from './vault.schema.js';

type Db = Executor<VaultSchema>;

export async function getKey(db: Db, subjectId: string): Promise<VaultKeyTable | undefined> {
  return db.selectFrom('vault_keys').selectAll().where('subject_id', '=', subjectId).executeTakeFirst();
}

/** Rows a statement takes at most: four or five parameters each stay far below both stores' limits. */
const CHUNK = 1000;

function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += CHUNK) yield rows.slice(i, i + CHUNK);
}

/** Key rows of the subjects that have one, by subject. */
export async function getKeys(db: Db, subjectIds: readonly string[]): Promise<Map<string, VaultKeyTable>> {
  const out = new Map<string, VaultKeyTable>();
  for (const ids of chunks(subjectIds)) {
    for (const row of await db.selectFrom('vault_keys').selectAll().where('subject_id', 'in', ids).execute()) out.set(row.subject_id, row);
  }
  return out;
}

export async function insertKeys(db: Db, rows: readonly VaultKeyTable[]): Promise<void> {
  for (const part of chunks(rows)) await db.insertInto('vault_keys').values(part).execute();
}

/** Writes fields, replacing what a subject had under the same name. At most one row per subject and field. */
export async function upsertFields(db: Db, rows: ReadonlyArray<VaultSchema['vault_fields']>): Promise<void> {
  for (const part of chunks(rows)) await fieldsUpsert(db, part).execute();
}

/** Removes fields and their blind indexes. */
export async function deleteFields(db: Db, fields: ReadonlyArray<readonly [subjectId: string, field: string]>): Promise<void> {
  for (const part of chunks(fields)) {
    await db.deleteFrom('vault_fields').where((eb) => eb.or(part.map(([subjectId, field]) => eb.and([eb('subject_id', '=', subjectId), eb('field', '=', field)])))).execute();
    await db.deleteFrom('vault_index').where((eb) => eb.or(part.map(([subjectId, field]) => eb.and([eb('subject_id', '=', subjectId), eb('field', '=', field)])))).execute();
  }
}

/** What a put writes: new key rows, fields removed, fields and blind indexes written. */
export interface VaultWrites {
  keys: VaultKeyTable[];
  removed: Array<[subjectId: string, field: string]>;
  fields: Array<VaultSchema['vault_fields']>;
  indexes: Array<VaultSchema['vault_index']>;
}

export async function writeAll(db: Db, writes: VaultWrites): Promise<void> {
  await insertKeys(db, writes.keys);
  await deleteFields(db, writes.removed);
  await upsertFields(db, writes.fields);
  await upsertIndexes(db, writes.indexes);
}

/**
 * New keys, fields and blind indexes as one statement of data-modifying CTEs (PostgreSQL), which
 * is atomic without a transaction. False, having written nothing, for writes it does not take:
 * removals, or more rows than one statement carries.
 */
export async function writeAsOne(db: Db, writes: VaultWrites): Promise<boolean> {
  const { keys, fields, indexes } = writes;
  if (writes.removed.length > 0 || Math.max(keys.length, fields.length, indexes.length) > CHUNK) return false;
  const parts: Compilable[] = [];
  if (keys.length > 0) parts.push(db.insertInto('vault_keys').values(keys));
  if (fields.length > 0) parts.push(fieldsUpsert(db, fields));
  if (indexes.length > 0) parts.push(indexesUpsert(db, indexes));
  const last = parts.pop();
  if (!last) return true;
  await sql`${sql.join(
    parts.map((part, i) => sql`${sql.raw(i === 0 ? 'with ' : '')}${sql.ref(`w${i}`)} as (${part})`),
    sql`, `,
  )} ${last}`.execute(db);
  return true;
}

function fieldsUpsert(db: Db, rows: ReadonlyArray<VaultSchema['vault_fields']>) {
  return db
    .insertInto('vault_fields')
    .values(rows)
    .onConflict((oc) => oc.columns(['subject_id', 'field']).doUpdateSet((eb) => ({ ciphertext: eb.ref('excluded.ciphertext'), updated_at: eb.ref('excluded.updated_at') })));
}

function indexesUpsert(db: Db, rows: ReadonlyArray<VaultSchema['vault_index']>) {
  return db
    .insertInto('vault_index')
    .values(rows)
    .onConflict((oc) => oc.columns(['subject_id', 'field']).doUpdateSet((eb) => ({ digest: eb.ref('excluded.digest') })));
}

/** Writes blind indexes, replacing a subject's digest for the same field. At most one row per subject and field. */
export async function upsertIndexes(db: Db, rows: ReadonlyArray<VaultSchema['vault_index']>): Promise<void> {
  for (const part of chunks(rows)) await indexesUpsert(db, part).execute();
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
