import type { Executor } from '../db/executor.js';

export interface OutboxEvent {
  id: string;
  type: string;
  subject: string;
  payload: unknown;
  occurredAt: string;
}

/** Rows per insert: well under SQLite's limit of bound values per statement. */
const CHUNK = 500;

export async function insertEvents(db: Executor, events: readonly OutboxEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += CHUNK) {
    await db
      .insertInto('outbox_events')
      .values(events.slice(i, i + CHUNK).map((e) => ({ id: e.id, type: e.type, subject: e.subject, payload: JSON.stringify(e.payload), occurred_at: e.occurredAt })))
      .execute();
  }
}

export async function getEvent(db: Executor, id: string): Promise<OutboxEvent | undefined> {
  const row = await db.selectFrom('outbox_events').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { id: row.id, type: row.type, subject: row.subject, payload: JSON.parse(row.payload), occurredAt: row.occurred_at } : undefined;
}

export async function listEvents(db: Executor, opts: { afterId?: string; type?: string; limit: number }): Promise<OutboxEvent[]> {
  let q = db.selectFrom('outbox_events').selectAll();
  if (opts.type) q = q.where('type', '=', opts.type);
  if (opts.afterId) {
    const after = await db.selectFrom('outbox_events').select(['occurred_at', 'id']).where('id', '=', opts.afterId).executeTakeFirst();
    if (after) {
      q = q.where((eb) =>
        eb.or([eb('occurred_at', '>', after.occurred_at), eb.and([eb('occurred_at', '=', after.occurred_at), eb('id', '>', after.id)])]),
      );
    }
  }
  const rows = await q.orderBy('occurred_at').orderBy('id').limit(opts.limit).execute();
  return rows.map((row) => ({ id: row.id, type: row.type, subject: row.subject, payload: JSON.parse(row.payload), occurredAt: row.occurred_at }));
}
