import { compiledStatement } from '../db/compiled.js';
import type { Executor } from '../db/executor.js';
import type { ScreeningHitTable } from '../db/schema.js';

/** `delisted`: closed without a review, because the entity left its list (it re-opens if listed again). */
export type HitStatus = 'open' | 'true_match' | 'false_positive' | 'delisted';

export interface Hit {
  id: string;
  customerId: string;
  entityId: string;
  list: string;
  entityHash: string;
  score: number;
  explanation: unknown;
  status: HitStatus;
  dataVer: string;
  reason: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const toHit = (r: ScreeningHitTable): Hit => ({
  id: r.id,
  customerId: r.customer_id,
  entityId: r.entity_id,
  list: r.list,
  entityHash: r.entity_hash,
  score: r.score,
  explanation: JSON.parse(r.explanation) as unknown,
  status: r.status as HitStatus,
  dataVer: r.data_ver,
  reason: r.reason,
  reviewedBy: r.reviewed_by,
  reviewedAt: r.reviewed_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function forPair(db: Executor, customerId: string, entityId: string): Promise<Hit | undefined> {
  const r = await db.selectFrom('screening_hits').selectAll().where('customer_id', '=', customerId).where('entity_id', '=', entityId).executeTakeFirst();
  return r ? toHit(r) : undefined;
}

export async function get(db: Executor, id: string): Promise<Hit | undefined> {
  const r = await db.selectFrom('screening_hits').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toHit(r) : undefined;
}

function toRow(h: Hit): ScreeningHitTable {
  return {
    id: h.id,
    customer_id: h.customerId,
    entity_id: h.entityId,
    list: h.list,
    entity_hash: h.entityHash,
    score: h.score,
    explanation: JSON.stringify(h.explanation),
    status: h.status,
    data_ver: h.dataVer,
    reason: h.reason,
    reviewed_by: h.reviewedBy,
    reviewed_at: h.reviewedAt,
    created_at: h.createdAt,
    updated_at: h.updatedAt,
  };
}

export async function insert(db: Executor, h: Hit): Promise<void> {
  await db.insertInto('screening_hits').values(toRow(h)).execute();
}

/** Everything but the pair and creation time can change: score, listed data, disposition. */
export async function update(db: Executor, h: Hit): Promise<void> {
  const { id: _id, customer_id: _c, entity_id: _e, list: _l, created_at: _t, ...changes } = toRow(h);
  await db.updateTable('screening_hits').set(changes).where('id', '=', h.id).execute();
}

/** A confirmed match on the customer or, for a company, on one of its directors or beneficial owners. */
export async function trueMatchOf(db: Executor, customerId: string): Promise<Hit | undefined> {
  const related = db.selectFrom('customers').select('id').where('parent_id', '=', customerId);
  const row = await db
    .selectFrom('screening_hits')
    .selectAll()
    .where('status', '=', 'true_match')
    .where((eb) => eb.or([eb('customer_id', '=', customerId), eb('customer_id', 'in', related)]))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row ? toHit(row) : undefined;
}

/** Open hits on any of the given entities (`<list>:<source id>`). */
export async function openOnEntities(db: Executor, entityIds: readonly string[]): Promise<Hit[]> {
  const out: Hit[] = [];
  for (let i = 0; i < entityIds.length; i += 500) {
    const chunk = entityIds.slice(i, i + 500);
    const rows = await db.selectFrom('screening_hits').selectAll().where('status', '=', 'open').where('entity_id', 'in', chunk).orderBy('id').execute();
    out.push(...rows.map(toHit));
  }
  return out;
}

/**
 * Hits newest first (ties by id). `after`: the id of the last hit of the previous page; the page
 * goes on from that hit's place in the order (keyset: stable while new hits arrive). A hit that
 * does not exist gives an empty page.
 */
export async function list(db: Executor, opts: { customerId?: string; withRelated?: boolean; status?: HitStatus; after?: string; limit: number }): Promise<Hit[]> {
  let q = db.selectFrom('screening_hits').selectAll();
  const customerId = opts.customerId;
  if (customerId && opts.withRelated) {
    const related = db.selectFrom('customers').select('id').where('parent_id', '=', customerId);
    q = q.where((eb) => eb.or([eb('customer_id', '=', customerId), eb('customer_id', 'in', related)]));
  } else if (customerId) q = q.where('customer_id', '=', customerId);
  if (opts.status) q = q.where('status', '=', opts.status);
  const after = opts.after;
  if (after) {
    const at = db.selectFrom('screening_hits').select('created_at').where('id', '=', after);
    q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '>', after)])]));
  }
  return (await q.orderBy('created_at', 'desc').orderBy('id').limit(opts.limit).execute()).map(toHit);
}

const recordStatement = compiledStatement('hits.recordScreening', (db, v) =>
  db
    .insertInto('customer_screenings')
    .values({ customer_id: v[0]!, data_ver: v[1]!, screened_at: v[2]!, matches: v[3]!, name_keys: v[4]! })
    .onConflict((oc) => oc.column('customer_id').doUpdateSet((eb) => ({ data_ver: eb.ref('excluded.data_ver'), screened_at: eb.ref('excluded.screened_at'), matches: eb.ref('excluded.matches'), name_keys: eb.ref('excluded.name_keys') }))),
);

export async function recordScreening(db: Executor, customerId: string, dataVer: string, at: string, matches: number, nameKeys: Buffer | null): Promise<void> {
  await recordStatement.run(db, [customerId, dataVer, at, matches, nameKeys]);
}

export interface ScreeningSubject {
  id: string;
  status: string;
  type: 'person' | 'company';
  country: string;
  /** null: never screened, or screened before keys were kept. */
  nameKeys: Uint8Array | null;
}

/** Customers with their stored name keys, by id after `afterId`: the walk of a delta re-screen. */
export async function subjectsPage(db: Executor, afterId: string | null, limit: number): Promise<ScreeningSubject[]> {
  let q = db
    .selectFrom('customers')
    .leftJoin('customer_screenings', 'customer_screenings.customer_id', 'customers.id')
    .select(['customers.id', 'customers.status', 'customers.type', 'customers.country', 'customer_screenings.name_keys']);
  if (afterId) q = q.where('customers.id', '>', afterId);
  const rows = await q.orderBy('customers.id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, status: r.status, type: r.type === 'company' ? 'company' : 'person', country: r.country, nameKeys: r.name_keys ?? null }));
}

/** Customers not screened since `before` (or never), oldest first. */
export async function dueForScreening(db: Executor, before: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('customers')
    .leftJoin('customer_screenings', 'customer_screenings.customer_id', 'customers.id')
    .select('customers.id')
    .where('customers.status', '!=', 'offboarded')
    .where((eb) => eb.or([eb('customer_screenings.screened_at', 'is', null), eb('customer_screenings.screened_at', '<', before)]))
    .orderBy('customer_screenings.screened_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function insertAlert(db: Executor, a: { id: string; customerId: string; kind: string; source: string; severity: string; summary: string; data: unknown; at: string }): Promise<void> {
  await db
    .insertInto('alerts')
    .values({ id: a.id, customer_id: a.customerId, kind: a.kind, source: a.source, severity: a.severity, summary: a.summary, data: JSON.stringify(a.data), status: 'open', created_at: a.at })
    .execute();
}
