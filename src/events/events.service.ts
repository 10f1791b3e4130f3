import type { Clock } from '../core/clock.js';
import { newId, newUuid } from '../core/ids.js';
import type { Executor } from '../db/executor.js';
import { matches } from './event-types.js';
import * as outbox from './outbox.store.js';
import * as webhooks from './webhooks.store.js';

export interface NewEvent {
  type: string;
  subject: string;
  /** Ids, statuses, versions — never personal data: payloads leave Vigil. */
  payload: Record<string, unknown>;
}

/**
 * Writes domain events to the outbox in the caller's transaction, with one pending delivery
 * per subscribed endpoint. If the transaction commits, delivery is only a matter of time;
 * if it rolls back, no one hears of a change that did not happen.
 */
export class EventsService {
  constructor(private readonly clock: Clock) {}

  async emit(trx: Executor, event: NewEvent, onlyEndpointId?: string): Promise<string> {
    const id = newUuid();
    const at = this.clock.now().toISOString();
    await outbox.insertEvent(trx, { id, type: event.type, subject: event.subject, payload: event.payload, occurredAt: at });
    const endpoints = await webhooks.activeEndpoints(trx);
    const targets = endpoints.filter((e) =>
      onlyEndpointId ? e.id === onlyEndpointId : e.events.some((pattern) => matches(pattern, event.type)),
    );
    await webhooks.insertDeliveries(
      trx,
      targets.map((e) => ({ id: newId('dlv'), eventId: id, endpointId: e.id })),
      at,
    );
    return id;
  }

  get(db: Executor, id: string): Promise<outbox.OutboxEvent | undefined> {
    return outbox.getEvent(db, id);
  }

  list(db: Executor, opts: { afterId?: string; type?: string; limit: number }): Promise<outbox.OutboxEvent[]> {
    return outbox.listEvents(db, opts);
  }
}
