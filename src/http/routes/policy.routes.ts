import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import { VigilError } from '../../core/errors.js';
import { policyYaml } from '../../policy/policy-document.js';
import { HttpErrors } from '../errors.js';

const tags = ['policy'];
const MAX_BODY = 2 * 1024 * 1024;
const consumes = ['application/yaml', 'application/json'];

/** A policy arrives as YAML text or as JSON (which the JSON parser already turned into an object). */
function textOf(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body ?? null);
}

export function policyRoutes(app: FastifyInstance, vigil: Vigil): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/policy',
    {
      config: { access: { permission: 'policy:read' } },
      schema: { tags, summary: 'The whole running policy (JSON, or YAML with ?format=yaml) and its version', querystring: z.strictObject({ version: z.string().max(40).optional(), format: z.enum(['json', 'yaml']).default('json') }) },
    },
    async (req, reply) => {
      const shown = await vigil.policies.show(vigil.database.db, req.query.version);
      if (req.query.format === 'yaml') return reply.type('application/yaml').send(policyYaml(shown.policy, shown.version));
      const snap = vigil.policies.snapshot();
      return { version: shown.version, running: shown.version === snap.version, appliedAt: shown.version === snap.version ? snap.appliedAt : null, policy: shown.policy };
    },
  );

  r.get('/v1/policy/history', { config: { access: { permission: 'policy:read' } }, schema: { tags, summary: 'Applied policy versions, newest first' } }, async () => ({
    running: vigil.policies.snapshot().version,
    versions: await vigil.policies.history(vigil.database.db),
  }));

  // The shared 415 tells every other route to send JSON; these two take YAML as well, so they say so
  // (multipart has a parser of its own for the upload routes, so it is turned away here).
  void app.register(async (scope) => {
    const unsupported = () => new VigilError(HttpErrors.UNSUPPORTED_MEDIA_TYPE, 'send the policy as application/yaml or application/json', {});
    scope.addContentTypeParser('*', (_req, _payload, done) => done(unsupported(), undefined));
    scope.addHook('preValidation', async (req) => {
      if (req.isMultipart()) throw unsupported();
    });
    const s = scope.withTypeProvider<ZodTypeProvider>();
    s.post(
      '/v1/policy/diff',
      {
        bodyLimit: MAX_BODY,
        config: { access: { permission: 'policy:write' } },
        schema: { tags, summary: 'Validate a policy document (YAML or JSON) and show what applying it would change, with warnings', consumes, body: z.unknown() },
      },
      async (req) => {
        const { version, changes, warnings } = await vigil.policies.preview(textOf(req.body), 'request body');
        return { version, runningVersion: vigil.policies.snapshot().version, changes, warnings };
      },
    );

    s.put(
      '/v1/policy',
      {
        bodyLimit: MAX_BODY,
        config: { access: { permission: 'policy:write' } },
        schema: {
          tags,
          summary: 'Apply a policy document (YAML or JSON): its sections replace the running ones, the rest stay; refused whole when invalid, audited, picked up by every node',
          consumes,
          body: z.unknown(),
        },
      },
      async (req) => vigil.policies.apply(textOf(req.body), 'api', req.principal!.actor),
    );
  });
}
