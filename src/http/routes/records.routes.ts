import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import { permissionsOf } from '../../auth/permissions.js';
import { VigilError } from '../../core/errors.js';
import { EventErrors } from '../../events/errors.js';
import { EVENT_TYPES } from '../../events/event-types.js';
import { decisionSchema as decision } from '../schemas.js';


const event = z.object({ id: z.string(), type: z.string(), subject: z.string(), payload: z.unknown(), occurredAt: z.string() });

/** Read-only views: who am I, decisions, the event stream. */
export function recordRoutes(app: FastifyInstance, vigil: Vigil): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = vigil.database.db;

  r.get(
    '/v1/me',
    {
      config: { access: { authenticated: true } },
      schema: {
        tags: ['meta'],
        summary: 'The calling key, its role and permissions',
        response: { 200: z.object({ keyId: z.string(), role: z.string(), permissions: z.array(z.string()) }) },
      },
    },
    async (req) => ({ keyId: req.principal!.keyId, role: req.principal!.role, permissions: [...permissionsOf(req.principal!.role)] }),
  );

  r.get(
    '/v1/event-types',
    {
      config: { access: { authenticated: true } },
      schema: { tags: ['meta'], summary: 'Event types webhooks can subscribe to', response: { 200: z.object({ data: z.array(z.object({ type: z.string(), description: z.string() })) }) } },
    },
    async () => ({ data: Object.entries(EVENT_TYPES).map(([type, description]) => ({ type, description })) }),
  );

  r.get(
    '/v1/decisions/:id',
    {
      config: { access: { permission: 'decisions:read' } },
      schema: { tags: ['decisions'], summary: 'Get a decision', params: z.strictObject({ id: z.string().min(1).max(64) }), response: { 200: decision } },
    },
    async (req) => vigil.decisions.get(db, req.params.id),
  );

  r.get(
    '/v1/decisions',
    {
      config: { access: { permission: 'decisions:read' } },
      schema: {
        tags: ['decisions'],
        summary: 'Decisions about one subject, newest first',
        querystring: z.strictObject({ subject: z.string().min(1).max(200), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ data: z.array(decision) }) },
      },
    },
    async (req) => ({ data: await vigil.decisions.listForSubject(db, req.query.subject, req.query.limit) }),
  );

  r.get(
    '/v1/events',
    {
      config: { access: { permission: 'events:read' } },
      schema: {
        tags: ['events'],
        summary: 'The event stream in order; page with `after`',
        querystring: z.strictObject({
          after: z.string().max(64).optional(),
          type: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.object({ data: z.array(event) }) },
      },
    },
    async (req) => ({ data: await vigil.events.list(db, { afterId: req.query.after, type: req.query.type, limit: req.query.limit }) }),
  );

  r.get(
    '/v1/events/:id',
    {
      config: { access: { permission: 'events:read' } },
      schema: { tags: ['events'], summary: 'Get one event', params: z.strictObject({ id: z.string().min(1).max(64) }), response: { 200: event } },
    },
    async (req) => {
      const found = await vigil.events.get(db, req.params.id);
      if (!found) throw new VigilError(EventErrors.EVENT_NOT_FOUND, `no event with id ${req.params.id}`, { eventId: req.params.id });
      return found;
    },
  );
}
