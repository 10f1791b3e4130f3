import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logSink } from '../helpers/log-sink.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/targets.js';

const targets = await dialects();
const PLANTED = { email: 'zebulon.hiddenvalue+x@gmail.com', phone: '+447400987123', ip: '86.150.99.201', deviceId: 'device-planted-7f3a', paymentFingerprint: 'card-planted-9c2b' };

/** A sign-up's email, phone, IP, device and payment fingerprint rest only in the vault (encrypted) or as keyed digests. */
describe.each(targets)('sign-up personal data on %s', (dialect) => {
  let t: TestApp;
  const { stream, lines: logs } = logSink();
  beforeAll(async () => {
    t = await testApp(dialect, { env: { VIGIL_LOG_LEVEL: 'trace' }, logDestination: stream });
  });
  afterAll(async () => t.close());

  it('finds none of it in the raw database files or the logs', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/signups', headers: { ...t.auth('service'), 'idempotency-key': 'pii-1' }, payload: { externalRef: 'pii-1', declaredCountry: 'GB', ...PLANTED } });
    expect(res.json(), res.body).toMatchObject({ action: 'allow' });
    const id = res.json().customerId as string;
    await t.app.inject({ method: 'POST', url: `/v1/customers/${id}/verifications/email`, headers: { ...t.auth('service'), 'idempotency-key': 'pii-2' } });
    const needles = ['zebulon', 'hiddenvalue', '7400987123', PLANTED.ip, 'device-planted', 'card-planted'];
    const haystacks = [logs.join('')];
    if (dialect === 'sqlite') {
      const dir = t.vigil.config.dataDir;
      for (const f of readdirSync(dir).filter((n) => /\.db(-wal)?$/.test(n))) haystacks.push(readFileSync(join(dir, f)).toString('latin1'));
    }
    for (const h of haystacks) for (const n of needles) expect(h.includes(n), `found ${n}`).toBe(false);
    expect(JSON.stringify(res.json())).not.toContain('zebulon');
  });
});
