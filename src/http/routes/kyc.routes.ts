import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import type { CreatedVerification } from '../../kyc/vendors/vendor.js';
import { mutate } from '../mutation.js';

const verification = z.object({
  id: z.string(),
  customerId: z.string(),
  method: z.string(),
  vendorRef: z.string().nullable(),
  verificationUrl: z.string().nullable(),
  status: z.string(),
  reasons: z.array(z.object({ code: z.string(), text: z.string() })),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const VENDORS = ['sumsub', 'idenfy', 'onfido'] as const;

export function kycRoutes(app: FastifyInstance, vigil: Vigil): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = vigil.database.db;
  const tags = ['kyc'];

  r.post(
    '/v1/customers/:id/verifications',
    {
      config: { access: { permission: 'customers:write' } },
      schema: {
        tags,
        summary: 'Open a verification with a vendor and get the link the customer follows',
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        body: z.strictObject({ vendor: z.enum(VENDORS).optional() }).optional(),
        response: { 201: verification },
      },
    },
    (req, reply) =>
      mutate<CreatedVerification>(
        vigil,
        req,
        reply,
        async (trx, p, created) => ({
          status: 201,
          body: await vigil.verifications.record(
            trx,
            req.params.id,
            { method: created.vendor, vendorRef: created.vendorRef, verificationUrl: created.verificationUrl, expiresAt: created.expiresAt },
            p.actor,
          ),
        }),
        (p) => vigil.verifications.openWithVendor(db, req.params.id, req.body?.vendor, p.actor),
      ),
  );

  r.get(
    '/v1/customers/:id/verifications',
    {
      config: { access: { permission: 'customers:read' } },
      schema: { tags, summary: 'Verification attempts of a customer, newest first', params: z.strictObject({ id: z.string().min(1).max(64) }), response: { 200: z.object({ data: z.array(verification) }) } },
    },
    async (req) => {
      await vigil.customers.get(db, req.params.id);
      return { data: await vigil.verifications.list(db, req.params.id) };
    },
  );

  // Vendors sign the raw bytes, so this route keeps the body as received instead of parsing it.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/v1/kyc/webhooks/:vendor',
      {
        config: { access: { signed: 'vendor' } },
        schema: {
          tags,
          summary: 'Receiver for vendor webhooks (Sumsub, iDenfy, Onfido); authenticated by the vendor’s signature',
          security: [],
          params: z.strictObject({ vendor: z.enum(VENDORS) }),
          response: { 200: z.object({ received: z.literal(true), duplicate: z.boolean(), verificationId: z.string().nullable(), outcome: z.string().nullable() }) },
        },
      },
      async (req) => {
        const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const result = await vigil.verifications.handleVendorWebhook(vigil.database, req.params.vendor, { headers: req.headers, rawBody });
        return { received: true as const, ...result };
      },
    );
  });
}
