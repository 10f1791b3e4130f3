import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import { sha256Hex } from '../../core/hash.js';
import { DOCUMENT_KINDS, type DocumentKind } from '../../kyc/document.js';
import type { PreparedUpload, Upload } from '../../kyc/documents.service.js';
import { signUploadToken } from '../../kyc/upload-links.js';
import { readUpload } from '../multipart.js';
import { mutate } from '../mutation.js';
import { validationError } from './upload-fields.js';

const check = z.object({ code: z.string(), status: z.enum(['pass', 'fail', 'not_applicable']), text: z.string() });
export const documentSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  verificationId: z.string().nullable(),
  kind: z.string(),
  category: z.string(),
  mime: z.string(),
  size: z.number(),
  checks: z.array(check),
  checksPassed: z.boolean(),
  issuedOn: z.string().nullable(),
  status: z.enum(['submitted', 'accepted', 'rejected']),
  reviewReason: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
});

const uploadFields = z.strictObject({
  kind: z.enum(Object.keys(DOCUMENT_KINDS) as [DocumentKind, ...DocumentKind[]]),
  mrz: z.string().max(200).optional(),
  expiryDate: z.string().max(10).optional(),
  issuedOn: z.string().max(10).optional(),
});

/** Turns the multipart fields into an Upload, or a VALIDATION_FAILED naming the field. */
export function toUpload(fields: Record<string, string>, file: { bytes: Buffer; declaredMime: string; fileName: string }): Upload {
  const parsed = uploadFields.safeParse(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '')));
  if (!parsed.success) throw validationError(parsed.error);
  return { ...parsed.data, bytes: file.bytes, declaredMime: file.declaredMime, fileName: file.fileName };
}

const idParams = z.strictObject({ id: z.string().min(1).max(64) });

/** A signed link to the hosted upload page, on the public URL when one is configured. */
export function uploadLink(vigil: Vigil, req: FastifyRequest, customerId: string, ttlHours: number): { url: string; expiresAt: string } {
  const expiresAt = new Date(vigil.clock.now().getTime() + ttlHours * 3_600_000);
  const token = signUploadToken(vigil.keyring.derivedKey('upload-link'), customerId, expiresAt);
  const base = vigil.config.server.publicUrl ?? `${req.protocol}://${req.host}`;
  return { url: `${base.replace(/\/$/, '')}/upload/${token}`, expiresAt: expiresAt.toISOString() };
}

export function documentRoutes(app: FastifyInstance, vigil: Vigil): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = vigil.database.db;
  const tags = ['kyc'];

  r.post(
    '/v1/customers/:id/documents',
    {
      config: { access: { permission: 'customers:write' } },
      schema: {
        tags,
        summary: 'Upload an identity document, proof of address, company or EDD document (multipart/form-data: kind, file, mrz?, expiryDate?, issuedOn?)',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 201: documentSchema },
      },
    },
    async (req, reply) => {
      const { fields, file } = await readUpload(req);
      const upload = toUpload(fields, file);
      let prepared: PreparedUpload | undefined;
      try {
        await mutate<PreparedUpload>(
          vigil,
          req,
          reply,
          async (trx, p, ready) => ({ status: 201, body: await vigil.documents.record(trx, ready, p.actor) }),
          async (p) => (prepared = await vigil.documents.prepare(req.params.id, upload, p.actor)),
          { fields, sha256: sha256Hex(file.bytes) },
        );
      } catch (err) {
        if (prepared) await vigil.documents.discard(prepared);
        throw err;
      }
    },
  );

  r.get(
    '/v1/customers/:id/documents',
    {
      config: { access: { permission: 'customers:read' } },
      schema: { tags, summary: 'Documents of a customer with their check results (not the files)', params: idParams, response: { 200: z.object({ data: z.array(documentSchema) }) } },
    },
    async (req) => {
      await vigil.customers.get(db, req.params.id);
      return { data: await vigil.documents.list(db, req.params.id) };
    },
  );

  r.get(
    '/v1/documents/:id/file',
    {
      config: { access: { permission: 'customers:pii' } },
      schema: { tags, summary: 'Download a document’s file; logged with the purpose given', params: idParams, querystring: z.strictObject({ purpose: z.string().trim().min(3).max(200) }) },
    },
    async (req, reply) => {
      const doc = await vigil.documents.get(db, req.params.id);
      const file = await vigil.vault.readFile(doc.fileId, { actor: req.principal!.actor, purpose: req.query.purpose });
      return reply.type(file.mime).header('content-disposition', `attachment; filename="${doc.id}"`).header('cache-control', 'no-store').send(file.bytes);
    },
  );

  r.get(
    '/v1/verifications/:id',
    {
      config: { access: { permission: 'customers:read' } },
      schema: { tags, summary: 'A verification with the documents attached to it', params: idParams },
    },
    async (req) => {
      const verification = await vigil.verifications.get(db, req.params.id);
      return { ...verification, documents: await vigil.documents.forVerification(db, verification.id) };
    },
  );

  r.post(
    '/v1/verifications/:id/review',
    {
      config: { access: { permission: 'kyc:review' } },
      schema: {
        tags,
        summary: 'Approve or reject a manual verification, with a reason',
        params: idParams,
        body: z.strictObject({ decision: z.enum(['approve', 'reject']), reason: z.string().trim().min(3).max(1000) }),
      },
    },
    (req, reply) =>
      mutate(vigil, req, reply, async (trx, p) => ({
        status: 200,
        body: await vigil.reviews.review(trx, req.params.id, { approve: req.body.decision === 'approve', reason: req.body.reason }, p.actor),
      })),
  );

  r.post(
    '/v1/customers/:id/edd-requests',
    {
      config: { access: { permission: 'customers:status' } },
      schema: {
        tags,
        summary: 'Request source-of-funds / source-of-wealth documents with a deadline; missing them restricts the customer',
        params: idParams,
        body: z.strictObject({
          kinds: z.array(z.enum(['source_of_funds', 'source_of_wealth'])).min(1).max(2),
          deadlineDays: z.number().int().min(1).max(90).default(14),
          reason: z.string().trim().min(3).max(1000),
        }),
      },
    },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 201, body: await vigil.edd.request(trx, req.params.id, req.body, p.actor) })),
  );

  r.get(
    '/v1/customers/:id/edd-requests',
    { config: { access: { permission: 'customers:read' } }, schema: { tags, summary: 'EDD requests of a customer', params: idParams } },
    async (req) => {
      await vigil.customers.get(db, req.params.id); // an unknown customer is a 404, not an empty list
      return { data: await vigil.edd.list(db, req.params.id) };
    },
  );

  r.post(
    '/v1/customers/:id/upload-links',
    {
      config: { access: { permission: 'customers:write' } },
      schema: {
        tags,
        summary: 'A signed, expiring link to the hosted page where the customer uploads documents',
        params: idParams,
        body: z.strictObject({ ttlHours: z.number().int().min(1).max(168).default(72) }).optional(),
        response: { 201: z.object({ url: z.string(), expiresAt: z.string() }) },
      },
    },
    (req, reply) =>
      mutate(vigil, req, reply, async (trx) => {
        await vigil.customers.get(trx, req.params.id);
        return { status: 201, body: uploadLink(vigil, req, req.params.id, req.body?.ttlHours ?? 72) };
      }),
  );
}
