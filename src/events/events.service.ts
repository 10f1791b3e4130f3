import type { Clock } from '../core/clock.js';
import { newId, newUuid } from '../core/ids.js';
import { atCommit, staged } from '../db/commit-work.js';
import type { Capabilities, Executor } from '../db/executor.js';
import type { Schema } from '../db/schema.js';
import { matches } from './event-types.js';
import * as outbox from './outbox.store.js';
import * as webhooks from './webhooks.store.js';

export interface NewEvent {
  type: string;
  subject: string;
  /** Ids, statuses, versions — never personal data: payloads leave Vigil. */
  payload: Record<string, unknown>;
}

type NewDelivery = { id: string; eventId: string; endpointId: string; at: string };

interface StagedEvent {
  event: outbox.OutboxEvent;
  /** Deliver to this endpoint only (a ping), if it is active. */
  onlyEndpointId: string | undefined;
  /** Set when the event was fanned out before the commit, because an endpoint changed after it. */
  deliveries?: NewDelivery[];
}

const STAGED = Symbol('outbox events');

/**
 * Writes domain events to the outbox in the caller's transaction, with one pending delivery
 * per subscribed endpoint. If the transaction commits, delivery is only a matter of time;
 * if it rolls back, no one hears of a change that did not happen.
 */
export class EventsService {
  constructor(
    private readonly clock: Clock,
    private readonly caps: Pick<Capabilities, 'writableCte'>,
  ) {}

  /**
   * In a transaction opened by `Database.transaction` the event is written just before the
   * commit, with every other event of that commit in one insert (a sign-up emits half a dozen).
   */
  async emit(trx: Executor, event: NewEvent, onlyEndpointId?: string): Promise<string> {
    const id = newUuid();
    const staged: StagedEvent = { event: { id, type: event.type, subject: event.subject, payload: event.payload, occurredAt: this.clock.now().toISOString() }, onlyEndpointId };
    const waiting = atCommit<StagedEvent, Schema>(trx, STAGED, (items) => write(trx, items, this.caps));
    if (waiting) waiting.push(staged);
    else await write(trx, [staged], this.caps);
    return id;
  }

  /**
   * Fans out the events the transaction has emitted so far to the endpoints active now. Called
   * before an endpoint changes, so that each event goes to the endpoints subscribed when it
   * occurred; the others are fanned out as they are written.
   */
  async fanOutEmitted(trx: Executor): Promise<void> {
    const pending = staged<StagedEvent, Schema>(trx, STAGED).filter((item) => !item.deliveries);
    if (pending.length === 0) return;
    const endpoints = await webhooks.activeEndpoints(trx);
    for (const item of pending) item.deliveries = deliveriesOf(item, endpoints);
  }

  get(db: Executor, id: string): Promise<outbox.OutboxEvent | undefined> {
    return outbox.getEvent(db, id);
  }

  list(db: Executor, opts: { afterId?: string; type?: string; limit: number }): Promise<outbox.OutboxEvent[]> {
    return outbox.listEvents(db, opts);
  }
}

/** The events, and one pending delivery for each endpoint subscribed to each. */
async function write(trx: Executor, items: readonly StagedEvent[], caps: Pick<Capabilities, 'writableCte'>): Promise<void> {
  const events = items.map((i) => i.event);
  let endpoints: webhooks.Endpoint[];
  if (caps.writableCte) {
    endpoints = await outbox.insertEventsReadingEndpoints(trx, events);
  } else {
    await outbox.insertEvents(trx, events);
    endpoints = items.every((i) => i.deliveries) ? [] : await webhooks.activeEndpoints(trx);
  }
  await webhooks.insertDeliveries(trx, items.flatMap((item) => item.deliveries ?? deliveriesOf(item, endpoints)));
}

function deliveriesOf({ event, onlyEndpointId }: StagedEvent, endpoints: readonly webhooks.Endpoint[]): NewDelivery[] {
  return endpoints
    .filter((e) => (onlyEndpointId ? e.id === onlyEndpointId : e.events.some((pattern) => matches(pattern, event.type))))
    .map((e) => ({ id: newId('dlv'), eventId: event.id, endpointId: e.id, at: event.occurredAt }));
}
