import type { Executor } from '../db/executor.js';
import type { ScreeningListTable, ScreeningListVersionTable } from '../db/schema.js';
import { indexDataVer } from './index-version.js';
import type { ListEntity } from './entity.js';

export type ListRow = ScreeningListTable;
export type VersionRow = ScreeningListVersionTable;

export interface StoredEntity {
  list: string;
  sourceId: string;
  entity: ListEntity;
  hash: string;
}

const BATCH = 400;

export async function getList(db: Executor, name: string): Promise<ListRow | undefined> {
  return db.selectFrom('screening_lists').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function allLists(db: Executor): Promise<ListRow[]> {
  return db.selectFrom('screening_lists').selectAll().orderBy('name').execute();
}

export async function upsertList(db: Executor, row: ListRow): Promise<void> {
  await db
    .insertInto('screening_lists')
    .values(row)
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({ format: row.format, active_version: row.active_version, data_ver: row.data_ver, entity_count: row.entity_count, updated_at: row.updated_at }),
    )
    .execute();
}

export async function versions(db: Executor, list: string, limit: number): Promise<VersionRow[]> {
  return db.selectFrom('screening_list_versions').selectAll().where('list', '=', list).orderBy('imported_at', 'desc').limit(limit).execute();
}

export async function insertVersion(db: Executor, row: VersionRow): Promise<void> {
  await db.insertInto('screening_list_versions').values(row).execute();
}

/** Source id → content hash of every entity the list holds now. */
export async function currentHashes(db: Executor, list: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('screening_entities').select(['source_id', 'entity_hash']).where('list', '=', list).execute();
  return new Map(rows.map((r) => [r.source_id, r.entity_hash]));
}

export async function upsertEntities(db: Executor, list: string, version: string, entities: Array<{ sourceId: string; json: string; hash: string }>): Promise<void> {
  for (let i = 0; i < entities.length; i += BATCH) {
    const rows = entities.slice(i, i + BATCH).map((e) => ({ list, source_id: e.sourceId, entity: e.json, entity_hash: e.hash, version }));
    await db
      .insertInto('screening_entities')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['list', 'source_id']).doUpdateSet((eb) => ({ entity: eb.ref('excluded.entity'), entity_hash: eb.ref('excluded.entity_hash'), version: eb.ref('excluded.version') })),
      )
      .execute();
  }
}

export async function deleteEntities(db: Executor, list: string, sourceIds: string[]): Promise<void> {
  for (let i = 0; i < sourceIds.length; i += BATCH) {
    await db.deleteFrom('screening_entities').where('list', '=', list).where('source_id', 'in', sourceIds.slice(i, i + BATCH)).execute();
  }
}

export async function insertChanges(db: Executor, rows: Array<{ version: string; list: string; source_id: string; change: string; entity_hash: string | null }>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await db.insertInto('screening_entity_changes').values(rows.slice(i, i + BATCH)).execute();
}

export async function changes(db: Executor, version: string): Promise<Array<{ sourceId: string; change: string }>> {
  const rows = await db.selectFrom('screening_entity_changes').select(['source_id', 'change']).where('version', '=', version).orderBy('source_id').execute();
  return rows.map((r) => ({ sourceId: r.source_id, change: r.change }));
}

/**
 * Whether any loaded entity lists a crypto address, answered without parsing the entities: they
 * are stored as canonical JSON, where a non-empty address list reads exactly like this.
 */
export async function holdsCryptoAddress(db: Executor): Promise<boolean> {
  const row = await db.selectFrom('screening_entities').select('list').where('entity', 'like', '%"cryptoAddresses":[{%').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Every entity of the given lists (all lists when none given). */
export async function entities(db: Executor, lists?: string[]): Promise<StoredEntity[]> {
  let q = db.selectFrom('screening_entities').select(['list', 'source_id', 'entity', 'entity_hash']);
  if (lists) {
    if (lists.length === 0) return [];
    q = q.where('list', 'in', lists);
  }
  const rows = await q.execute();
  return rows.map((r) => ({ list: r.list, sourceId: r.source_id, entity: JSON.parse(r.entity) as ListEntity, hash: r.entity_hash }));
}

export async function entity(db: Executor, list: string, sourceId: string): Promise<StoredEntity | undefined> {
  const r = await db.selectFrom('screening_entities').selectAll().where('list', '=', list).where('source_id', '=', sourceId).executeTakeFirst();
  return r ? { list: r.list, sourceId: r.source_id, entity: JSON.parse(r.entity) as ListEntity, hash: r.entity_hash } : undefined;
}

/** A version of `list` by its id or its dataVer (the newest when a list came back to an earlier content). */
export async function findVersion(db: Executor, list: string, idOrDataVer: string): Promise<VersionRow | undefined> {
  return db
    .selectFrom('screening_list_versions')
    .selectAll()
    .where('list', '=', list)
    .where((eb) => eb.or([eb('id', '=', idOrDataVer), eb('data_ver', '=', idOrDataVer)]))
    .orderBy('imported_at', 'desc')
    .executeTakeFirst();
}

/**
 * One page of a version's per-entity changes in source-id order, from after `after`, with the
 * entity as the list holds it now (none for one no longer on the list: removed entities are not kept).
 */
export async function changePage(db: Executor, version: string, page: { after?: string | undefined; change?: string | undefined; limit: number }) {
  let q = db
    .selectFrom('screening_entity_changes as c')
    .leftJoin('screening_entities as e', (j) => j.onRef('e.list', '=', 'c.list').onRef('e.source_id', '=', 'c.source_id'))
    .select(['c.list', 'c.source_id', 'c.change', 'e.entity'])
    .where('c.version', '=', version);
  if (page.after !== undefined) q = q.where('c.source_id', '>', page.after);
  if (page.change !== undefined) q = q.where('c.change', '=', page.change);
  const rows = await q.orderBy('c.source_id').limit(page.limit).execute();
  return rows.map((r) => ({ list: r.list, sourceId: r.source_id, change: r.change, entity: r.entity === null ? null : (JSON.parse(r.entity) as ListEntity) }));
}

export interface IndexVersion {
  dataVer: string;
  lists: Array<{ list: string; dataVer: string | null; versionId: string | null }>;
  createdAt: string;
}

/** Records what the index's data version stands for with the lists as they are now (once per version). */
export async function recordIndexVersion(db: Executor, at: string): Promise<void> {
  const lists = await allLists(db);
  const { dataVer } = indexDataVer(lists);
  if (dataVer === 'none') return;
  const row = { data_ver: dataVer, lists: JSON.stringify(lists.map((l) => ({ list: l.name, dataVer: l.data_ver, versionId: l.active_version }))), created_at: at };
  await db.insertInto('screening_index_versions').values(row).onConflict((oc) => oc.column('data_ver').doNothing()).execute();
}

export async function indexVersion(db: Executor, dataVer: string): Promise<IndexVersion | undefined> {
  const row = await db.selectFrom('screening_index_versions').selectAll().where('data_ver', '=', dataVer).executeTakeFirst();
  return row ? { dataVer: row.data_ver, lists: JSON.parse(row.lists) as IndexVersion['lists'], createdAt: row.created_at } : undefined;
}
