import { request } from 'undici';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/executor.js';
import { getEvent } from './outbox.store.js';
import { signPayload } from './signature.js';
import * as store from './webhooks.store.js';

export interface DispatcherOptions {
  maxAttempts: number;
  timeoutMs: number;
  pollIntervalMs: number;
  batchSize: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export interface DispatcherLogger {
  warn(obj: object, msg: string): void;
}

/** Exponential backoff with ±20 % jitter so failing endpoints are not hit in lock-step. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/**
 * Delivers outbox events to webhook endpoints, at least once: a delivery leaves `pending` only
 * after the receiver answered 2xx (or the attempts ran out), and that state change is written
 * after the HTTP call. Receivers dedupe on `Vigil-Event-Id`.
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = true;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly options: DispatcherOptions,
    private readonly logger?: DispatcherLogger,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce();
      this.running
        .catch((err: unknown) => this.logger?.warn({ err }, 'webhook dispatch round failed'))
        .then((n) => this.schedule(n === this.options.batchSize ? 0 : this.options.pollIntervalMs))
        .catch(() => undefined);
    }, delay);
    this.timer.unref();
  }

  /** One round: claims due deliveries and attempts each. Returns how many were attempted. */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + this.options.timeoutMs * 2 + 5000).toISOString();
    const claimed = await this.database.transaction((trx) =>
      store.claimDue(trx, this.database.caps, now.toISOString(), leaseUntil, this.options.batchSize),
    );
    await Promise.all(claimed.map((d) => this.attempt(d)));
    return claimed.length;
  }

  private async attempt(delivery: store.Delivery): Promise<void> {
    const db = this.database.db;
    const [event, endpoint] = await Promise.all([getEvent(db, delivery.eventId), store.getEndpoint(db, delivery.endpointId)]);
    const attempt = delivery.attempts + 1;
    if (!event || !endpoint || endpoint.status !== 'active') {
      const at = this.clock.now().toISOString();
      await this.database.transaction((trx) =>
        store.recordAttempt(trx, { id: delivery.id, attempt }, { at, statusCode: null, error: 'endpoint no longer active', durationMs: 0, status: 'cancelled', nextAttemptAt: at }),
      );
      return;
    }
    const body = JSON.stringify({ id: event.id, type: event.type, subject: event.subject, occurredAt: event.occurredAt, data: event.payload });
    const started = this.clock.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await request(endpoint.url, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Vigil-Webhooks/1',
          'vigil-event-id': event.id,
          'vigil-event-type': event.type,
          'vigil-delivery-id': delivery.id,
          'vigil-delivery-attempt': String(attempt),
          'vigil-signature': signPayload(endpoint.secret, body, Math.floor(started.getTime() / 1000)),
        },
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      statusCode = res.statusCode;
      await res.body.dump();
      if (statusCode < 200 || statusCode >= 300) error = `receiver answered HTTP ${statusCode}`;
    } catch (err) {
      error = (err as Error).message || 'request failed';
    }
    const finished = this.clock.now();
    const ok = error === null;
    const exhausted = attempt >= this.options.maxAttempts;
    const status: store.DeliveryStatus = ok ? 'delivered' : exhausted ? 'failed' : 'pending';
    const next = ok || exhausted ? finished : new Date(finished.getTime() + backoffMs(attempt, this.options.backoffBaseMs, this.options.backoffMaxMs));
    await this.database.transaction((trx) =>
      store.recordAttempt(
        trx,
        { id: delivery.id, attempt },
        {
          at: finished.toISOString(),
          statusCode,
          error: error?.slice(0, 500) ?? null,
          durationMs: finished.getTime() - started.getTime(),
          status,
          nextAttemptAt: next.toISOString(),
        },
      ),
    );
    if (!ok) this.logger?.warn({ deliveryId: delivery.id, webhookId: endpoint.id, attempt, statusCode }, 'webhook delivery failed');
  }
}
