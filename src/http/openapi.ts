import type { FastifyInstance } from 'fastify';

type Operation = { parameters?: unknown[]; responses?: Record<string, unknown> };
type Doc = { paths?: Record<string, Record<string, Operation>>; components?: Record<string, unknown> };

const MUTATING = new Set(['post', 'patch', 'delete']);

const PROBLEM = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable error code; see docs/errors.md' },
    requestId: { type: 'string' },
    instance: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
    context: { type: 'object' },
  },
};

/**
 * Adds what every route shares but no route schema states: the Idempotency-Key header on
 * mutations and the problem+json error responses.
 */
export function finishOpenApi(app: FastifyInstance): Doc {
  const doc = structuredClone(app.swagger()) as Doc;
  doc.components = { ...doc.components, schemas: { ...(doc.components?.schemas as object), Problem: PROBLEM } };
  const problem = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      op.responses = { ...op.responses, '4XX': problem, '5XX': problem };
      if (MUTATING.has(method) && path.startsWith('/v1/')) {
        op.parameters = [
          ...(op.parameters ?? []),
          {
            in: 'header',
            name: 'Idempotency-Key',
            required: false,
            description: 'Makes the request safe to retry: the same key and request return the stored response.',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
        ];
      }
    }
  }
  return doc;
}
