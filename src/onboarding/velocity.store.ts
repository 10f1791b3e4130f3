import { sql } from 'kysely';
import { compiledStatement } from '../db/compiled.js';
import type { Capabilities, Executor } from '../db/executor.js';

// The statements are compiled once per number of keys; values: the keys, then the buckets.
const upsert = (db: Executor, keys: readonly string[], bucket: number) =>
  db
    .insertInto('signup_counters')
    .values(keys.map((key) => ({ key, bucket, count: 1 })))
    .onConflict((oc) => oc.columns(['key', 'bucket']).doUpdateSet({ count: sql<number>`signup_counters.count + 1` }))
    .returning(['key', 'count']);
const upsertStatement = compiledStatement('velocity.upsert', (db, v) => upsert(db, v.slice(0, -1), v[v.length - 1]!));
const countedWithTotals = compiledStatement('velocity.upsertWithTotals', (db, v) => {
  const [bucket, from] = [v[v.length - 2]!, v[v.length - 1]!];
  return db
    .with('counted', () => upsert(db, v.slice(0, -2), bucket))
    .selectFrom('counted')
    .select((eb) => [
      'counted.key',
      eb(
        'counted.count',
        '+',
        eb.fn.coalesce(
          eb
            .selectFrom('signup_counters')
            .select((s) => s.fn.sum<number>('signup_counters.count').as('n'))
            .whereRef('signup_counters.key', '=', 'counted.key')
            .where('signup_counters.bucket', '>=', from)
            .where('signup_counters.bucket', '<', bucket),
          sql<number>`0`,
        ),
      ).as('total'),
    ]);
});
const sumStatement = compiledStatement('velocity.sum', (db, v) =>
  db
    .selectFrom('signup_counters')
    .select((eb) => ['key', eb.fn.sum<number | string | null>('count').as('total')])
    .where('key', 'in', v.slice(0, -2))
    .where('bucket', '>=', v[v.length - 2]!)
    .where('bucket', '<', v[v.length - 1]!)
    .groupBy('key'),
);

/**
 * Adds one to each key's counter for `bucket` and returns each key's total over buckets
 * `from…bucket`. The upsert takes the row locks, so sign-ups racing on one key (even from several
 * processes on one PostgreSQL) are counted one after the other; older buckets no longer change,
 * so on PostgreSQL they are summed in the upsert's own statement (one round trip).
 */
export async function increment(db: Executor, keys: string[], bucket: number, from: number, caps: Pick<Capabilities, 'writableCte'>): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  if (keys.length === 0) return totals;
  if (caps.writableCte) {
    for (const r of await countedWithTotals.run(db, [...keys, bucket, from])) totals.set(r.key, Number(r.total));
    return totals;
  }
  for (const r of await upsertStatement.run(db, [...keys, bucket])) totals.set(r.key, Number(r.count));
  for (const [key, n] of await sumBuckets(db, keys, from, bucket)) totals.set(key, (totals.get(key) ?? 0) + n);
  return totals;
}

/** Each key's total over buckets `from…bucket`, counting nothing. */
export function totals(db: Executor, keys: string[], bucket: number, from: number): Promise<Map<string, number>> {
  return sumBuckets(db, keys, from, bucket + 1);
}

/** Each key's total over buckets `from` up to, not including, `until`. */
async function sumBuckets(db: Executor, keys: string[], from: number, until: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (keys.length === 0) return out;
  for (const r of await sumStatement.run(db, [...keys, from, until])) out.set(r.key, Number(r.total ?? 0));
  return out;
}

/** Drops buckets that no window can reach any more. */
export async function purgeBefore(db: Executor, bucket: number): Promise<number> {
  const r = await db.deleteFrom('signup_counters').where('bucket', '<', bucket).executeTakeFirst();
  return Number(r.numDeletedRows);
}
