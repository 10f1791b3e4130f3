import { compiledStatement } from '../db/compiled.js';
import type { Capabilities, Executor } from '../db/executor.js';
import type { QueryCreator } from 'kysely';
import type { Schema, WebhookDeliveryTable, WebhookEndpointTable } from '../db/schema.js';

export type EndpointStatus = 'active' | 'disabled' | 'deleted';

export interface Endpoint {
  id: string;
  url: string;
  events: string[];
  secret: string;
  description: string | null;
  status: EndpointStatus;
  createdAt: string;
  updatedAt: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

export interface Delivery {
  id: string;
  eventId: string;
  endpointId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Attempt {
  attempt: number;
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export type EndpointRow = WebhookEndpointTable;

export function toEndpoint(r: EndpointRow): Endpoint {
  return {
    id: r.id,
    url: r.url,
    events: JSON.parse(r.events) as string[],
    secret: r.secret,
    description: r.description,
    status: r.status as EndpointStatus,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

type DeliveryRow = Omit<WebhookDeliveryTable, 'lease_until'>;

function toDelivery(r: DeliveryRow): Delivery {
  return {
    id: r.id,
    eventId: r.event_id,
    endpointId: r.endpoint_id,
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const DELIVERY_COLUMNS = [
  'id',
  'event_id',
  'endpoint_id',
  'status',
  'attempts',
  'next_attempt_at',
  'last_status_code',
  'last_error',
  'created_at',
  'updated_at',
] as const;

const ENDPOINT_COLUMNS = ['id', 'url', 'events', 'secret', 'description', 'status', 'created_at', 'updated_at'] as const;

/** The endpoints events are fanned out to, oldest first: on its own, or after an insert (outbox.store). */
export function selectActiveEndpoints(db: QueryCreator<Schema>) {
  return db.selectFrom('webhook_endpoints').select(ENDPOINT_COLUMNS).where('status', '=', 'active').orderBy('created_at').orderBy('id');
}

// Read by every commit that emits events: compiled once.
const activeStatement = compiledStatement<EndpointRow>('webhooks.active', (db) => selectActiveEndpoints(db));

export async function activeEndpoints(db: Executor): Promise<Endpoint[]> {
  return (await activeStatement.run(db, [])).map(toEndpoint);
}

export async function insertEndpoint(db: Executor, e: Endpoint): Promise<void> {
  await db
    .insertInto('webhook_endpoints')
    .values({
      id: e.id,
      url: e.url,
      events: JSON.stringify(e.events),
      secret: e.secret,
      description: e.description,
      status: e.status,
      created_at: e.createdAt,
      updated_at: e.updatedAt,
    })
    .execute();
}

export async function getEndpoint(db: Executor, id: string): Promise<Endpoint | undefined> {
  const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toEndpoint(row) : undefined;
}

/** Endpoints with the given status, or all but deleted ones. */
export async function listEndpoints(db: Executor, opts: { status?: EndpointStatus } = {}): Promise<Endpoint[]> {
  let q = db.selectFrom('webhook_endpoints').selectAll();
  q = opts.status ? q.where('status', '=', opts.status) : q.where('status', '!=', 'deleted');
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map(toEndpoint);
}

export async function updateEndpoint(
  db: Executor,
  id: string,
  patch: Partial<Pick<Endpoint, 'url' | 'events' | 'description' | 'status'>>,
  at: string,
): Promise<void> {
  await db
    .updateTable('webhook_endpoints')
    .set({
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.events !== undefined ? { events: JSON.stringify(patch.events) } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

export async function insertDeliveries(db: Executor, rows: ReadonlyArray<{ id: string; eventId: string; endpointId: string; at: string }>): Promise<void> {
  // 11 values a row: 250 rows stay well under SQLite's limit of bound values per statement.
  for (let i = 0; i < rows.length; i += 250) {
    await db
      .insertInto('webhook_deliveries')
      .values(
        rows.slice(i, i + 250).map((r) => ({
          id: r.id,
          event_id: r.eventId,
          endpoint_id: r.endpointId,
          status: 'pending',
          attempts: 0,
          next_attempt_at: r.at,
          lease_until: null,
          last_status_code: null,
          last_error: null,
          created_at: r.at,
          updated_at: r.at,
        })),
      )
      .onConflict((oc) => oc.columns(['event_id', 'endpoint_id']).doNothing())
      .execute();
  }
}

export async function cancelPending(db: Executor, endpointId: string, at: string): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'cancelled', updated_at: at })
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Leases up to `limit` due deliveries to this node until `leaseUntil`. On PostgreSQL rows are
 * locked with SKIP LOCKED so nodes never claim the same delivery; SQLite has one writer.
 * A node that dies mid-delivery leaves a lease that simply runs out, and another node retries.
 */
export async function claimDue(db: Executor, caps: Capabilities, now: string, leaseUntil: string, limit: number): Promise<Delivery[]> {
  let q = db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(limit);
  if (caps.skipLocked) q = q.forUpdate().skipLocked();
  const ids = (await q.execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('webhook_deliveries')
    .set({ lease_until: leaseUntil })
    .where('id', 'in', ids)
    .returning(DELIVERY_COLUMNS)
    .execute();
  return rows.map(toDelivery);
}

export async function recordAttempt(
  db: Executor,
  delivery: { id: string; attempt: number },
  outcome: { at: string; statusCode: number | null; error: string | null; durationMs: number; status: DeliveryStatus; nextAttemptAt: string },
): Promise<void> {
  await db
    .insertInto('webhook_attempts')
    .values({
      delivery_id: delivery.id,
      attempt: delivery.attempt,
      at: outcome.at,
      status_code: outcome.statusCode,
      error: outcome.error,
      duration_ms: outcome.durationMs,
    })
    .onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing())
    .execute();
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: outcome.status,
      attempts: delivery.attempt,
      next_attempt_at: outcome.nextAttemptAt,
      lease_until: null,
      last_status_code: outcome.statusCode,
      last_error: outcome.error,
      updated_at: outcome.at,
    })
    .where('id', '=', delivery.id)
    .execute();
}

export async function listDeliveries(db: Executor, endpointId: string, limit: number): Promise<Delivery[]> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select(DELIVERY_COLUMNS)
    .where('endpoint_id', '=', endpointId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toDelivery);
}

export async function listAttempts(db: Executor, deliveryIds: string[]): Promise<Map<string, Attempt[]>> {
  const out = new Map<string, Attempt[]>();
  if (deliveryIds.length === 0) return out;
  const rows = await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('attempt').execute();
  for (const r of rows) {
    const list = out.get(r.delivery_id) ?? [];
    list.push({ attempt: r.attempt, at: r.at, statusCode: r.status_code, error: r.error, durationMs: r.duration_ms });
    out.set(r.delivery_id, list);
  }
  return out;
}

export async function countByStatus(db: Executor): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select(['status', db.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
