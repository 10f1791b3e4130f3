import type { Executor } from '../db/executor.js';

export interface StoredOverride {
  id: string;
  customerId: string;
  /** A domain suffix, an IP address, an address range, or `*` for every target (canonical, see `parseGatePattern`). */
  pattern: string;
  effect: 'allow' | 'deny';
  /** When a temporary rule lapses; null for a standing one. */
  until: string | null;
  reason: string;
  /** `operator`, or `monitoring:<rule>` for blocks set off by an alert. */
  source: string;
  createdAt: string;
  createdBy: string;
}

export async function insert(trx: Executor, o: StoredOverride): Promise<void> {
  await trx
    .insertInto('gate_overrides')
    .values({ id: o.id, customer_id: o.customerId, pattern: o.pattern, effect: o.effect, until: o.until, reason: o.reason, source: o.source, created_at: o.createdAt, created_by: o.createdBy })
    .execute();
}

/** The customer's rules still in force at `now`. */
export async function active(db: Executor, customerId: string, now: string): Promise<StoredOverride[]> {
  const rows = await db
    .selectFrom('gate_overrides')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', now)]))
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ id: r.id, customerId: r.customer_id, pattern: r.pattern, effect: r.effect as 'allow' | 'deny', until: r.until, reason: r.reason, source: r.source, createdAt: r.created_at, createdBy: r.created_by }));
}

export async function remove(trx: Executor, customerId: string, id: string): Promise<boolean> {
  const r = await trx.deleteFrom('gate_overrides').where('id', '=', id).where('customer_id', '=', customerId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Removes rules that lapsed before `before` (kept a while for the record). */
export async function purgeExpired(db: Executor, before: string): Promise<number> {
  const r = await db.deleteFrom('gate_overrides').where('until', 'is not', null).where('until', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
