import { z } from 'zod';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import type { Database } from '../db/executor.js';
import { resolveCustomers } from './customer-refs.js';
import { MonitoringErrors } from './errors.js';
import * as events from './events.store.js';
import { MalformedLine } from './ndjson.js';
import { payerNameMatch } from './payer-name.js';
import { EVENT_DATA_SCHEMAS, MONITORING_EVENT_TYPES, type MonitoringEventType } from './rules/event.js';

/** What ingestion needs from the rest of Vigil: names from the vault, KYT verdicts, pseudonyms. */
export interface IngestEnrichment {
  customerNames(customerIds: readonly string[]): Promise<Map<string, string>>;
  addressVerdict(address: string, asset: string): Promise<{ riskScore: number; flags: string[] }>;
  pseudonym(purpose: string, value: string): string;
}

export interface RejectedEvent {
  index: number;
  id?: string;
  code: string;
  message: string;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: RejectedEvent[];
}

const envelope = z
  .object({
    id: z.string().min(1).max(200),
    type: z.enum(MONITORING_EVENT_TYPES),
    customerId: z.string().min(1).max(100).optional(),
    customerRef: z.string().min(1).max(200).optional(),
    occurredAt: z.iso.datetime({ offset: true }),
    data: z.record(z.string(), z.unknown()),
  })
  .strict()
  .refine((e) => (e.customerId === undefined) !== (e.customerRef === undefined), { message: 'give exactly one of customerId and customerRef' });

type Envelope = z.infer<typeof envelope>;
interface Candidate {
  index: number;
  env: Envelope;
  customerId: string;
}

const FUTURE_SLACK_MS = 60 * 60 * 1000;

/**
 * Accepts customer events durably: a batch is validated event by event, the valid ones are stored
 * in one transaction and acknowledged only after it commits; invalid ones are reported by index and
 * do not hold the rest back. Event ids make it idempotent — a resent event is counted as a duplicate.
 * Personal data in events is reduced before it is stored: a payer's name to whether it agrees with
 * the customer's (nothing when the customer has no name on file), login IPs and device ids to keyed pseudonyms.
 */
