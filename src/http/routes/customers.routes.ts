import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import { CUSTOMER_STATUSES } from '../../customers/customer.js';
import type { NewCustomer } from '../../customers/customers.service.js';
import { mutate } from '../mutation.js';
import { decisionSchema as decision } from '../schemas.js';

const address = z.union([
  z.string().trim().min(1).max(500),
  z.strictObject({
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1).max(100),
    postalCode: z.string().trim().max(20).optional(),
    region: z.string().trim().max(100).optional(),
    country: z.string().regex(/^[A-Z]{2}$/),
  }),
]);
const country = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code in capitals, such as DE');
const phone = z.string().regex(/^\+[1-9][\d ()-]{6,20}$/, 'an international number starting with +, such as +4930123456');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD');
const name = z.string().trim().min(1).max(200);

const personFields = { fullName: name, email: z.email().max(254).optional(), phone: phone.optional(), birthDate: isoDate.optional(), address: address.optional() };
const person = z.strictObject({ type: z.literal('person'), externalRef: z.string().min(1).max(200), country, ...personFields });
const company = z.strictObject({
  type: z.literal('company'),
  externalRef: z.string().min(1).max(200),
  country,
  legalName: name,
  registrationNumber: z.string().trim().min(1).max(100),
  address: address.optional(),
});

