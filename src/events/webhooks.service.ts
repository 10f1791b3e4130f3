import { randomBytes } from 'node:crypto';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Executor } from '../db/executor.js';
import { EventErrors } from './errors.js';
import { isKnownPattern } from './event-types.js';
import type { EventsService } from './events.service.js';
import * as store from './webhooks.store.js';

export interface EndpointView {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  status: store.EndpointStatus;
  createdAt: string;
  updatedAt: string;
}

export interface CreateEndpoint {
  url: string;
  events: string[];
  secret?: string | undefined;
  description?: string | undefined;
}

export interface UpdateEndpoint {
  url?: string | undefined;
  events?: string[] | undefined;
  description?: string | undefined;
  status?: 'active' | 'disabled' | undefined;
}

function view(e: store.Endpoint): EndpointView {
  return { id: e.id, url: e.url, events: e.events, description: e.description, status: e.status, createdAt: e.createdAt, updatedAt: e.updatedAt };
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new VigilError(EventErrors.WEBHOOK_URL_INVALID, `"${url}" is not an absolute URL`, { url });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new VigilError(EventErrors.WEBHOOK_URL_INVALID, `webhook URLs must use http or https, not ${parsed.protocol}`, { url });
  }
}

function checkEvents(events: string[]): void {
  const unknown = events.filter((e) => !isKnownPattern(e));
  if (unknown.length > 0) {
    throw new VigilError(EventErrors.WEBHOOK_EVENT_UNKNOWN, `unknown event type(s): ${unknown.join(', ')}; see GET /v1/event-types`, { unknown });
  }
}

export class WebhooksService {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  /** Registers an endpoint. The signing secret is returned here and never again. */
  async create(trx: Executor, input: CreateEndpoint, actor: string): Promise<EndpointView & { secret: string }> {
    checkUrl(input.url);
    checkEvents(input.events);
    const at = this.clock.now().toISOString();
    const endpoint: store.Endpoint = {
      id: newId('whk'),
      url: input.url,
      events: [...new Set(input.events)],
      secret: input.secret ?? `whsec_${randomBytes(24).toString('base64url')}`,
      description: input.description ?? null,
      status: 'active',
      createdAt: at,
      updatedAt: at,
    };
    await this.events.fanOutEmitted(trx);
    await store.insertEndpoint(trx, endpoint);
    await this.audit.append(trx, { actor, action: 'webhook.created', subject: `webhook:${endpoint.id}`, data: { events: endpoint.events } });
    return { ...view(endpoint), secret: endpoint.secret };
  }

  async get(db: Executor, id: string): Promise<EndpointView> {
    return view(await this.load(db, id));
  }

  async list(db: Executor): Promise<EndpointView[]> {
    return (await store.listEndpoints(db)).map(view);
  }

  async update(trx: Executor, id: string, patch: UpdateEndpoint, actor: string): Promise<EndpointView> {
    const current = await this.load(trx, id);
    if (current.status === 'deleted') throw new VigilError(EventErrors.WEBHOOK_DELETED, `webhook ${id} was deleted`, { webhookId: id });
    if (patch.url !== undefined) checkUrl(patch.url);
    if (patch.events !== undefined) checkEvents(patch.events);
    const at = this.clock.now().toISOString();
    await this.events.fanOutEmitted(trx);
    await store.updateEndpoint(trx, id, { ...patch, ...(patch.events ? { events: [...new Set(patch.events)] } : {}) }, at);
    if (patch.status === 'disabled') await store.cancelPending(trx, id, at);
    await this.audit.append(trx, {
      actor,
      action: 'webhook.updated',
      subject: `webhook:${id}`,
      data: { changed: Object.keys(patch).filter((k) => patch[k as keyof UpdateEndpoint] !== undefined).sort(), status: patch.status ?? current.status },
    });
    return view((await store.getEndpoint(trx, id))!);
  }

  /** Deletes an endpoint: it stops receiving events at once; its delivery log is kept. */
  async remove(trx: Executor, id: string, actor: string): Promise<void> {
    const current = await this.load(trx, id);
    if (current.status === 'deleted') return;
    const at = this.clock.now().toISOString();
    await this.events.fanOutEmitted(trx);
    await store.updateEndpoint(trx, id, { status: 'deleted' }, at);
    await store.cancelPending(trx, id, at);
    await this.audit.append(trx, { actor, action: 'webhook.deleted', subject: `webhook:${id}` });
  }

  /** Queues a `webhook.ping` event for this endpoint only. */
  async ping(trx: Executor, id: string, actor: string): Promise<{ eventId: string }> {
    const endpoint = await this.load(trx, id);
    if (endpoint.status !== 'active') {
      throw new VigilError(EventErrors.WEBHOOK_DELETED, `webhook ${id} is ${endpoint.status}; only active endpoints can be pinged`, { webhookId: id });
    }
    const eventId = await this.events.emit(trx, { type: 'webhook.ping', subject: `webhook:${id}`, payload: { webhookId: id } }, id);
    await this.audit.append(trx, { actor, action: 'webhook.pinged', subject: `webhook:${id}`, data: { eventId } });
    return { eventId };
  }

  async deliveries(db: Executor, id: string, limit: number): Promise<Array<store.Delivery & { attemptLog: store.Attempt[] }>> {
    await this.load(db, id);
    const deliveries = await store.listDeliveries(db, id, limit);
    const attempts = await store.listAttempts(db, deliveries.map((d) => d.id));
    return deliveries.map((d) => ({ ...d, attemptLog: attempts.get(d.id) ?? [] }));
  }

  private async load(db: Executor, id: string): Promise<store.Endpoint> {
    const endpoint = await store.getEndpoint(db, id);
    if (!endpoint) throw new VigilError(EventErrors.WEBHOOK_NOT_FOUND, `no webhook endpoint with id ${id}`, { webhookId: id });
    return endpoint;
  }
}
