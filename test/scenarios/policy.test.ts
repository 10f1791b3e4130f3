import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Vigil } from '../../src/app/composition.js';
import { DEFAULT_POLICY } from '../../src/policy/policy.js';
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
  const diff = (body: string, contentType = 'application/yaml') => t.app.inject({ method: 'POST', url: '/v1/policy/diff', headers: { ...t.auth('compliance_officer'), 'content-type': contentType, 'idempotency-key': `d-${++n}` }, payload: body });
  const running = async (query = '') => t.app.inject({ method: 'GET', url: `/v1/policy${query}`, headers: t.auth('auditor') });
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

  it('keeps the running value of every section a document leaves out, and diff shows exactly what apply changes', async () => {
    const risk = stringify({ risk: { ...DEFAULT_POLICY.risk, levels: { ...DEFAULT_POLICY.risk.levels, medium: 25 } } });
    expect((await put(risk)).json()).toMatchObject({ applied: true, changes: [{ path: 'risk.levels.medium', from: 30, to: 25 }] });

    const gate = JSON.stringify({ gate: { deny: ['example.net'] } });
    const preview = (await diff(gate, 'application/json')).json();
    expect(preview.changes).toEqual([{ path: 'gate.deny', kind: 'changed', from: [], to: ['example.net'] }]);
    const applied = (await put(gate, 'application/json')).json();
    expect(applied).toMatchObject({ applied: true, version: preview.version, changes: preview.changes });
    const now = (await running()).json();
    expect(now.policy.risk.levels.medium).toBe(25);
    expect(now.policy.gate.deny).toEqual(['example.net']);

    // The risk document again: its section already runs, so nothing changes and nothing is stored.
    const versions = (await t.app.inject({ method: 'GET', url: '/v1/policy/history', headers: t.auth('auditor') })).json().versions.length;
    expect((await diff(risk)).json().changes).toEqual([]);
    expect((await put(risk)).json()).toMatchObject({ applied: false, version: applied.version, changes: [] });
    expect((await t.app.inject({ method: 'GET', url: '/v1/policy/history', headers: t.auth('auditor') })).json().versions).toHaveLength(versions);
  });

  it('shows the whole running policy as YAML, which applies as no change', async () => {
    const json = (await running()).json();
    const yaml = await running('?format=yaml');
    expect(yaml.headers['content-type']).toMatch(/^application\/yaml/);
    expect(yaml.body.startsWith(`# policy ${json.version}\n`)).toBe(true);
    expect(parse(yaml.body)).toEqual(json.policy);
    expect((await put(yaml.body)).json()).toMatchObject({ applied: false, version: json.version });
  });

  it('answers a body of another type with a 415 naming both types it takes', async () => {
    for (const res of [await put('kyc: {}', 'text/plain'), await diff('kyc: {}', 'text/plain'), await put('kyc: {}', 'multipart/form-data; boundary=x')]) {
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', detail: expect.stringMatching(/application\/yaml.*application\/json/) });
    }
    // Other routes keep the shared answer.
    const other = await t.app.inject({ method: 'POST', url: '/v1/customers', headers: { ...t.auth('service'), 'content-type': 'text/plain', 'idempotency-key': `c-${++n}` }, payload: 'x' });
    expect(other.statusCode).toBe(415);
    expect(other.json().detail).toBe('send the body as application/json');
  });

  it('warns, and still applies, when a monitoring rule changes but keeps its version', async () => {
    const monitoring = t.vigil.policies.current().monitoring;
    const changed = (severity: string, version: number) => stringify({ monitoring: { ...monitoring, rules: monitoring.rules.map((r) => (r.id === 'structuring' ? { ...r, severity, version } : r)) } });
    const warning = { code: 'RULE_VERSION_UNCHANGED', message: 'monitoring rule structuring changed but kept version 1: alerts name rule and version; bump it' };
    expect((await diff(changed('critical', 1))).json().warnings).toEqual([warning]);
    const applied = await put(changed('critical', 1));
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, warnings: [warning] });
    expect((await put(changed('low', 2))).json()).toMatchObject({ applied: true, warnings: [] });
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
