import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import { VigilError } from '../../core/errors.js';
import { sha256Hex } from '../../core/hash.js';
import { ScreeningErrors } from '../../screening/errors.js';
import { LIST_FORMATS } from '../../screening/import/parser.js';
import type { ImportOutcome } from '../../screening/lists.service.js';
import { screeningRequestSchema, splitRequest } from '../../screening/screening-request.js';
import { readUpload } from '../multipart.js';
import { mutate } from '../mutation.js';
import { validationError } from './upload-fields.js';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const tags = ['screening'];

/** The text fields of a list upload; `force` lets it remove most of the loaded list (SCREENING_LIST_SHRUNK otherwise). */
const importFields = z.strictObject({
  format: z.enum(LIST_FORMATS).optional(),
  // Not checked here: the import refuses a bad name as SCREENING_LIST_NAME_INVALID, with the message the CLI gives.
  list: z.string().optional(),
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
        // Shared with `vigil screen` (flags and --input lines): see screening-request.ts.
        body: screeningRequestSchema,
      },
    },
    async (req) => {
      const { query, options } = splitRequest(req.body);
      return vigil.screening.screen(query, options);
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
    { config: { access: { permission: 'screening:read' } }, schema: { tags, summary: 'Loaded lists with their versions and counts, and warnings about them (NO_ADDRESS_LISTS: KYT has no crypto address to check against)' } },
    async () => {
      const warnings = await vigil.screening.warnings(db);
      return { data: await vigil.lists.lists(db), index: vigil.screening.stats(), warnings };
    },
  );

  r.get(
    '/v1/lists/:name/versions',
    { config: { access: { permission: 'screening:read' } }, schema: { tags, summary: 'Import history of a list with added / changed / removed counts', params: z.strictObject({ name: z.string().min(1).max(64) }) } },
    async (req) => ({ data: await vigil.lists.versions(db, req.params.name) }),
  );

  r.get(
    '/v1/lists/index-versions/:dataVer',
    {
      config: { access: { permission: 'screening:read' } },
      schema: { tags, summary: 'The version of every list a screening data version (the dataVer of screening decisions, hits and alerts) stood for', params: z.strictObject({ dataVer: z.string().min(1).max(64) }) },
    },
    async (req) => vigil.lists.indexVersion(db, req.params.dataVer),
  );

  r.get(
    '/v1/lists/:name/versions/:version/changes',
    {
      config: { access: { permission: 'screening:read' } },
      schema: {
        tags,
        summary: 'The entities one version of a list added, changed or removed (version: its id or dataVer), a page at a time',
        params: z.strictObject({ name: z.string().min(1).max(64), version: z.string().min(1).max(64) }),
        querystring: z.strictObject({
          change: z.enum(['added', 'changed', 'removed']).optional(),
          after: z.string().min(1).max(300).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
    },
    async (req) => vigil.lists.changes(db, req.params.name, req.params.version, req.query),
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
        summary: 'Screening hits, newest first; page with `after` = the previous page\'s `next`',
        querystring: z.strictObject({
          customerId: z.string().max(64).optional(),
          status: z.enum(['open', 'true_match', 'false_positive', 'delisted']).optional(),
          after: z.string().min(1).max(64).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (req) => {
      const { after, limit } = req.query;
      // A cursor naming no hit would page on to nothing, looking like the end of the list.
      if (after && !(await vigil.customerScreening.getHit(db, after))) throw new VigilError(ScreeningErrors.SCREENING_HIT_NOT_FOUND, `no screening hit ${after} to page after`, { hitId: after });
      // One more than the page tells whether there is a next one.
      // A company's reviewer sees its directors' and beneficial owners' hits too: they hold the company.
      const rows = await vigil.customerScreening.listHits(db, { ...req.query, withRelated: true, limit: limit + 1 });
      const data = rows.slice(0, limit);
      return { data, next: rows.length > limit ? data[data.length - 1]!.id : null };
    },
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
