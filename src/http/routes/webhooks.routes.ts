import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import { mutate } from '../mutation.js';

const endpoint = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  status: z.enum(['active', 'disabled', 'deleted']),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const createBody = z.strictObject({
  url: z.string().min(1).max(2048),
  events: z.array(z.string().min(1).max(100)).min(1).max(100),
  secret: z.string().min(16).max(256).optional(),
  description: z.string().max(500).optional(),
});

const patchBody = z
  .strictObject({
    url: z.string().min(1).max(2048).optional(),
    events: z.array(z.string().min(1).max(100)).min(1).max(100).optional(),
    description: z.string().max(500).optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'send at least one field to change');

const idParams = z.strictObject({ id: z.string().min(1).max(64) });

const attempt = z.object({ attempt: z.number(), at: z.string(), statusCode: z.number().nullable(), error: z.string().nullable(), durationMs: z.number() });
const delivery = z.object({
  id: z.string(),
  eventId: z.string(),
  endpointId: z.string(),
  status: z.string(),
  attempts: z.number(),
  nextAttemptAt: z.string(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  attemptLog: z.array(attempt),
});

export function webhookRoutes(app: FastifyInstance, vigil: Vigil): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = vigil.database.db;
  const tags = ['webhooks'];

  r.post(
    '/v1/webhooks',
    {
      config: { access: { permission: 'webhooks:write' } },
      schema: {
        tags,
        summary: 'Register a webhook endpoint (the signing secret is returned once)',
        body: createBody,
        response: { 201: endpoint.extend({ secret: z.string() }) },
      },
    },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 201, body: await vigil.webhooks.create(trx, req.body, p.actor) })),
  );

  r.get(
    '/v1/webhooks',
    {
      config: { access: { permission: 'webhooks:read' } },
      schema: { tags, summary: 'List webhook endpoints', response: { 200: z.object({ data: z.array(endpoint) }) } },
    },
    async () => ({ data: await vigil.webhooks.list(db) }),
  );

  r.get(
    '/v1/webhooks/:id',
    {
      config: { access: { permission: 'webhooks:read' } },
      schema: { tags, summary: 'Get a webhook endpoint', params: idParams, response: { 200: endpoint } },
    },
    async (req) => vigil.webhooks.get(db, req.params.id),
  );

  r.patch(
    '/v1/webhooks/:id',
    {
      config: { access: { permission: 'webhooks:write' } },
      schema: { tags, summary: 'Change, disable or re-enable a webhook endpoint', params: idParams, body: patchBody, response: { 200: endpoint } },
    },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 200, body: await vigil.webhooks.update(trx, req.params.id, req.body, p.actor) })),
  );

  r.delete(
    '/v1/webhooks/:id',
    {
      config: { access: { permission: 'webhooks:write' } },
      schema: { tags, summary: 'Delete a webhook endpoint (its delivery log is kept)', params: idParams },
    },
    (req, reply) =>
      mutate(vigil, req, reply, async (trx, p) => {
        await vigil.webhooks.remove(trx, req.params.id, p.actor);
        return { status: 204, body: null };
      }),
  );

  r.post(
    '/v1/webhooks/:id/ping',
    {
      config: { access: { permission: 'webhooks:write' } },
      schema: { tags, summary: 'Queue a test event for this endpoint', params: idParams, response: { 202: z.object({ eventId: z.string() }) } },
    },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 202, body: await vigil.webhooks.ping(trx, req.params.id, p.actor) })),
  );

  r.get(
    '/v1/webhooks/:id/deliveries',
    {
      config: { access: { permission: 'webhooks:read' } },
      schema: {
        tags,
        summary: 'Delivery log of an endpoint, newest first',
        params: idParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ data: z.array(delivery) }) },
      },
    },
    async (req) => ({ data: await vigil.webhooks.deliveries(db, req.params.id, req.query.limit) }),
  );
}
