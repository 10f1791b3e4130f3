import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { DestinationStream, Logger } from 'pino';
import type { Vigil } from '../app/composition.js';
import { VigilError } from '../core/errors.js';
import { registerAuth } from './auth-hook.js';
import { registerDocs } from './docs.js';
import { HttpErrors } from './errors.js';
import { createLogger } from './logger.js';
import { registerMetrics } from './metrics.js';
import { finishOpenApi } from './openapi.js';
import { retryAfter, toProblem } from './problem.js';
import './route-config.js';
import { auditRoutes } from './routes/audit.routes.js';
import { customerRoutes } from './routes/customers.routes.js';
import { kycRoutes } from './routes/kyc.routes.js';
import { documentRoutes } from './routes/documents.routes.js';
import { screeningRoutes } from './routes/screening.routes.js';
import { policyRoutes } from './routes/policy.routes.js';
import { monitoringRoutes } from './routes/monitoring.routes.js';
import { gateRoutes } from './routes/gate.routes.js';
import { riskRoutes } from './routes/risk.routes.js';
import { signupRoutes } from './routes/signup.routes.js';
import { orderRoutes } from './routes/orders.routes.js';
import { uploadPageRoutes } from './routes/upload-page.routes.js';
import { keyRoutes } from './routes/keys.routes.js';
import { recordRoutes } from './routes/records.routes.js';
import { systemRoutes } from './routes/system.routes.js';
import { webhookRoutes } from './routes/webhooks.routes.js';

export interface BuildAppOptions {
  /** Where logs go (stdout by default); tests capture them. */
  logDestination?: DestinationStream;
  /** The logger to use, when the service's workers already log through one. */
  logger?: Logger;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export async function buildApp(vigil: Vigil, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { config } = vigil;
  const app = Fastify({
    loggerInstance: (options.logger ?? createLogger(config, options.logDestination)) as FastifyBaseLogger,
    bodyLimit: config.server.bodyLimitBytes,
    trustProxy: config.server.trustProxy,
    requestTimeout: config.server.requestTimeoutMs,
    return503OnClosing: true,
    // Upload links carry a signed token in the path.
    routerOptions: { maxParamLength: 600 },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Only JSON bodies are accepted; anything else is a 415, never a guess.
  app.removeContentTypeParser('text/plain');
  // An empty JSON body means "no body" (many clients send the header on every POST); routes
  // that need a body then say so through validation.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    return parseJson(req, text, done);
  });
  // Event batches may come as NDJSON and policies as YAML; the routes that take them parse the text.
  app.addContentTypeParser(['application/x-ndjson', 'application/ndjson', 'application/yaml', 'application/x-yaml', 'text/yaml'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vigil API',
        version: '1',
        description:
          'KYC / AML / abuse-prevention engine. Errors are RFC 9457 application/problem+json with a stable `code`. ' +
          'Every POST accepts an `Idempotency-Key` header.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key from `vigil keys create`' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  await app.register(multipart, {
    limits: { fileSize: config.vault.maxFileBytes, files: 1, fields: 10, fieldSize: 8 * 1024, parts: 12 },
  });

  registerAuth(app, vigil);
  const metrics = config.metrics.enabled ? registerMetrics(app, vigil) : null;

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  app.setErrorHandler((err, req, reply) => {
    const { problem, unexpected } = toProblem(err, req.id, req.url.split('?')[0]!);
    if (unexpected) req.log.error({ err }, 'request failed');
    else req.log.info({ code: problem.code, status: problem.status }, 'request refused');
    const wait = retryAfter(problem);
    if (wait !== null) reply.header('retry-after', wait);
    return reply.code(problem.status).type('application/problem+json').send(problem);
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    const { problem } = toProblem(new VigilError(HttpErrors.ROUTE_NOT_FOUND, `no route ${req.method} ${path}`, {}), req.id, path);
    return reply.code(404).type('application/problem+json').send(problem);
  });

  systemRoutes(app, vigil, metrics);
  recordRoutes(app, vigil);
  keyRoutes(app, vigil);
  auditRoutes(app, vigil);
  webhookRoutes(app, vigil);
  customerRoutes(app, vigil);
  kycRoutes(app, vigil);
  orderRoutes(app, vigil);
  documentRoutes(app, vigil);
  uploadPageRoutes(app, vigil);
  screeningRoutes(app, vigil);
  signupRoutes(app, vigil);
  policyRoutes(app, vigil);
  monitoringRoutes(app, vigil);
  gateRoutes(app, vigil);
  riskRoutes(app, vigil);
  registerDocs(app);
  let openapi: unknown;
  app.get('/openapi.json', { schema: { hide: true }, config: { access: { public: true } } }, async () => (openapi ??= finishOpenApi(app)));

  await app.ready();
  return app;
}
