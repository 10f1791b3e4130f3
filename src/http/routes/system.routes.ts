import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import { VigilError } from '../../core/errors.js';
import { HttpErrors } from '../errors.js';

const open = { public: true as const };

export function systemRoutes(app: FastifyInstance, vigil: Vigil, metrics: Registry | null): void {
  app.get(
    '/healthz',
    {
      config: { access: open },
      schema: { tags: ['system'], summary: 'Liveness: the process answers', security: [], response: { 200: z.object({ status: z.literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { access: open },
      schema: {
        tags: ['system'],
        summary: 'Readiness: the database answers',
        security: [],
        response: { 200: z.object({ status: z.literal('ready'), database: z.string() }) },
      },
    },
    async () => {
      try {
        await sql`select 1`.execute(vigil.database.db);
      } catch (err) {
        throw new VigilError(HttpErrors.NOT_READY, 'the database does not answer', {}, { cause: err });
      }
      return { status: 'ready' as const, database: vigil.database.caps.dialect };
    },
  );

  if (metrics) {
    app.get(
      '/metrics',
      { config: { access: open }, schema: { tags: ['system'], summary: 'Prometheus metrics', security: [] } },
      async (_req, reply) => reply.type(metrics.contentType).send(await metrics.metrics()),
    );
  }
}
