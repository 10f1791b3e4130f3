import type { Capabilities, Executor } from '../db/executor.js';
import type { ContactChallengeTable } from '../db/schema.js';

export type Challenge = ContactChallengeTable;

export async function insert(db: Executor, c: Challenge): Promise<void> {
  await db.insertInto('contact_challenges').values(c).execute();
}

export async function get(db: Executor, id: string): Promise<Challenge | undefined> {
  return db.selectFrom('contact_challenges').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The newest challenge of the channel for the customer. */
export async function latest(db: Executor, customerId: string, channel: string): Promise<Challenge | undefined> {
  return db.selectFrom('contact_challenges').selectAll().where('customer_id', '=', customerId).where('channel', '=', channel).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** When each challenge of the channel since `since` was created, oldest first. */
export async function createdSince(db: Executor, customerId: string, channel: string, since: string): Promise<string[]> {
  const rows = await db.selectFrom('contact_challenges').select('created_at').where('customer_id', '=', customerId).where('channel', '=', channel).where('created_at', '>=', since).orderBy('created_at').execute();
  return rows.map((r) => r.created_at);
}

export async function remove(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('contact_challenges').where('id', '=', id).execute();
}

/** Locks the customer's row until the transaction ends, where the store locks rows (SQLite's transactions are serialized whole). */
export async function lockCustomer(db: Executor, caps: Pick<Capabilities, 'rowLocks'>, customerId: string): Promise<void> {
  if (caps.rowLocks) await db.selectFrom('customers').select('id').where('id', '=', customerId).forUpdate().execute();
}

/** Counts an attempt; returns false when the row changed meanwhile (a concurrent attempt). */
export async function recordAttempt(db: Executor, c: Challenge, used: boolean, at: string): Promise<boolean> {
  const r = await db
    .updateTable('contact_challenges')
    .set({ attempts: c.attempts + 1, used_at: used ? at : null })
    .where('id', '=', c.id)
    .where('attempts', '=', c.attempts)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
