import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import type { CreatedVerification } from '../../kyc/vendors/vendor.js';
import { mutate } from '../mutation.js';
import { decisionSchema } from '../schemas.js';
import { uploadLink } from './documents.routes.js';

const product = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kycRequired: z.boolean(),
  termDays: z.number(),
  category: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const order = z.object({
  id: z.string(),
  customerId: z.string(),
  productId: z.string(),
  externalRef: z.string().nullable(),
  kind: z.enum(['new', 'renewal']),
  renewalOf: z.string().nullable(),
  status: z.enum(['held', 'active', 'suspended', 'expired', 'refused']),
  decisionId: z.string(),
  orderedAt: z.string(),
  heldUntil: z.string().nullable(),
  provisionedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  extensionMs: z.number(),
  version: z.number(),
  updatedAt: z.string(),
});

const answer = z.object({
  outcome: z.enum(['allowed', 'kyc_required', 'refused']),
  order,
  decision: decisionSchema,
  /** Where the customer verifies, when KYC is required and a vendor is configured. */
  verificationUrl: z.string().nullable(),
});

const code = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash or underscore');

export function orderRoutes(app: FastifyInstance, vigil: Vigil): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = vigil.database.db;

  r.post(
    '/v1/products',
    {
      config: { access: { permission: 'products:write' } },
      schema: {
        tags: ['orders'],
        summary: 'Add a product to the catalogue',
        body: z.strictObject({ code, name: z.string().trim().min(1).max(200), kycRequired: z.boolean(), termDays: z.number().int().min(1).max(3660), category: code.optional() }),
        response: { 201: product },
      },
    },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 201, body: await vigil.orders.createProduct(trx, req.body, p.actor) })),
  );

  r.get(
    '/v1/products',
    { config: { access: { permission: 'products:read' } }, schema: { tags: ['orders'], summary: 'The catalogue', response: { 200: z.object({ data: z.array(product) }) } } },
    async () => ({ data: await vigil.orders.listProducts(db) }),
  );

  r.patch(
    '/v1/products/:product',
    {
      config: { access: { permission: 'products:write' } },
      schema: {
        tags: ['orders'],
        summary: 'Change a product (by id or code)',
        params: z.strictObject({ product: z.string().min(1).max(64) }),
        body: z
          .strictObject({ name: z.string().trim().min(1).max(200).optional(), kycRequired: z.boolean().optional(), termDays: z.number().int().min(1).max(3660).optional(), category: code.optional(), active: z.boolean().optional() })
          .refine((b) => Object.keys(b).length > 0, 'send at least one field to change'),
        response: { 200: product },
      },
    },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 200, body: await vigil.orders.updateProduct(trx, req.params.product, req.body, p.actor) })),
  );

  r.post(
    '/v1/orders',
    {
      config: { access: { permission: 'orders:write' } },
      schema: {
        tags: ['orders'],
        summary: 'Decide an order: allowed (provision now), kyc_required (held, with a verification link) or refused',
        body: z.strictObject({ customerId: z.string().min(1).max(64), product: z.string().min(1).max(64), externalRef: z.string().min(1).max(200).optional() }),
        response: { 201: answer },
      },
    },
    (req, reply) =>
      mutate<CreatedVerification | null>(
        vigil,
        req,
        reply,
        async (trx, p, opened) => {
          const placed = await vigil.orders.placeOrder(trx, req.body, p.actor);
          let verificationUrl: string | null = null;
          if (placed.outcome === 'kyc_required' && opened) {
            const v = await vigil.verifications.record(trx, req.body.customerId, { method: opened.vendor, vendorRef: opened.vendorRef, verificationUrl: opened.verificationUrl, expiresAt: opened.expiresAt }, p.actor);
            verificationUrl = v.verificationUrl;
          } else if (placed.outcome === 'kyc_required') {
            // A vendor verification under way keeps its link; without one the customer verifies on the upload page.
            const open = (await vigil.verifications.list(trx, req.body.customerId)).find((v) => v.status === 'pending' && v.verificationUrl);
            verificationUrl = open?.verificationUrl ?? uploadLink(vigil, req, req.body.customerId, vigil.policy().kyc.orderGraceDays * 24).url;
          }
          return { status: 201, body: { ...placed, verificationUrl } };
        },
        // Opening the vendor verification is a network call: it happens before the transaction.
        (p) => vigil.orders.needsVerificationLink(db, req.body, vigil.vendors.names().length > 0).then((needed) => (needed ? vigil.verifications.openWithVendor(db, req.body.customerId, undefined, p.actor) : null)),
      ),
  );

  r.post(
    '/v1/orders/:id/renew',
    {
      config: { access: { permission: 'orders:write' } },
      schema: { tags: ['orders'], summary: 'Renew an order for one more term; refused while KYC is required', params: z.strictObject({ id: z.string().min(1).max(64) }), response: { 201: answer } },
    },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 201, body: { ...(await vigil.orders.renew(trx, req.params.id, p.actor)), verificationUrl: null } })),
  );

  r.get(
    '/v1/orders/:id',
    { config: { access: { permission: 'orders:read' } }, schema: { tags: ['orders'], summary: 'Get an order', params: z.strictObject({ id: z.string().min(1).max(64) }), response: { 200: order } } },
    async (req) => vigil.orders.order(db, req.params.id),
  );

  r.get(
    '/v1/customers/:id/orders',
    {
      config: { access: { permission: 'orders:read' } },
      schema: { tags: ['orders'], summary: 'Orders of a customer', params: z.strictObject({ id: z.string().min(1).max(64) }), response: { 200: z.object({ data: z.array(order) }) } },
    },
    async (req) => {
      await vigil.customers.get(db, req.params.id);
      return { data: await vigil.orders.ordersOf(db, req.params.id) };
    },
  );
}
