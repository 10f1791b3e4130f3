import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Vigil } from '../../app/composition.js';
import { toProblem } from '../problem.js';
import { mutate } from '../mutation.js';

const tags = ['onboarding'];
const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const token = z.string().min(10).max(200);

const signup = z.strictObject({
  externalRef: z.string().trim().min(1).max(128),
  email: z.string().trim().min(3).max(254),
  phone: z.string().trim().min(3).max(64).optional(),
  ip: z.string().trim().min(2).max(64),
  userAgent: z.string().max(1024).optional(),
  deviceId: z.string().trim().min(1).max(256).optional(),
  declaredCountry: z.string().regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code such as DE').transform((c) => c.toUpperCase()).optional(),
  paymentFingerprint: z.string().trim().min(1).max(256).optional(),
});

export function signupRoutes(app: FastifyInstance, vigil: Vigil): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/v1/signups',
    {
      config: { access: { permission: 'signups:write' } },
      schema: { tags, summary: 'Sign-up gate: email, IP and phone intelligence, velocity and linked accounts → allow / verify / require_kyc / block', body: signup },
    },
    (req, reply) =>
      mutate(
        vigil,
        req,
        reply,
        async (trx, p, prepared) => ({ status: 200, body: await vigil.signups.decide(trx, prepared, p.actor) }),
        () => vigil.signups.prepare(req.body),
      ),
  );

  r.get(
    '/v1/customers/:id/links',
    {
      config: { access: { permission: 'customers:read' } },
      schema: { tags, summary: 'Customers linked to this one by a shared device, phone, email, payment fingerprint or IP', params: idParams, querystring: z.strictObject({ depth: z.coerce.number().int().min(1).max(3).default(2) }) },
    },
    async (req) => vigil.links.graph(vigil.database.db, req.params.id, req.query.depth),
  );

  r.post(
    '/v1/customers/:id/verifications/email',
    { config: { access: { permission: 'customers:write' } }, schema: { tags, summary: 'A signed, expiring, single-use email verification link for the operator to send', params: idParams } },
    (req, reply) =>
      mutate<string>(
        vigil,
        req,
        reply,
        async (trx, p, email) => {
          const link = await vigil.contactVerification.createEmailLink(trx, req.params.id, email, p.actor);
          return { status: 201, body: { url: `${vigil.config.server.publicUrl ?? `${req.protocol}://${req.host}`}/verify/email/${link.token}`, token: link.token, expiresAt: link.expiresAt } };
        },
        (p) => vigil.contactVerification.emailOf(req.params.id, p.actor),
      ),
  );

  r.post(
    '/v1/verifications/email/confirm',
    { config: { access: { permission: 'customers:write' } }, schema: { tags, summary: 'Confirm an email verification link token', body: z.strictObject({ token }) } },
    (req, reply) => mutate(vigil, req, reply, async (trx, p) => ({ status: 200, body: { verified: true, ...(await vigil.contactVerification.confirmEmailLink(trx, req.body.token, p.actor)) } })),
  );

  // The link the customer clicks: public, answers a small page. Opening it spends nothing (mail
  // scanners and link previews fetch links): the page's button posts back, and that verifies.
  const linkSchema = { tags, params: z.strictObject({ token }) };
  const refused = (err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const { problem } = toProblem(err, req.id, req.url);
    if (problem.status >= 500) throw err;
    const detail = problem.detail ? problem.detail.charAt(0).toUpperCase() + problem.detail.slice(1) : problem.title;
    return reply.code(problem.status).type('text/html; charset=utf-8').send(page('Link not usable', `${detail}.`));
  };
  r.get(
    '/verify/email/:token',
    { config: { access: { signed: 'link' } }, schema: { ...linkSchema, summary: 'The email verification link itself (its token is the credential): a page whose button confirms' } },
    async (req, reply) => {
      try {
        await vigil.contactVerification.checkEmailLink(vigil.database.db, req.params.token, 'link');
        return reply.type('text/html; charset=utf-8').send(page('Verify your email address', 'Press the button to confirm that this email address is yours.', true));
      } catch (err) {
        return refused(err, req, reply);
      }
    },
  );
  // The page's form posts as HTML forms do; only this route reads that (its body is empty and ignored).
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, _body, done) => done(null, undefined));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/verify/email/:token',
      { config: { access: { signed: 'link' } }, schema: { ...linkSchema, summary: 'The button on the email verification page: verifies the address and spends the link' } },
      async (req, reply) => {
        try {
          await vigil.database.transaction((trx) => vigil.contactVerification.confirmEmailLink(trx, req.params.token, 'link'));
          return reply.type('text/html; charset=utf-8').send(page('Email address verified', 'Thank you: your email address is verified. You can close this page.'));
        } catch (err) {
          return refused(err, req, reply);
        }
      },
    );
  });

  r.post(
    '/v1/customers/:id/verifications/sms',
    { config: { access: { permission: 'customers:write' } }, schema: { tags, summary: 'Send a one-time code by SMS to the customer’s phone number', params: idParams } },
    (req, reply) =>
      mutate<Awaited<ReturnType<Vigil['contactVerification']['sendSms']>>>(
        vigil,
        req,
        reply,
        async (trx, p, sent) => {
          await vigil.contactVerification.recordSms(trx, req.params.id, sent, p.actor);
          return { status: 201, body: { challengeId: sent.challengeId, expiresAt: sent.expiresAt, messageId: sent.messageId } };
        },
        (p) => vigil.contactVerification.sendSms(req.params.id, p.actor),
      ),
  );

  r.post(
    '/v1/customers/:id/verifications/sms/confirm',
    { config: { access: { permission: 'customers:write' } }, schema: { tags, summary: 'Check the code the customer typed', params: idParams, body: z.strictObject({ code: z.string().trim().min(1).max(12) }) } },
    (req, reply) =>
      mutate(vigil, req, reply, async (trx, p) => {
        const check = await vigil.contactVerification.confirmSms(trx, req.params.id, req.body.code, p.actor);
        if (check.verified) return { status: 200, body: { verified: true, customerId: req.params.id } };
        // The wrong attempt must be committed, so the refusal is a stored response, not a throw.
        const { problem } = toProblem(check.error, req.id, req.url);
        return { status: problem.status, body: problem };
      }),
  );

  r.get(
    '/v1/intel',
    { config: { access: { permission: 'intel:read' } }, schema: { tags, summary: 'Loaded intelligence data: versions and counts, and the last refused reload (by the CLI or any node)' } },
    async () => vigil.intel.report(),
  );

  r.post(
    '/v1/intel/reload',
    {
      config: { access: { permission: 'intel:reload' } },
      schema: {
        tags,
        summary: 'Reload email and IP intelligence files on every node (the previous data stays on failure); force takes a list that lost more than half of its entries',
        // No body at all (null) is the plain reload it always was.
        body: z.strictObject({ force: z.boolean().default(false) }).nullish(),
      },
    },
    async (req) => vigil.intel.requestReload(req.principal!.actor, { force: req.body?.force === true }),
  );
}

/** A small page; `confirm` adds the button that posts back to the same address. */
function page(title: string, text: string, confirm = false): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const form = confirm ? '<form method="post"><button type="submit">Verify my email address</button></form>' : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1><p>${esc(text)}</p>${form}</body></html>`;
}
