import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import { mutate } from '../mutation.js';

const record = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  data: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});

const checkpoint = z.object({ seq: z.number(), hash: z.string(), at: z.string(), keyId: z.string(), publicKey: z.string(), signature: z.string() });

export function auditRoutes(app: FastifyInstance, vigil: Vigil): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = vigil.database.db;
  const tags = ['audit'];

  r.get(
    '/v1/audit',
    {
      config: { access: { permission: 'audit:read' } },
      schema: {
        tags,
        summary: 'Read the audit log in order, optionally for one subject or action',
        querystring: z.strictObject({
          subject: z.string().max(200).optional(),
          action: z.string().max(100).optional(),
          after: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.object({ data: z.array(record), next: z.number().nullable() }) },
      },
    },
    async (req) => {
      const q = req.query;
      const rows = await vigil.audit.list(db, { subject: q.subject, action: q.action, afterSeq: q.after, limit: q.limit });
      const data = rows.map((row) => ({ ...row, data: JSON.parse(row.data) as unknown }));
      return { data, next: rows.length === q.limit ? rows[rows.length - 1]!.seq : null };
    },
  );

  r.get(
    '/v1/audit/verify',
    {
      config: { access: { permission: 'audit:read' } },
      schema: {
        tags,
        summary: 'Recompute the hash chain and report the first broken record, if any',
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number(),
            head: z.object({ seq: z.number(), hash: z.string() }),
            firstBroken: z.object({ seq: z.number(), reason: z.string(), message: z.string() }).optional(),
          }),
        },
      },
    },
    async () => vigil.audit.verify(db),
  );

  r.post(
    '/v1/audit/checkpoints',
    {
      config: { access: { permission: 'audit:checkpoint' } },
      schema: { tags, summary: 'Sign the current chain head (Ed25519) for anchoring elsewhere', response: { 201: checkpoint } },
    },
    (req, reply) => mutate(vigil, req, reply, async (trx) => ({ status: 201, body: await vigil.audit.checkpoint(trx, vigil.signingKey()) })),
  );
}
