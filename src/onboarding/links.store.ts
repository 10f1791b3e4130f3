import type { Executor } from '../db/executor.js';

export interface LinkRow {
  customerId: string;
  kind: string;
  digest: string;
}

export async function add(db: Executor, customerId: string, items: Array<{ kind: string; digest: string }>, at: string): Promise<void> {
  if (items.length === 0) return;
  await db
    .insertInto('customer_links')
    .values(items.map((i) => ({ customer_id: customerId, kind: i.kind, digest: i.digest, created_at: at })))
    .onConflict((oc) => oc.columns(['customer_id', 'kind', 'digest']).doNothing())
    .execute();
}

export async function ofCustomers(db: Executor, customerIds: string[]): Promise<LinkRow[]> {
  if (customerIds.length === 0) return [];
  const rows = await db.selectFrom('customer_links').select(['customer_id', 'kind', 'digest']).where('customer_id', 'in', customerIds).execute();
  return rows.map((r) => ({ customerId: r.customer_id, kind: r.kind, digest: r.digest }));
}

/** Every customer carrying one of the attributes, with the attribute they share. */
export async function sharing(db: Executor, items: Array<{ kind: string; digest: string }>, limit: number): Promise<LinkRow[]> {
  if (items.length === 0) return [];
  const rows = await db
    .selectFrom('customer_links')
    .select(['customer_id', 'kind', 'digest'])
    .where((eb) => eb.or(items.map((i) => eb.and([eb('kind', '=', i.kind), eb('digest', '=', i.digest)]))))
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ customerId: r.customer_id, kind: r.kind, digest: r.digest }));
}
