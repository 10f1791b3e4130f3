import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Vigil } from '../app/composition.js';
import type { Principal } from '../auth/api-keys.service.js';
import type { Executor } from '../db/executor.js';
import { retryAfter, type Problem } from './problem.js';

/**
 * Runs a route's state change through the idempotency service: one transaction for the key,
 * the change, its audit records, its events and the stored response.
 */
export async function mutate<P = undefined>(
  vigil: Vigil,
  req: FastifyRequest,
  reply: FastifyReply,
  change: (trx: Executor, principal: Principal, prepared: P) => Promise<{ status: number; body: unknown }>,
  prepare?: (principal: Principal) => Promise<P>,
  /** What identifies the request when the body is not parsed JSON (uploads: fields and file hash). */
  bodyForKey: unknown = req.body,
): Promise<void> {
  const principal = req.principal!;
  const header = req.headers['idempotency-key'];
  const result = await vigil.idempotency.run(
    {
      scope: principal.keyId,
      key: Array.isArray(header) ? header.join(',') : header,
      method: req.method,
      path: req.url,
      body: bodyForKey,
    },
    (trx, prepared: P) => change(trx, principal, prepared),
    prepare ? () => prepare(principal) : undefined,
  );
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  // A refusal that must still commit (a wrong code counts as an attempt) comes back as a problem body.
  if (result.status >= 400) {
    reply.type('application/problem+json');
    const wait = retryAfter(result.body as Problem);
    if (wait !== null) reply.header('retry-after', wait);
  }
  reply.code(result.status).send(result.body);
}