export class EventIngestService {
  private readonly listeners: Array<(stored: events.AppendedRange) => void> = [];

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly enrichment: IngestEnrichment,
    readonly maxBatch: number,
  ) {}

  /** Called after each commit that stored events, with what it stored. */
  onIngested(listener: (stored: events.AppendedRange) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Stores the valid events of a batch. A batch with none is refused (EVENT_BATCH_REJECTED) unless
   * `allowNone` is set: a file streamed in batches reports bad lines, it does not fail on one chunk.
   */
  async ingest(raw: readonly unknown[], actor: string, options: { allowNone?: boolean } = {}): Promise<IngestResult> {
    if (raw.length === 0) throw new VigilError(MonitoringErrors.EVENT_BATCH_EMPTY, 'the batch holds no events', {});
    if (raw.length > this.maxBatch) throw new VigilError(MonitoringErrors.EVENT_BATCH_TOO_LARGE, `a batch may hold at most ${this.maxBatch} events; this one holds ${raw.length}`, { max: this.maxBatch, got: raw.length });
    const rejected: RejectedEvent[] = [];
    const valid = await this.resolve(this.parse(raw, rejected), rejected);
    const rows = await this.enrich(valid, rejected);
    const seen = new Set<string>();
    const unique = rows.filter((r) => !seen.has(r.eventId) && seen.add(r.eventId));
    const stored = unique.length === 0 ? null : await this.store(unique, rejected.length, actor);
    const accepted = stored?.events.length ?? 0;
    rejected.sort((a, b) => a.index - b.index);
    if (accepted === 0 && rejected.length === raw.length && !options.allowNone) {
      throw new VigilError(MonitoringErrors.EVENT_BATCH_REJECTED, `none of the ${raw.length} events is valid; first: #${rejected[0]?.index} ${rejected[0]?.message}`, { rejected: rejected.slice(0, 100) });
    }
    if (stored && accepted > 0) for (const l of this.listeners) l(stored);
    return { accepted, duplicates: raw.length - rejected.length - accepted, rejected };
  }

  private parse(raw: readonly unknown[], rejected: RejectedEvent[]): Array<{ index: number; env: Envelope }> {
    const out: Array<{ index: number; env: Envelope }> = [];
    const latest = this.clock.now().getTime() + FUTURE_SLACK_MS;
    raw.forEach((item, index) => {
      if (item instanceof MalformedLine) return rejected.push({ index, code: MonitoringErrors.EVENT_INVALID.code, message: item.message });
      const parsed = envelope.safeParse(item);
      const id = typeof (item as { id?: unknown } | null)?.id === 'string' ? (item as { id: string }).id : undefined;
      if (!parsed.success) return rejected.push({ index, ...(id ? { id } : {}), code: MonitoringErrors.EVENT_INVALID.code, message: describe(parsed.error) });
      if (Date.parse(parsed.data.occurredAt) > latest) return rejected.push({ index, id: parsed.data.id, code: MonitoringErrors.EVENT_INVALID.code, message: 'occurredAt: more than an hour in the future' });
      out.push({ index, env: parsed.data });
    });
    return out;
  }

  private async resolve(items: Array<{ index: number; env: Envelope }>, rejected: RejectedEvent[]): Promise<Candidate[]> {
    const ids = items.flatMap((i) => (i.env.customerId ? [i.env.customerId] : []));
    const refs = items.flatMap((i) => (i.env.customerRef ? [i.env.customerRef] : []));
    const known = await resolveCustomers(this.database.db, ids, refs);
    const out: Candidate[] = [];
    for (const { index, env } of items) {
      const customerId = env.customerId !== undefined ? (known.byId.has(env.customerId) ? env.customerId : undefined) : known.byRef.get(env.customerRef!);
      if (customerId) out.push({ index, env, customerId });
      else rejected.push({ index, id: env.id, code: MonitoringErrors.EVENT_CUSTOMER_UNKNOWN.code, message: `no customer ${env.customerId ?? `with reference ${env.customerRef}`}` });
    }
    return out;
  }

  private async enrich(items: Candidate[], rejected: RejectedEvent[]) {
    const payers = items.filter((c) => typeof c.env.data['payerName'] === 'string').map((c) => c.customerId);
    const names = payers.length > 0 ? await this.enrichment.customerNames(payers) : new Map<string, string>();
    const receivedAt = this.clock.now().toISOString();
    const rows: Array<events.NewEvent> = [];
    for (const c of items) {
      const { payerName, ...wire } = c.env.data;
      const parsed = EVENT_DATA_SCHEMAS[c.env.type].safeParse(wire);
      if (!parsed.success || (payerName !== undefined && (typeof payerName !== 'string' || !c.env.type.startsWith('payment.')))) {
        const message = parsed.success ? 'data.payerName: only payment events carry a payer name, as a string' : describe(parsed.error, 'data');
        rejected.push({ index: c.index, id: c.env.id, code: MonitoringErrors.EVENT_INVALID.code, message });
        continue;
      }
      const data = await this.reduce(c.env.type, { ...parsed.data }, payerName as string | undefined, names.get(c.customerId));
      rows.push({ eventId: c.env.id, type: c.env.type, customerId: c.customerId, occurredAt: new Date(c.env.occurredAt).toISOString(), data, receivedAt });
    }
    return rows;
  }

  /** Replaces personal data with what rules need, and adds the KYT verdict to crypto events. */
  private async reduce(type: MonitoringEventType, data: Record<string, unknown>, payerName: string | undefined, customerName: string | undefined): Promise<Record<string, unknown>> {
    // A customer without a name on file cannot be compared: the field stays absent (unknown), which no rule reads as a mismatch.
    const matches = payerName === undefined ? undefined : payerNameMatch(payerName, customerName);
    if (matches !== undefined) data['payerNameMatches'] = matches;
    if (type === 'account.login') {
      if (typeof data['ip'] === 'string') data['ip'] = this.enrichment.pseudonym('event-ip', data['ip']);
      if (typeof data['deviceId'] === 'string') data['deviceId'] = this.enrichment.pseudonym('event-device', data['deviceId']);
    }
    if ((type === 'crypto.deposit' || type === 'crypto.withdrawal') && typeof data['address'] === 'string') {
      const verdict = await this.enrichment.addressVerdict(data['address'], typeof data['asset'] === 'string' ? data['asset'] : '');
      const given = typeof data['addressRisk'] === 'number' ? data['addressRisk'] : 0;
      const flags = Array.isArray(data['addressFlags']) ? (data['addressFlags'] as unknown[]).filter((f): f is string => typeof f === 'string') : [];
      data['addressRisk'] = Math.max(given, verdict.riskScore);
      data['addressFlags'] = [...new Set([...flags, ...verdict.flags.map((f) => f.toLowerCase())])].sort();
    }
    return data;
  }

  private async store(rows: events.NewEvent[], rejectedCount: number, actor: string): Promise<events.AppendedRange> {
    return this.database.transaction(async (trx) => {
      const stored = await events.append(trx, rows);
      const accepted = stored.events.length;
      if (accepted > 0) {
        await this.audit.append(trx, { actor, action: 'events.ingested', subject: 'monitoring:events', data: { accepted, duplicates: rows.length - accepted, rejected: rejectedCount } });
      }
      return stored;
    });
  }
}

function describe(error: z.ZodError, prefix?: string): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(event)'}: ${i.message}`)
    .join('; ');
}