const customer = z.object({
  id: z.string(),
  externalRef: z.string().nullable(),
  type: z.enum(['person', 'company']),
  status: z.enum(CUSTOMER_STATUSES),
  country: z.string(),
  riskLevel: z.string(),
  riskFactors: z.array(z.string()),
  kycRequiredAt: z.string().nullable(),
  kycDeadlineAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verificationExpiresAt: z.string().nullable(),
  parentId: z.string().nullable(),
  role: z.enum(['director', 'ubo']).nullable(),
  ownershipPct: z.number().nullable(),
  emailVerifiedAt: z.string().nullable(),
  phoneVerifiedAt: z.string().nullable(),
  contactChecks: z.array(z.enum(['email', 'phone'])),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const reasonBody = { code: z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/).optional(), text: z.string().trim().min(3).max(1000) };

/** Addresses travel as JSON text inside the vault; callers see what they sent. */
function encodeAddress<T extends { address?: unknown }>(body: T): Omit<T, 'address'> & { address?: string } {
  const { address: a, ...rest } = body;
  return a === undefined ? rest : { ...rest, address: JSON.stringify(a) };
}

export function customerRoutes(app: FastifyInstance, vigil: Vigil): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = vigil.database.db;
  const tags = ['customers'];

  r.post(
    '/v1/customers',
    {
      config: { access: { permission: 'customers:write' } },
      schema: { tags, summary: 'Create a person or company customer; personal data goes to the vault', body: z.discriminatedUnion('type', [person, company]), response: { 201: customer } },
    },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 201, body: await vigil.customers.create(trx, encodeAddress(req.body) as NewCustomer, p.actor) })),
  );

  r.get(
    '/v1/customers',
    {
      config: { access: { permission: 'customers:read' } },
      schema: {
        tags,
        summary: 'Find customers by external reference or e-mail (exact, via blind index), or list them by status',
        querystring: z.strictObject({
          externalRef: z.string().max(200).optional(),
          email: z.string().max(254).optional(),
          status: z.enum(CUSTOMER_STATUSES).optional(),
          after: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ data: z.array(customer) }) },
      },
    },
    async (req) => {
      const q = req.query;
      if (q.externalRef) {
        const found = await vigil.customers.findByExternalRef(db, q.externalRef);
        return { data: found ? [found] : [] };
      }
      if (q.email) return { data: await vigil.customers.findByEmail(db, q.email) };
      return { data: await vigil.customers.list(db, { status: q.status, afterId: q.after, limit: q.limit }) };
    },
  );

  r.get(
    '/v1/customers/:id',
    {
      config: { access: { permission: 'customers:read' } },
      schema: { tags, summary: 'Get a customer (no personal data) with its directors and UBOs', params: idParams, response: { 200: customer.extend({ relatedPersons: z.array(customer) }) } },
    },
    async (req) => {
      const c = await vigil.customers.get(db, req.params.id);
      return { ...c, relatedPersons: c.type === 'company' ? await vigil.customers.relatedPersons(db, c.id) : [] };
    },
  );

  r.patch(
    '/v1/customers/:id',
    {
      config: { access: { permission: 'customers:write' } },
      schema: {
        tags,
        summary: 'Change personal data or country',
        params: idParams,
        body: z
          .strictObject({ country: country.optional(), ...personFields, fullName: name.optional(), legalName: name.optional(), registrationNumber: z.string().trim().min(1).max(100).optional() })
          .refine((b) => Object.keys(b).length > 0, 'send at least one field to change'),
        response: { 200: customer },
      },
    },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 200, body: await vigil.customers.update(trx, req.params.id, encodeAddress(req.body), p.actor) })),
  );

  r.get(
    '/v1/customers/:id/personal-data',
    {
      config: { access: { permission: 'customers:pii' } },
      schema: {
        tags,
        summary: 'Decrypt a customer\u2019s personal data; the read is logged with the purpose given',
        params: idParams,
        querystring: z.strictObject({ purpose: z.string().trim().min(3).max(200) }),
        response: { 200: z.object({ customerId: z.string(), data: z.record(z.string(), z.unknown()) }) },
      },
    },
    async (req) => {
      await vigil.customers.get(db, req.params.id);
      const data: Record<string, unknown> = await vigil.customers.personalData(req.params.id, { actor: req.principal!.actor, purpose: req.query.purpose });
      if (typeof data.address === 'string') data.address = JSON.parse(data.address) as unknown;
      return { customerId: req.params.id, data };
    },
  );

  r.post(
    '/v1/customers/:id/status',
    {
      config: { access: { permission: 'customers:status' } },
      schema: {
        tags,
        summary: 'Move a customer to another status (restrict, suspend, offboard, …) with a reason',
        params: idParams,
        body: z.strictObject({ status: z.enum(CUSTOMER_STATUSES), reason: z.strictObject(reasonBody) }),
        response: { 200: z.object({ customer, decision }) },
      },
    },
    (req, reply) =>
      mutate(vigil, req, reply, async (trx, p) => {
        const reason = { code: req.body.reason.code ?? 'MANUAL_DECISION', text: req.body.reason.text };
        const out = await vigil.customers.transition(trx, req.params.id, { to: req.body.status, reasons: [reason], trigger: `manual:${req.id}`, actor: p.actor, manual: true });
        return { status: 200, body: out };
      }),
  );

  r.post(
    '/v1/customers/:id/risk-level',
    {
      config: { access: { permission: 'customers:status' } },
      schema: {
        tags,
        summary: 'Set the risk level (high and EDD levels request source-of-funds/wealth documents per policy)',
        params: idParams,
        body: z.strictObject({ level: z.enum(['low', 'medium', 'high', 'edd']), reason: z.strictObject(reasonBody) }),
        response: { 200: z.object({ customer, decision }) },
      },
    },
    (req, reply) =>
      mutate(vigil, req, reply, async (trx, p) => ({
        status: 200,
        body: await vigil.customers.setRiskLevel(trx, req.params.id, req.body.level, { code: req.body.reason.code ?? 'RISK_ASSESSED', text: req.body.reason.text }, p.actor),
      })),
  );

  r.post(
    '/v1/customers/:id/require-kyc',
    {
      config: { access: { permission: 'customers:write' } },
      schema: { tags, summary: 'Start the KYC deadline for a customer', params: idParams, body: z.strictObject(reasonBody), response: { 200: customer } },
    },
    (req, reply) =>
      mutate(vigil, req, reply, async (trx, p) => ({
        status: 200,
        body: await vigil.customers.requireKyc(trx, req.params.id, { code: req.body.code ?? 'KYC_REQUESTED', text: req.body.text }, p.actor),
      })),
  );

  r.post(
    '/v1/customers/:id/related-persons',
    {
      config: { access: { permission: 'customers:write' } },
      schema: {
        tags,
        summary: 'Add a director or beneficial owner (> 25 %) to a company',
        params: idParams,
        body: z.strictObject({ role: z.enum(['director', 'ubo']), ownershipPct: z.number().min(0).max(100).optional(), country, ...personFields }),
        response: { 201: customer },
      },
    },
    (req, reply) =>
      mutate(vigil, req, reply, async (trx, p) => ({ status: 201, body: await vigil.customers.addRelatedPerson(trx, req.params.id, encodeAddress(req.body), p.actor) })),
  );

  r.get(
    '/v1/customers/:id/entitlements',
    {
      config: { access: { permission: 'customers:read' } },
      schema: {
        tags,
        summary: 'What the customer may do now, with the decision behind the answer',
        params: idParams,
        response: {
          200: z.object({
            customerId: z.string(),
            status: z.string(),
            entitlements: z.object({
              order: z.boolean(),
              renew: z.boolean(),
              bindPaymentMethod: z.boolean(),
              poolSize: z.number(),
              targetClasses: z.array(z.string()),
              service: z.boolean(),
              kycRequired: z.boolean(),
              kycDeadlineAt: z.string().nullable(),
              maxMonthlyDeposit: z.number().nullable(),
            }),
            decision,
          }),
        },
      },
    },
    async (req) => vigil.entitlements.get(req.params.id, req.principal!.actor),
  );
}
