import type { Clock } from '../core/clock.js';
import { newId, newUuid } from '../core/ids.js';
import { atCommit } from '../db/commit-work.js';
import type { Executor } from '../db/executor.js';
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

interface StagedEvent {
  event: outbox.OutboxEvent;
  deliveries: Array<{ id: string; eventId: string; endpointId: string; at: string }>;
}

const STAGED = Symbol('outbox events');

/**
 * Writes domain events to the outbox in the caller's transaction, with one pending delivery
 * per subscribed endpoint. If the transaction commits, delivery is only a matter of time;
 * if it rolls back, no one hears of a change that did not happen.
 */
export class EventsService {
  constructor(private readonly clock: Clock) {}

  /**
   * In a transaction opened by `Database.transaction` the event is written just before the
   * commit, with every other event of that commit in one insert (a sign-up emits half a dozen).
   */
  async emit(trx: Executor, event: NewEvent, onlyEndpointId?: string): Promise<string> {
    const id = newUuid();
    const at = this.clock.now().toISOString();
    const endpoints = await webhooks.activeEndpoints(trx);
    const targets = endpoints.filter((e) =>
      onlyEndpointId ? e.id === onlyEndpointId : e.events.some((pattern) => matches(pattern, event.type)),
    );
    const staged: StagedEvent = {
      event: { id, type: event.type, subject: event.subject, payload: event.payload, occurredAt: at },
      deliveries: targets.map((e) => ({ id: newId('dlv'), eventId: id, endpointId: e.id, at })),
    };
    const waiting = atCommit<StagedEvent, Schema>(trx, STAGED, (items) => write(trx, items));
    if (waiting) waiting.push(staged);
    else await write(trx, [staged]);
    return id;
  }

  get(db: Executor, id: string): Promise<outbox.OutboxEvent | undefined> {
    return outbox.getEvent(db, id);
  }

  list(db: Executor, opts: { afterId?: string; type?: string; limit: number }): Promise<outbox.OutboxEvent[]> {
    return outbox.listEvents(db, opts);
  }
}

async function write(trx: Executor, items: readonly StagedEvent[]): Promise<void> {
  await outbox.insertEvents(trx, items.map((i) => i.event));
  await webhooks.insertDeliveries(trx, items.flatMap((i) => i.deliveries));
}
