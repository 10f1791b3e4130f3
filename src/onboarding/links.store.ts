import { compiledStatement } from '../db/compiled.js';
import type { Capabilities, Executor } from '../db/executor.js';

export interface LinkRow {
  customerId: string;
  kind: string;
  digest: string;
}

// Compiled once per number of attributes (values: customer, time, then kind and digest of each).
const addStatement = compiledStatement('links.add', (db, v) =>
  db
    .insertInto('customer_links')
    .values(Array.from({ length: (v.length - 2) / 2 }, (_, i) => ({ customer_id: v[0]!, kind: v[2 + 2 * i]!, digest: v[3 + 2 * i]!, created_at: v[1]! })))
    .onConflict((oc) => oc.columns(['customer_id', 'kind', 'digest']).doNothing()),
);

export async function add(db: Executor, customerId: string, items: Array<{ kind: string; digest: string }>, at: string): Promise<void> {
  if (items.length === 0) return;
  await addStatement.run(db, [customerId, at, ...items.flatMap((i) => [i.kind, i.digest])]);
}

export async function ofCustomers(db: Executor, customerIds: string[]): Promise<LinkRow[]> {
  if (customerIds.length === 0) return [];
  const rows = await db.selectFrom('customer_links').select(['customer_id', 'kind', 'digest']).where('customer_id', 'in', customerIds).execute();
  return rows.map((r) => ({ customerId: r.customer_id, kind: r.kind, digest: r.digest }));
}

// Compiled once per number of attributes (values: kind and digest of each, then the limit on PostgreSQL).
const sharingQuery = (db: Executor, pairs: ReadonlyArray<readonly [string, string]>) =>
  db
    .selectFrom('customer_links')
    .select(['customer_id', 'kind', 'digest'])
    .where((eb) => eb.or(pairs.map(([kind, digest]) => eb.and([eb('kind', '=', kind), eb('digest', '=', digest)]))))
    .orderBy('created_at');
const pairsOf = <T>(v: readonly T[], n: number) => Array.from({ length: n }, (_, i) => [v[2 * i]!, v[2 * i + 1]!] as const);
const sharingSqlite = compiledStatement('links.sharing', (db, v) => sharingQuery(db, pairsOf(v, v.length / 2)));
const sharingLimited = compiledStatement('links.sharingLimited', (db, v) => sharingQuery(db, pairsOf(v, (v.length - 1) / 2)).limit(v[v.length - 1]!));

/** Every customer carrying one of the attributes, with the attribute they share (the oldest `limit` links). */
export async function sharing(db: Executor, items: Array<{ kind: string; digest: string }>, limit: number, caps: Pick<Capabilities, 'dialect'>): Promise<LinkRow[]> {
  if (items.length === 0) return [];
  const values: unknown[] = items.flatMap((i) => [i.kind, i.digest]);
  // SQLite sorts an ORDER BY with a LIMIT in a temporary b-tree it builds per statement: 15–25 µs
  // for a sign-up's three look-ups, against 4 µs with its sorter and no LIMIT. Every matching row
  // is read and sorted either way, and both sorts keep rows of equal created_at in the order they
  // were found (checked on 4,500 rows sharing three times); so on SQLite the limit is applied here.
  const rows = caps.dialect === 'sqlite' ? (await sharingSqlite.run(db, values)).slice(0, limit) : await sharingLimited.run(db, [...values, limit]);
  return rows.map((r) => ({ customerId: r.customer_id, kind: r.kind, digest: r.digest }));
}
