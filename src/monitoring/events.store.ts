import { CompiledQuery, sql, type Insertable } from 'kysely';
import type { Executor } from '../db/executor.js';
import type { Schema } from '../db/schema.js';

export interface StoredEvent {
  seq: number;
  eventId: string;
  type: string;
  customerId: string;
  occurredAt: string;
  data: Record<string, unknown>;
  receivedAt: string;
}

export type NewEvent = Omit<StoredEvent, 'seq'>;
/** Rows per INSERT: 7 parameters each stays far below SQLite's and PostgreSQL's limits. */
const CHUNK = 1000;

/**
 * What one ingest transaction stored: it drew the numbers `after`+1 … `to` (duplicates leave some
 * unused), so `events` are every stored event numbered in that range, in order.
 */
export interface AppendedRange {
  after: number;
  to: number;
  events: StoredEvent[];
}

/**
 * Appends events in one transaction and returns what it stored (others were already there).
 * The head row's update takes its lock first, so on PostgreSQL ingest transactions commit in the
 * order of the numbers they drew and a reader following `seq` never skips a late commit.
 */
export async function append(trx: Executor, rows: readonly NewEvent[]): Promise<AppendedRange> {
  if (rows.length === 0) return { after: 0, to: 0, events: [] };
  const head = await trx.updateTable('monitoring_head').set({ seq: sql`seq + ${rows.length}` }).where('id', '=', 1).returning('seq').executeTakeFirstOrThrow();
  const to = Number(head.seq);
  let seq = to - rows.length;
  const after = seq;
  const events: StoredEvent[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map((r) => ({ ...r, seq: ++seq }));
    const params: unknown[] = [];
    for (const r of chunk) params.push(r.seq, r.eventId, r.type, r.customerId, r.occurredAt, JSON.stringify(r.data), r.receivedAt);
    const { rows: inserted } = await trx.executeQuery(CompiledQuery.raw(insertText(trx, chunk.length), params));
    if (inserted.length === chunk.length) events.push(...chunk);
    else {
      const stored = new Set((inserted as Array<{ event_id: string }>).map((r) => r.event_id));
      for (const r of chunk) if (stored.has(r.eventId)) events.push(r);
    }
  }
  return { after, to, events };
}

const COLUMNS = ['seq', 'event_id', 'type', 'customer_id', 'occurred_at', 'data', 'received_at'] as const;
const insertTexts = new Map<string, string>();

/**
 * The text of an insert of `count` events, compiled by Kysely once per store and row count:
 * building and compiling thousands of value nodes per batch cost as much as SQLite's own insert.
 * Parameters go row by row in COLUMNS order, which the template's compilation confirms.
 */
function insertText(trx: Executor, count: number): string {
  const row = (n: number) => Object.fromEntries(COLUMNS.map((c) => [c, `${c}#${n}`])) as unknown as Insertable<Schema['monitoring_events']>;
  const build = (n: number) => trx.insertInto('monitoring_events').values(Array.from({ length: n }, (_, i) => row(i))).onConflict((oc) => oc.column('event_id').doNothing()).returning('event_id').compile();
  // One row's text tells the stores apart ("?" or "$1" placeholders, schema-qualified or not).
  const key = `${build(1).sql}|${count}`;
  let text = insertTexts.get(key);
  if (!text) {
    const template = build(count);
    const expected = Array.from({ length: count }, (_, i) => COLUMNS.map((c) => `${c}#${i}`)).flat();
    if (template.parameters.length !== expected.length || template.parameters.some((p, i) => p !== expected[i])) throw new Error('monitoring_events insert: unexpected parameter order');
    insertTexts.set(key, (text = template.sql));
  }
  return text;
}

/** Events after `afterSeq` in order, at most `limit`. */
export async function after(db: Executor, afterSeq: number, limit: number): Promise<StoredEvent[]> {
  const rows = await db.selectFrom('monitoring_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  return rows.map(toStored);
}

/**
 * Each customer's events after their checkpoint (`since`) up to `until`, in order: what a loaded
 * state has not seen yet.
 */
export async function replay(db: Executor, since: ReadonlyMap<string, number>, until: number): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  const entries = [...since].filter(([, seq]) => seq < until);
  // A hundred (customer, seq) ranges per query, each an index range scan.
  for (let i = 0; i < entries.length; i += 100) {
    const part = entries.slice(i, i + 100);
    const rows = await db
      .selectFrom('monitoring_events')
      .selectAll()
      .where((eb) => eb.or(part.map(([customerId, seq]) => eb.and([eb('customer_id', '=', customerId), eb('seq', '>', seq)]))))
      .where('seq', '<=', until)
      .execute();
    for (const r of rows) out.push(toStored(r));
  }
  return out.sort((a, b) => a.seq - b.seq);
}

export async function byIds(db: Executor, ids: readonly string[]): Promise<StoredEvent[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('monitoring_events').selectAll().where('event_id', 'in', ids).orderBy('seq').execute();
  return rows.map(toStored);
}

/**
 * The newest stored event's number and how many wait after `processed`. Duplicates draw numbers
 * they never use, so numbers have gaps: the waiting events are counted, not subtracted.
 */
export async function progress(db: Executor, processed: number): Promise<{ lastSeq: number; waiting: number }> {
  const last = await db.selectFrom('monitoring_events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  const waiting = await db.selectFrom('monitoring_events').select((eb) => eb.fn.countAll<number>().as('n')).where('seq', '>', processed).executeTakeFirstOrThrow();
  return { lastSeq: Number(last?.seq ?? 0), waiting: Number(waiting.n) };
}

export async function paymentMethods(db: Executor, customerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('monitoring_events')
    .select('data')
    .where('customer_id', '=', customerId)
    .where('type', 'in', ['payment.deposit', 'payment.withdrawal', 'crypto.deposit', 'crypto.withdrawal'])
    .orderBy('seq', 'desc')
    .limit(500)
    .execute();
  const methods = new Set<string>();
  for (const r of rows) {
    const d = JSON.parse(r.data) as { method?: unknown; asset?: unknown };
    if (typeof d.method === 'string') methods.add(d.method);
    else if (typeof d.asset === 'string') methods.add('crypto');
  }
  return [...methods].sort();
}

function toStored(r: { seq: number; event_id: string; type: string; customer_id: string; occurred_at: string; data: string; received_at: string }): StoredEvent {
  return { seq: Number(r.seq), eventId: r.event_id, type: r.type, customerId: r.customer_id, occurredAt: r.occurred_at, data: JSON.parse(r.data) as Record<string, unknown>, receivedAt: r.received_at };
}
