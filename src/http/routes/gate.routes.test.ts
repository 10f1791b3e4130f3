import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers/app.js';
import { dialects } from '../../../test/helpers/targets.js';

const targets = await dialects();

describe.each(targets)('GET /v1/gate/check on %s', (dialect) => {
  let t: TestApp;
  let customerId: string;
  beforeAll(async () => {
    t = await testApp(dialect);
    const res = await t.app.inject({ method: 'POST', url: '/v1/customers', headers: t.auth('service'), payload: { type: 'person', externalRef: 'gate-route-1', country: 'DE', fullName: 'Gate Route' } });
    expect(res.statusCode).toBe(201);
    customerId = res.json().id;
  });
  afterAll(async () => {
    await t.close();
  });
  const check = (query: string) => t.app.inject({ method: 'GET', url: `/v1/gate/check?${query}`, headers: t.auth('service') });

  it('answers a decision for a valid port', async () => {
    const res = await check(`customerId=${customerId}&host=www.example.org&port=443`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ action: 'allow' });
  });

  it("lists a customer's gate rules under data, and an unknown customer's as a 404", async () => {
    const added = await t.app.inject({ method: 'POST', url: `/v1/customers/${customerId}/gate-rules`, headers: t.auth('compliance_officer'), payload: { pattern: 'example.net', effect: 'deny', reason: 'abuse report' } });
    expect(added.statusCode).toBe(201);
    const listed = await t.app.inject({ url: `/v1/customers/${customerId}/gate-rules`, headers: t.auth('service') });
    expect(listed.json()).toEqual({ data: [expect.objectContaining({ pattern: 'example.net', effect: 'deny' })] });
    const unknown = await t.app.inject({ url: '/v1/customers/cus_nope/gate-rules', headers: t.auth('service') });
    expect(unknown.json()).toMatchObject({ status: 404, code: 'CUSTOMER_NOT_FOUND' });
    const addToUnknown = await t.app.inject({ method: 'POST', url: '/v1/customers/cus_nope/gate-rules', headers: t.auth('compliance_officer'), payload: { pattern: 'example.net', effect: 'deny', reason: 'abuse report' } });
    expect(addToUnknown.json()).toMatchObject({ status: 404, code: 'CUSTOMER_NOT_FOUND' });
  });

  it('says port is required when it is missing', async () => {
    const res = await check(`customerId=${customerId}&host=www.example.org`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.detail).toBe('/querystring/port: port is required');
    expect(body.detail).not.toContain('NaN');
  });

  it.each(['abc', '65536', '-1', '4.5', '', '0'])('refuses port=%s naming the value', async (port) => {
    const res = await check(`customerId=${customerId}&host=www.example.org&port=${port}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toBe(`/querystring/port: "${port}" is not a port: expected a whole number 1–65535`);
  });

  it("keeps the port policy over the customer's allow rules", async () => {
    const created = await t.app.inject({ method: 'POST', url: '/v1/customers', headers: t.auth('service'), payload: { type: 'person', externalRef: 'gate-route-2', country: 'DE', fullName: 'Gate Allowed' } });
    const id = created.json().id as string;
    for (const pattern of ['facebook.com', '*']) {
      const added = await t.app.inject({ method: 'POST', url: `/v1/customers/${id}/gate-rules`, headers: t.auth('compliance_officer'), payload: { pattern, effect: 'allow', reason: 'test' } });
      expect(added.statusCode).toBe(201);
    }
    const cases: Array<[host: string, port: number, code: string]> = [
      ['facebook.com', 25, 'port_blocked'],
      ['gmail-smtp-in.l.google.com', 25, 'port_blocked'],
      ['8.8.8.8', 25, 'port_blocked'],
      ['example.org', 3306, 'port_requires_verification'],
      ['facebook.com', 443, 'customer_allowed'],
    ];
    for (const [host, port, code] of cases) {
      const res = await check(`customerId=${id}&host=${host}&port=${port}`);
      expect(res.json(), `${host}:${port}`).toMatchObject({ action: code === 'customer_allowed' ? 'allow' : 'deny', code });
    }
  });
});
