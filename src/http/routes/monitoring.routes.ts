import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import { VigilError } from '../../core/errors.js';
import { MonitoringErrors } from '../../monitoring/errors.js';
import { parseNdjson } from '../../monitoring/ndjson.js';
import { mutate } from '../mutation.js';

const tags = ['monitoring'];
/**
 * Event batches (up to monitoring.maxBatch events, 10,000 by default) are far larger than any
 * other request, so this route has a limit of its own instead of server.bodyLimitBytes.
 */
const MAX_BODY = 64 * 1024 * 1024;

/** A JSON event, a JSON array of events, or NDJSON text (one event per line). */
function eventsOf(body: unknown, ndjson: boolean): unknown[] {
  if (ndjson && typeof body === 'string') return parseNdjson(body);
  if (Array.isArray(body)) return body;
  if (typeof body === 'object' && body !== null) return [body];
  throw new VigilError(MonitoringErrors.EVENT_BODY_MALFORMED, 'send one event as a JSON object, a JSON array of events, or NDJSON (application/x-ndjson)', {});
}

const ingestResult = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), id: z.string().optional(), code: z.string(), message: z.string() })),
});

export function monitoringRoutes(app: FastifyInstance, vigil: Vigil): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/v1/events',
    {
      bodyLimit: MAX_BODY,
      config: { access: { permission: 'monitoring:ingest' } },
      schema: {
        tags,
        summary: 'Ingest customer events (payments, crypto, proxy usage, logins): one JSON event, a JSON array, or NDJSON. Stored durably before the answer; valid events are kept and invalid ones reported by index; event ids make it idempotent.',
        body: z.unknown(),
        response: { 200: ingestResult },
      },
    },
    async (req) => vigil.eventIngest.ingest(eventsOf(req.body, /ndjson/i.test(req.headers['content-type'] ?? '')), req.principal!.actor),
  );

  r.get(
    '/v1/alerts',
    {
      config: { access: { permission: 'alerts:read' } },
      schema: {
        tags,
        summary: 'Alerts of every kind (monitoring rules, confirmed screening matches), newest first',
        querystring: z.strictObject({
          customerId: z.string().max(64).optional(),
          status: z.enum(['open', 'closed']).optional(),
          kind: z.enum(['monitoring', 'screening.true_match']).optional(),
          rule: z.string().max(64).optional(),
          before: z.iso.datetime({ offset: true, message: 'an ISO 8601 time such as 2026-06-01T00:00:00Z (alerts created before it)' })
            .transform((t) => new Date(t).toISOString())
            .optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (req) => ({ data: await vigil.alerts.list(vigil.database.db, { ...stripUndefined(req.query), ruleId: req.query.rule }) }),
  );

  r.get(
    '/v1/alerts/:id',
    { config: { access: { permission: 'alerts:read' } }, schema: { tags, summary: 'One alert with the events that are its evidence', params: z.strictObject({ id: z.string().min(1).max(64) }) } },
    async (req) => vigil.alerts.withEvidence(vigil.database.db, req.params.id),
  );

  r.post(
    '/v1/alerts/:id/close',
    {
      config: { access: { permission: 'alerts:close' } },
      schema: {
        tags,
        summary: "Close an alert with the reason: it stops counting towards the customer's risk, which is scored again",
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        body: z.strictObject({ reason: z.string().trim().min(3).max(1000) }),
      },
    },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 200, body: await vigil.alerts.close(trx, req.params.id, req.body.reason, p.actor) })),
  );

  r.get(
    '/v1/monitoring/status',
    { config: { access: { permission: 'alerts:read' } }, schema: { tags, summary: 'The newest event number, the rule processor\'s position, how many events wait, and which node runs the rules' } },
    async () => vigil.alerts.status(vigil.database.db),
  );
}

function stripUndefined<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
