import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../src/app/composition.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { dialects, freshStore, openVigil, type TestStore } from '../helpers/targets.js';

const targets = await dialects();

/** Policy as code over HTTP: applied policies show in the next decision, bad ones change nothing, other nodes follow. */
describe.each(targets)('policy on %s', (dialect) => {
  let t: TestApp;
  let n = 0;
  const put = (body: string, contentType = 'application/yaml') => t.app.inject({ method: 'PUT', url: '/v1/policy', headers: { ...t.auth('compliance_officer'), 'content-type': contentType, 'idempotency-key': `p-${++n}` }, payload: body });
  const customer = async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/customers', headers: { ...t.auth('service'), 'idempotency-key': `c-${++n}` }, payload: { type: 'person', externalRef: `p-${n}`, country: 'GB', fullName: 'Pat Policy' } });
    return res.json().id as string;
  };
  const entitlements = async (id: string) => (await t.app.inject({ method: 'GET', url: `/v1/customers/${id}/entitlements`, headers: t.auth('service') })).json();

  beforeAll(async () => {
    t = await testApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('runs the shipped policy until one is applied, and the next decision carries the new version', async () => {
    const shipped = (await t.app.inject({ method: 'GET', url: '/v1/policy', headers: t.auth('auditor') })).json();
    expect(shipped.policy.kyc.deadlineHours).toBe(72);
    const id = await customer();
    const before = await entitlements(id);
    expect(before.decision.policyVer).toBe(shipped.version);
    expect(before.entitlements.poolSize).toBe(100);

    const res = await put('entitlements:\n' + ['not_verified', 'pending', 'verified', 'rejected', 'restricted', 'suspended', 'offboarded'].map((s) => `  ${s}: { order: true, renew: true, bindPaymentMethod: false, poolSize: ${s === 'not_verified' ? 25 : 100}, targetClasses: [general], service: true }`).join('\n'));
    expect(res.statusCode, res.body).toBe(200);
    const applied = res.json();
    expect(applied).toMatchObject({ applied: true, previousVersion: shipped.version });
    expect(applied.changes).toContainEqual({ path: 'entitlements.not_verified.poolSize', kind: 'changed', from: 100, to: 25 });
    const after = await entitlements(id);
    expect(after.decision.policyVer).toBe(applied.version);
    expect(after.entitlements.poolSize).toBe(25);
    // The change is audited.
    const history = (await t.app.inject({ method: 'GET', url: '/v1/policy/history', headers: t.auth('auditor') })).json();
    expect(history.versions[0].version).toBe(applied.version);
  });

  it('refuses a broken policy with every problem located, and keeps the running one', async () => {
    const running = t.vigil.policies.snapshot().version;
    const bad = await put('kyc:\n  deadlineHours: soon\nmonitoring:\n  questionnaireUrl: null\n  rules:\n    - { id: broken, version: 1, description: x, severity: high, on: [payment.deposit], when: { gte: [ { nosuch: 1 }, 2 ] }, action: alert }\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('POLICY_INVALID');
    const paths = bad.json().context.issues.map((i: { path: string }) => i.path);
    expect(paths).toContain('kyc.deadlineHours');
    const yamlError = await put('kyc: [unclosed');
    expect(yamlError.json().code).toBe('POLICY_INVALID');
    expect(t.vigil.policies.snapshot().version).toBe(running);
  });

  it('is picked up by another node on the same store', async () => {
    if (dialect !== 'postgres') return; // one SQLite file belongs to one server
    let other: Vigil | undefined;
    let store: TestStore | undefined;
    try {
      store = await freshStore(dialect);
      const first = await openVigil(store);
      other = await openVigil(store);
      const result = await first.policies.apply('kyc:\n  deadlineHours: 48\n  validityDays: 730\n  orderGraceDays: 3\n  minimumAge: 18\n  proofOfAddressMaxAgeDays: 90\n  registryExtractMaxAgeDays: 90\n  uboThresholdPct: 25\n  edd: { onRiskLevels: [high, edd], documents: [source_of_funds, source_of_wealth], deadlineDays: 14 }\n', 'test', 'test');
      expect(other.policies.current().kyc.deadlineHours).toBe(72);
      expect(await other.policies.refresh()).toBe(true);
      expect(other.policies.snapshot().version).toBe(result.version);
      expect(other.policies.current().kyc.deadlineHours).toBe(48);
      await first.close();
    } finally {
      await other?.close();
      await store?.cleanup();
    }
  });
});
