import { compiledStatement, type Markers } from '../db/compiled.js';
import type { Executor } from '../db/executor.js';
import { selectActiveEndpoints, toEndpoint, type Endpoint, type EndpointRow } from './webhooks.store.js';

export interface OutboxEvent {
  id: string;
  type: string;
  subject: string;
  payload: unknown;
  occurredAt: string;
}

/** Rows per insert: well under SQLite's limit of bound values per statement. */
const CHUNK = 500;

/** Rows of the insert from markers: five values an event. */
const eventRows = (v: Markers) =>
  Array.from({ length: v.length / 5 }, (_, i) => ({ id: v[5 * i]!, type: v[5 * i + 1]!, subject: v[5 * i + 2]!, payload: v[5 * i + 3]!, occurred_at: v[5 * i + 4]! }));

// Compiled once per number of events: a request emits one to a few.
const insertStatement = compiledStatement('outbox.insertEvents', (db, v) => db.insertInto('outbox_events').values(eventRows(v)));

// The same insert with a read of the active webhook endpoints (whom the events go to) after it:
// on PostgreSQL a commit's events then cost one round trip, not two.
const insertReadingEndpointsStatement = compiledStatement<EndpointRow>('outbox.insertEventsReadingEndpoints', (db, v) =>
  selectActiveEndpoints(db.with('inserted', (qb) => qb.insertInto('outbox_events').values(eventRows(v)))),
);

const valuesOf = (events: readonly OutboxEvent[]) => events.flatMap((e) => [e.id, e.type, e.subject, JSON.stringify(e.payload), e.occurredAt]);

export async function insertEvents(db: Executor, events: readonly OutboxEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += CHUNK) await insertStatement.run(db, valuesOf(events.slice(i, i + CHUNK)));
}

/** Inserts the events and reads the active webhook endpoints in the last insert (PostgreSQL's writable CTE). */
export async function insertEventsReadingEndpoints(db: Executor, events: readonly OutboxEvent[]): Promise<Endpoint[]> {
  const last = Math.max(0, events.length - CHUNK);
  await insertEvents(db, events.slice(0, last));
  return (await insertReadingEndpointsStatement.run(db, valuesOf(events.slice(last)))).map(toEndpoint);
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
