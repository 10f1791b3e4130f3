import { logSink } from '../../test/helpers/log-sink.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../test/helpers/app.js';

/** Personal data a client might send anywhere in a request; none of it may reach the logs. */
const PLANTED = {
  email: 'planted.person@planted-pii.net',
  phone: '+447700900461',
  name: 'Plantedia Loggsworth',
  document: 'X99887766PII',
};

describe('logs', () => {
  let t: TestApp;
  const { stream, lines } = logSink();
  beforeAll(async () => {
    t = await testApp('sqlite', { env: { VIGIL_LOG_LEVEL: 'trace' }, logDestination: stream });
  });
  afterAll(async () => t.close());

  it('never contain personal data from bodies, query strings, headers or keys', async () => {
    const pii = { email: PLANTED.email, phone: PLANTED.phone, fullName: PLANTED.name, documentNumber: PLANTED.document };
    const query = new URLSearchParams({ subject: PLANTED.email, action: PLANTED.name }).toString();
    await t.app.inject({ url: `/v1/audit?${query}`, headers: t.auth('admin') });
    await t.app.inject({ url: `/v1/nothing?email=${encodeURIComponent(PLANTED.email)}` });
    await t.app.inject({ method: 'POST', url: '/v1/webhooks', payload: { url: 'https://x.test', events: ['*'], ...pii }, headers: t.auth('admin') });
    await t.app.inject({ method: 'POST', url: '/v1/webhooks', payload: `{"email":"${PLANTED.email}"`, headers: { ...t.auth('admin'), 'content-type': 'application/json' } });
    await t.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      payload: { url: `https://x.test/?phone=${PLANTED.phone}`, events: ['*'], description: PLANTED.name },
      headers: { ...t.auth('service'), 'x-customer-email': PLANTED.email, 'idempotency-key': PLANTED.document },
    });
    await t.app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${PLANTED.email}` } });

    const text = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    expect(text).toContain('"reqId"');
    for (const value of [...Object.values(PLANTED), encodeURIComponent(PLANTED.email), t.tokens.admin, t.tokens.service]) {
      expect(text, `log contains ${value}`).not.toContain(value);
    }
    expect(text).not.toContain('127.0.0.1');
  });
});
