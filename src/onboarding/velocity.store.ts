import { sql } from 'kysely';
import type { Executor } from '../db/executor.js';

/**
 * Adds one to the key's counter for `bucket` and returns the total over buckets `from…bucket`.
 * The upsert takes the row lock, so sign-ups racing on one key (even from several processes on
 * one PostgreSQL) are counted one after the other; older buckets no longer change.
 */
export async function increment(db: Executor, key: string, bucket: number, from: number): Promise<number> {
  const row = await db
    .insertInto('signup_counters')
    .values({ key, bucket, count: 1 })
    .onConflict((oc) => oc.columns(['key', 'bucket']).doUpdateSet({ count: sql<number>`signup_counters.count + 1` }))
    .returning('count')
    .executeTakeFirstOrThrow();
  const older = await db
    .selectFrom('signup_counters')
    .select((eb) => eb.fn.sum<number | string | null>('count').as('total'))
    .where('key', '=', key)
    .where('bucket', '>=', from)
    .where('bucket', '<', bucket)
    .executeTakeFirst();
  return Number(row.count) + Number(older?.total ?? 0);
}

/** Drops buckets that no window can reach any more. */
export async function purgeBefore(db: Executor, bucket: number): Promise<number> {
  const r = await db.deleteFrom('signup_counters').where('bucket', '<', bucket).executeTakeFirst();
  return Number(r.numDeletedRows);
}
