import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import { mutate } from '../mutation.js';

const tags = ['gate'];
const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const notAPort = (input: unknown) => `"${String(input)}" is not a port: expected a whole number 1–65535`;
/** A query-string port: required, a whole number 1–65535, the ports the gate reads (0 is no target, so a usage error, as in `vigil gate check`). */
const port = z
  .string({ error: (iss) => (iss.input === undefined ? 'port is required' : notAPort(iss.input)) })
  .regex(/^\d{1,5}$/, { error: (iss) => notAPort(iss.input) })
  .transform(Number)
  .refine((p) => p >= 1 && p <= 65535, { error: (iss) => notAPort(iss.input) });

export function gateRoutes(app: FastifyInstance, vigil: Vigil): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/gate/check',
    {
      config: { access: { permission: 'gate:check' } },
      schema: {
        tags,
        summary: 'May this customer reach host:port through the proxy? allow / deny with a stable code and a reason',
        querystring: z.strictObject({ customerId: z.string().min(1).max(64), host: z.string().min(1).max(300), port }),
      },
    },
    async (req) => {
      const decision = await vigil.gate.check(req.query.customerId, req.query.host, req.query.port);
      return { ...decision, policyVer: vigil.policies.snapshot().version, dataVer: vigil.gate.dataVer };
    },
  );

  r.get(
    '/v1/customers/:id/gate-rules',
    { config: { access: { permission: 'gate:check' } }, schema: { tags, summary: "The customer's gate rules in force (operator rules and monitoring's temporary blocks)", params: idParams } },
    async (req) => {
      await vigil.customers.get(vigil.database.db, req.params.id); // an unknown customer is a 404, not an empty list
      return { data: await vigil.gate.rules(vigil.database.db, req.params.id) };
    },
  );

  r.post(
    '/v1/customers/:id/gate-rules',
    {
      config: { access: { permission: 'gate:write' } },
      schema: {
        tags,
        summary: 'Allow or deny a target (domain suffix, IP, CIDR range or *) for one customer, standing or for some hours',
        params: idParams,
        body: z.strictObject({ pattern: z.string().min(1).max(260), effect: z.enum(['allow', 'deny']), hours: z.number().positive().max(24 * 365).optional(), reason: z.string().min(1).max(500) }),
      },
    },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 201, body: await vigil.gate.addRule(trx, req.params.id, req.body, p.actor) })),
  );

  r.delete(
    '/v1/customers/:id/gate-rules/:ruleId',
    { config: { access: { permission: 'gate:write' } }, schema: { tags, summary: 'Remove a gate rule', params: z.strictObject({ id: z.string().min(1).max(64), ruleId: z.string().min(1).max(64) }) } },
    (req, reply) =>
      mutate(vigil, req, reply, async (trx, p) => {
        await vigil.gate.removeRule(trx, req.params.id, req.params.ruleId, p.actor);
        return { status: 204, body: null };
      }),
  );
}
