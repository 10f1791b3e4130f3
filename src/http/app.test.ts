import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../test/helpers/app.js';
import { dialects } from '../../test/helpers/targets.js';

const targets = await dialects();

describe.each(targets)('HTTP API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(dialect, { env: { VIGIL_BODY_LIMIT_BYTES: '4096' } });
  });
  afterAll(async () => t.close());

  const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      ...(payload === undefined ? {} : { payload: payload as string }),
      headers: { ...t.auth('admin'), ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    });

  function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, code: string) {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    const body = res.json() as Record<string, unknown>;
    expect(body).toMatchObject({ status, code, type: `urn:vigil:problem:${code}` });
    expect(body.title).toBeTruthy();
    expect(body.detail).toBeTruthy();
    expect(body.requestId).toBe(res.headers['x-request-id']);
    return body;
  }

  it('answers health, readiness and metrics without a key', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject('/readyz')).json()).toEqual({ status: 'ready', database: dialect });
    await t.app.inject({ url: '/v1/me', headers: t.auth('admin') });
    const metrics = await t.app.inject('/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('vigil_http_request_duration_seconds_bucket');
    expect(metrics.body).toMatch(/vigil_audit_records \d+/);
  });

  it('serves an OpenAPI 3.1 document with every /v1 route and the docs page', async () => {
    const doc = (await t.app.inject('/openapi.json')).json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/webhooks', '/v1/webhooks/{id}', '/v1/keys', '/v1/audit', '/v1/decisions/{id}']));
    const post = doc.paths['/v1/webhooks']!.post as { parameters: Array<{ name: string }>; responses: Record<string, unknown> };
    expect(post.parameters.map((p) => p.name)).toContain('Idempotency-Key');
    expect(post.responses).toHaveProperty('4XX');
    const page = await t.app.inject('/docs');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui-bundle.js');
    expect((await t.app.inject('/docs/swagger-ui-bundle.js')).statusCode).toBe(200);
  });

  it('echoes a caller-supplied request id and makes one otherwise', async () => {
    expect((await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } })).headers['x-request-id']).toBe('abc-123');
    expect((await t.app.inject('/healthz')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses malformed JSON', async () => {
    expectProblem(await post('/v1/webhooks', '{"url": '), 400, 'MALFORMED_JSON');
  });

  it('treats an empty JSON body as no body', async () => {
    expectProblem(await post('/v1/webhooks', ''), 400, 'VALIDATION_FAILED');
    expect((await post('/v1/audit/checkpoints', '', { 'content-type': 'application/json' })).statusCode).toBe(201);
  });

  it('refuses prototype pollution attempts', async () => {
    expectProblem(await post('/v1/webhooks', '{"url":"https://x.test","events":["*"],"__proto__":{"admin":true}}'), 400, 'MALFORMED_JSON');
  });

  it('refuses wrong types and names the field', async () => {
    const body = expectProblem(await post('/v1/webhooks', { url: 42, events: ['*'] }), 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/body/url' })]));
  });

  it('refuses unknown fields', async () => {
    const body = expectProblem(await post('/v1/webhooks', { url: 'https://x.test', events: ['*'], colour: 'red' }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(body.errors)).toContain('colour');
  });

  it('refuses unknown query parameters and bad params', async () => {
    expectProblem(await t.app.inject({ url: '/v1/audit?limit=abc', headers: t.auth('admin') }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.app.inject({ url: '/v1/audit?frobnicate=1', headers: t.auth('admin') }), 400, 'VALIDATION_FAILED');
  });

  it('refuses oversized bodies', async () => {
    expectProblem(await post('/v1/webhooks', { url: 'https://x.test', events: ['*'], description: 'x'.repeat(5000) }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses bodies that are not JSON', async () => {
    expectProblem(await post('/v1/webhooks', 'url=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await post('/v1/webhooks', 'hello', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers unknown routes and methods with a problem', async () => {
    expectProblem(await t.app.inject('/v1/nothing-here'), 404, 'ROUTE_NOT_FOUND');
    expectProblem(await t.app.inject({ method: 'PUT', url: '/v1/webhooks', headers: t.auth('admin') }), 404, 'ROUTE_NOT_FOUND');
  });

  it('refuses missing, malformed, unknown and revoked keys', async () => {
    expectProblem(await t.app.inject('/v1/webhooks'), 401, 'AUTH_REQUIRED');
    expectProblem(await t.app.inject({ url: '/v1/webhooks', headers: { authorization: 'Basic abc' } }), 401, 'AUTH_INVALID');
    expectProblem(await t.app.inject({ url: '/v1/webhooks', headers: { authorization: 'Bearer vigil_0000000000000000.' + 'a'.repeat(43) } }), 401, 'AUTH_INVALID');
    const created = (await post('/v1/keys', { role: 'service' })).json() as { id: string; token: string };
    expect((await t.app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${created.token}` } })).statusCode).toBe(200);
    expect((await post(`/v1/keys/${created.id}/revoke`)).statusCode).toBe(200);
    expectProblem(await t.app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${created.token}` } }), 401, 'AUTH_INVALID');
  });

  it('refuses a role without the permission', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/keys', payload: { role: 'admin' }, headers: t.auth('service') });
    expectProblem(res, 403, 'FORBIDDEN');
  });

  it('replays an idempotent POST and refuses the key with another body', async () => {
    const body = { url: 'https://hooks.example.test/a', events: ['decision.recorded'] };
    const first = await post('/v1/webhooks', body, { 'idempotency-key': 'create-a' });
    const second = await post('/v1/webhooks', body, { 'idempotency-key': 'create-a' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    expectProblem(await post('/v1/webhooks', { ...body, url: 'https://hooks.example.test/b' }, { 'idempotency-key': 'create-a' }), 422, 'IDEMPOTENCY_KEY_REUSED');
    const list = (await t.app.inject({ url: '/v1/webhooks', headers: t.auth('admin') })).json() as { data: Array<{ url: string }> };
    expect(list.data.filter((w) => w.url === body.url)).toHaveLength(1);
  });

  it('manages webhooks through their whole life', async () => {
    const created = (await post('/v1/webhooks', { url: 'https://hooks.example.test/life', events: ['*'] })).json() as { id: string; secret: string };
    expect(created.secret).toMatch(/^whsec_/);
    const got = (await t.app.inject({ url: `/v1/webhooks/${created.id}`, headers: t.auth('service') })).json() as Record<string, unknown>;
    expect(got).not.toHaveProperty('secret');
    const patched = await t.app.inject({ method: 'PATCH', url: `/v1/webhooks/${created.id}`, payload: { status: 'disabled' }, headers: t.auth('admin') });
    expect(patched.json()).toMatchObject({ status: 'disabled' });
    expectProblem(await post(`/v1/webhooks/${created.id}/ping`), 409, 'WEBHOOK_DELETED');
    await t.app.inject({ method: 'PATCH', url: `/v1/webhooks/${created.id}`, payload: { status: 'active' }, headers: t.auth('admin') });
    expect((await post(`/v1/webhooks/${created.id}/ping`)).statusCode).toBe(202);
    const deliveries = (await t.app.inject({ url: `/v1/webhooks/${created.id}/deliveries`, headers: t.auth('admin') })).json() as { data: unknown[] };
    expect(deliveries.data).toHaveLength(1);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${created.id}`, headers: t.auth('admin') })).statusCode).toBe(204);
    expectProblem(await t.app.inject({ url: '/v1/webhooks/whk_missing', headers: t.auth('admin') }), 404, 'WEBHOOK_NOT_FOUND');
    const audit = (await t.app.inject({ url: `/v1/audit?subject=webhook:${created.id}`, headers: t.auth('auditor') })).json() as { data: Array<{ action: string }> };
    expect(audit.data.map((r) => r.action)).toEqual(['webhook.created', 'webhook.updated', 'webhook.updated', 'webhook.pinged', 'webhook.deleted']);
    const verify = (await t.app.inject({ url: '/v1/audit/verify', headers: t.auth('auditor') })).json() as { ok: boolean };
    expect(verify.ok).toBe(true);
  });

  it('signs an audit checkpoint', async () => {
    const res = await post('/v1/audit/checkpoints');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/), signature: expect.any(String) });
  });
});

describe('HTTP API with a failing database', () => {
  it('answers an unexpected error with a generic 500 that leaks nothing', async () => {
    const t = await testApp('sqlite');
    const token = t.tokens.admin;
    await t.vigil.database.close();
    const res = await t.app.inject({ url: '/v1/webhooks', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(500);
    const body = res.json() as Record<string, unknown>;
    expect(body).toMatchObject({ code: 'INTERNAL_ERROR', status: 500, requestId: res.headers['x-request-id'] });
    expect(JSON.stringify(body)).not.toMatch(/destroyed|sqlite|kysely|stack/i);
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ code: 'NOT_READY' });
    await t.app.close();
  });
});
