import { sql } from 'kysely';
import type { Capabilities, Executor } from '../db/executor.js';

/**
 * Adds one to each key's counter for `bucket` and returns each key's total over buckets
 * `from…bucket`. The upsert takes the row locks, so sign-ups racing on one key (even from several
 * processes on one PostgreSQL) are counted one after the other; older buckets no longer change,
 * so on PostgreSQL they are summed in the upsert's own statement (one round trip).
 */
export async function increment(db: Executor, keys: string[], bucket: number, from: number, caps: Pick<Capabilities, 'writableCte'>): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  if (keys.length === 0) return totals;
  const upsert = db
    .insertInto('signup_counters')
    .values(keys.map((key) => ({ key, bucket, count: 1 })))
    .onConflict((oc) => oc.columns(['key', 'bucket']).doUpdateSet({ count: sql<number>`signup_counters.count + 1` }))
    .returning(['key', 'count']);
  if (caps.writableCte) {
    const rows = await db
      .with('counted', () => upsert)
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
      ])
      .execute();
    for (const r of rows) totals.set(r.key, Number(r.total));
    return totals;
  }
  for (const r of await upsert.execute()) totals.set(r.key, Number(r.count));
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
  const rows = await db
    .selectFrom('signup_counters')
    .select((eb) => ['key', eb.fn.sum<number | string | null>('count').as('total')])
    .where('key', 'in', keys)
    .where('bucket', '>=', from)
    .where('bucket', '<', until)
    .groupBy('key')
    .execute();
  for (const r of rows) out.set(r.key, Number(r.total ?? 0));
  return out;
}

/** Drops buckets that no window can reach any more. */
export async function purgeBefore(db: Executor, bucket: number): Promise<number> {
  const r = await db.deleteFrom('signup_counters').where('bucket', '<', bucket).executeTakeFirst();
  return Number(r.numDeletedRows);
}
