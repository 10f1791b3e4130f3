import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import { ROLES } from '../../auth/permissions.js';
import { mutate } from '../mutation.js';

const key = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export function keyRoutes(app: FastifyInstance, vigil: Vigil): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['keys'];

  r.post(
    '/v1/keys',
    {
      config: { access: { permission: 'keys:write' } },
      schema: {
        tags,
        summary: 'Create an API key (the token is returned once)',
        body: z.strictObject({ role: z.enum(ROLES), name: z.string().min(1).max(100).optional() }),
        response: { 201: key.extend({ token: z.string() }) },
      },
    },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 201, body: await vigil.apiKeys.create(trx, req.body, p.actor) })),
  );

  r.get(
    '/v1/keys',
    {
      config: { access: { permission: 'keys:read' } },
      schema: { tags, summary: 'List API keys (never their tokens)', response: { 200: z.object({ data: z.array(key) }) } },
    },
    async () => ({ data: await vigil.apiKeys.list(vigil.database.db) }),
  );

  r.post(
    '/v1/keys/:id/revoke',
    {
      config: { access: { permission: 'keys:write' } },
      schema: { tags, summary: 'Revoke an API key', params: z.strictObject({ id: z.string().min(1).max(64) }), response: { 200: key } },
    },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 200, body: await vigil.apiKeys.revoke(trx, req.params.id, p.actor) })),
  );
}
