import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import { mutate } from '../mutation.js';

const tags = ['risk'];
const idParams = z.strictObject({ id: z.string().min(1).max(64) });

export function riskRoutes(app: FastifyInstance, vigil: Vigil): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/customers/:id/risk',
    { config: { access: { permission: 'risk:read' } }, schema: { tags, summary: "The customer's risk scores (IRS, then ORS), newest first, each with its factor contributions", params: idParams } },
    async (req) => {
      const customer = await vigil.customers.get(vigil.database.db, req.params.id);
      return { customerId: customer.id, riskLevel: customer.riskLevel, assessments: await vigil.risk.history(vigil.database.db, customer.id) };
    },
  );

  r.post(
    '/v1/customers/:id/risk/assess',
    { config: { access: { permission: 'risk:write' } }, schema: { tags, summary: 'Score the customer again now (ORS)', params: idParams } },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 200, body: await vigil.risk.assess(trx, req.params.id, 'manual', p.actor) })),
  );

  r.post(
    '/v1/customers/:id/kyc-refresh',
    {
      config: { access: { permission: 'risk:write' } },
      schema: { tags, summary: 'A regulator (or law-enforcement) request: start a KYC refresh', params: idParams, body: z.strictObject({ reference: z.string().min(1).max(200) }) },
    },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 200, body: { task: await vigil.risk.regulatorRequest(trx, req.params.id, req.body.reference, p.actor) } })),
  );

  r.get(
    '/v1/reviews',
    {
      config: { access: { permission: 'risk:read' } },
      schema: { tags, summary: 'Review tasks (periodic reviews, KYC refreshes), soonest due first', querystring: z.strictObject({ customerId: z.string().max(64).optional(), status: z.enum(['open', 'done']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }) },
    },
    async (req) => ({ data: await vigil.risk.tasks(vigil.database.db, { limit: req.query.limit, ...(req.query.customerId ? { customerId: req.query.customerId } : {}), ...(req.query.status ? { status: req.query.status } : {}) }) }),
  );

  r.post(
    '/v1/reviews/:id/complete',
    { config: { access: { permission: 'risk:write' } }, schema: { tags, summary: 'Close a review task; a periodic review scores the customer again and sets the next review date', params: idParams } },
    (req, reply) =>
      mutate(vigil, req, reply, async (trx, p) => ({ status: 200, body: await vigil.risk.completeTask(trx, req.params.id, p.actor) })),
  );
}
