import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import { sha256Hex } from '../../core/hash.js';
import { LIST_FORMATS } from '../../screening/import/parser.js';
import type { ImportOutcome } from '../../screening/lists.service.js';
import { readUpload } from '../multipart.js';
import { mutate } from '../mutation.js';
import { validationError } from './upload-fields.js';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const tags = ['screening'];

const birthDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD');
const query = z.strictObject({
  name: z.string().trim().min(1).max(300),
  type: z.enum(['person', 'organization', 'vessel', 'aircraft']).optional(),
  birthDate: birthDate.optional(),
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
  identifiers: z.array(z.strictObject({ type: z.string().max(40).optional(), value: z.string().min(1).max(100) })).max(20).optional(),
});

/** The text fields of a list upload; `force` lets it remove most of the loaded list (SCREENING_LIST_SHRUNK otherwise). */
const importFields = z.strictObject({
  format: z.enum(LIST_FORMATS).optional(),
  list: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/).optional(),
  force: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

export function screeningRoutes(app: FastifyInstance, vigil: Vigil): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = vigil.database.db;

  r.post(
    '/v1/screenings',
    {
      config: { access: { permission: 'screening:run' } },
      schema: {
        tags,
        summary: 'Screen a name (with birth date, country, type, identifiers) against every loaded list',
        // `dob` as the CLI and the batch files spell it (DESIGN.md); one of the two, not both.
        body: query
          .extend({ dob: birthDate.optional(), threshold: z.number().min(0).max(1).optional(), limit: z.number().int().min(1).max(100).optional(), lists: z.array(z.string().max(64)).max(50).optional() })
          .refine((b) => b.dob === undefined || b.birthDate === undefined, { message: 'give the birth date as birthDate or as dob, not both', path: ['dob'] }),
      },
    },
    async (req) => {
      const { threshold, limit, lists, dob, ...rest } = req.body;
      const q = dob === undefined ? rest : { ...rest, birthDate: dob };
      return vigil.screening.screen(q, { ...(threshold !== undefined ? { threshold } : {}), ...(limit ? { limit } : {}), ...(lists ? { lists } : {}) });
    },
  );

  r.post(
    '/v1/addresses/screen',
    {
      config: { access: { permission: 'screening:run' } },
      schema: { tags, summary: 'Risk of a crypto address: listings on sanctions and operator lists (KYT)', body: z.strictObject({ address: z.string().trim().min(10).max(130), currency: z.string().max(10).optional() }) },
    },
    async (req) => vigil.screening.screenAddress(req.body.address, req.body.currency),
  );

  r.get(
    '/v1/lists',
    { config: { access: { permission: 'screening:read' } }, schema: { tags, summary: 'Loaded lists with their versions and counts' } },
    async () => ({ data: await vigil.lists.lists(db), index: vigil.screening.stats() }),
  );

  r.get(
    '/v1/lists/:name/versions',
    { config: { access: { permission: 'screening:read' } }, schema: { tags, summary: 'Import history of a list with added / changed / removed counts', params: z.strictObject({ name: z.string().min(1).max(64) }) } },
    async (req) => ({ data: await vigil.lists.versions(db, req.params.name) }),
  );

  r.post(
    '/v1/lists/import',
    {
      config: { access: { permission: 'screening:lists' } },
      schema: { tags, summary: 'Import a list file (multipart: file, format?, list?, force?) as a new version', consumes: ['multipart/form-data'] },
    },
    async (req, reply) => {
      const { fields, file } = await readUpload(req, { maxBytes: 512 * 1024 * 1024 });
      const dir = mkdtempSync(join(tmpdir(), 'vigil-list-'));
      try {
        const path = join(dir, file.fileName.replace(/[^A-Za-z0-9._-]/g, '_') || 'list');
        writeFileSync(path, file.bytes);
        const parsed = importFields.safeParse(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '')));
        if (!parsed.success) throw validationError(parsed.error);
        const { format, list, force } = parsed.data;
        await mutate<ImportOutcome>(
          vigil,
          req,
          reply,
          async (_trx, _p, report) => ({ status: 201, body: report }),
          // The upload's own name stands for the temporary file in every message: no server path goes out.
          (p) => vigil.lists.importAndRescreen(path, { format, list, force, fileName: file.fileName || 'the uploaded file', actor: p.actor }),
          { fields, sha256: sha256Hex(file.bytes) },
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  r.post(
    '/v1/customers/:id/screen',
    { config: { access: { permission: 'screening:run' } }, schema: { tags, summary: 'Screen a customer now; hits open for review', params: idParams } },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 200, body: await vigil.customerScreening.screenCustomer(trx, req.params.id, 'manual', p.actor) })),
  );

  r.get(
    '/v1/screening/hits',
    {
      config: { access: { permission: 'screening:read' } },
      schema: {
        tags,
        summary: 'Screening hits, newest first',
        querystring: z.strictObject({ customerId: z.string().max(64).optional(), status: z.enum(['open', 'true_match', 'false_positive']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      },
    },
    async (req) => ({ data: await vigil.customerScreening.listHits(db, req.query) }),
  );

  r.post(
    '/v1/screening/hits/:id/review',
    {
      config: { access: { permission: 'screening:review' } },
      schema: { tags, summary: 'Mark a hit a true match (restricts the customer, raises an alert) or a false positive', params: idParams, body: z.strictObject({ disposition: z.enum(['true_match', 'false_positive']), reason: z.string().trim().min(3).max(1000) }) },
    },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 200, body: await vigil.customerScreening.review(trx, req.params.id, req.body, p.actor) })),
  );
}
