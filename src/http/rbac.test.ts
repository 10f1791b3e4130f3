import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../test/helpers/app.js';
import { ROLES } from '../auth/permissions.js';
import { can } from '../auth/permissions.js';
import { accessTable } from './auth-hook.js';

/**
 * Walks every route × role: a role without the route's permission gets 403, every other role
 * gets past authorisation (whatever the handler then answers), and no route is reachable
 * without a key unless it is declared public.
 */
describe('permission matrix', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('sqlite');
  });
  afterAll(async () => t.close());

  const concrete = (url: string) => url.replace(/:(\w+)/g, 'x_$1');

  it('declares an access rule on every route, and only system routes are public', () => {
    const table = accessTable(t.app);
    expect(table.length).toBeGreaterThan(15);
    const publicUrls = table.filter((r) => 'public' in r.access).map((r) => r.url);
    for (const url of publicUrls) expect(url).toMatch(/^\/(healthz|readyz|metrics|openapi\.json|docs)/);
    for (const r of table.filter((r) => r.url.startsWith('/v1/'))) expect('public' in r.access).toBe(false);
    // Routes authenticated by a vendor's signature instead of a key: only the webhook receivers.
    for (const r of table.filter((r) => 'signed' in r.access)) expect(['/v1/kyc/webhooks/:vendor', '/upload/:token', '/verify/email/:token']).toContain(r.url);
  });

  const keyed = () => accessTable(t.app).filter((r) => !('public' in r.access) && !('signed' in r.access));

  it('refuses every protected route without a key', async () => {
    for (const route of keyed()) {
      const res = await t.app.inject({ method: route.method as 'GET', url: concrete(route.url) });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('lets each role through exactly the routes its permissions allow', async () => {
    let checked = 0;
    for (const route of keyed()) {
      for (const role of ROLES) {
        const res = await t.app.inject({ method: route.method as 'GET', url: concrete(route.url), headers: t.auth(role) });
        const allowed = 'authenticated' in route.access || ('permission' in route.access && can(role, route.access.permission));
        const label = `${role} ${route.method} ${route.url} → ${res.statusCode} ${res.body.slice(0, 120)}`;
        if (allowed) {
          expect([401, 403], label).not.toContain(res.statusCode);
          expect(res.statusCode, label).toBeLessThan(500);
        } else {
          expect(res.statusCode, label).toBe(403);
          expect(res.json(), label).toMatchObject({ code: 'FORBIDDEN' });
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('refuses a signed route without a valid vendor signature, whatever key is sent', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/kyc/webhooks/sumsub', payload: '{}', headers: { ...t.auth('admin'), 'content-type': 'application/json' } });
    expect([401, 404]).toContain(res.statusCode);
  });

  it('gives the auditor read-only access', () => {
    for (const route of accessTable(t.app)) {
      if ('permission' in route.access && can('auditor', route.access.permission)) expect(route.method, route.url).toBe('GET');
    }
  });
});
