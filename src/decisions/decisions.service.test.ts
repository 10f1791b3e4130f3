import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects, testVigil } from '../../test/helpers/targets.js';
import type { Vigil } from '../app/composition.js';
import type { DecisionDraft } from './decision.js';

const targets = await dialects();

const draft: DecisionDraft = {
  kind: 'signup',
  subject: 'customer:c1',
  action: 'require_kyc',
  reasons: [{ code: 'IP_TOR_EXIT', text: 'The sign-up came from a Tor exit node' }],
  inputs: { ip: 'hash:abc', velocity: 3 },
  policyVer: 'p1',
  dataVer: 'd1',
  modelVer: 'm1',
};

describe.each(targets)('decisions on %s', (dialect) => {
  let vigil: Vigil;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ vigil, close } = await testVigil(dialect));
  });
  afterEach(async () => close());

  const record = (d: DecisionDraft) => vigil.database.transaction((trx) => vigil.decisions.record(trx, d, 'test'));

  it('returns the first decision when the same input is decided again under the same versions', async () => {
    const first = await record(draft);
    const again = await record({ ...draft, inputs: { velocity: 3, ip: 'hash:abc' } });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.decision).toEqual(first.decision);
    expect(await vigil.decisions.listForSubject(vigil.database.db, 'customer:c1')).toHaveLength(1);
  });

  it('makes a new decision when the policy, data or model version changes', async () => {
    const a = await record(draft);
    const b = await record({ ...draft, policyVer: 'p2' });
    const c = await record({ ...draft, dataVer: 'd2' });
    const d = await record({ ...draft, modelVer: 'm2' });
    const ids = new Set([a, b, c, d].map((r) => r.decision.decisionId));
    expect(ids.size).toBe(4);
  });

  it('audits and emits each new decision once, with its versions and reason codes', async () => {
    const { decision } = await record(draft);
    await record(draft);
    const audit = await vigil.audit.list(vigil.database.db, { action: 'decision.recorded', limit: 10 });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.data)).toMatchObject({ decisionId: decision.decisionId, policyVer: 'p1', dataVer: 'd1', modelVer: 'm1', reasons: ['IP_TOR_EXIT'] });
    const events = await vigil.events.list(vigil.database.db, { type: 'decision.recorded', limit: 10 });
    expect(events).toHaveLength(1);
  });

  it('decides concurrent duplicates once', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => record(draft)));
    expect(new Set(results.map((r) => r.decision.decisionId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('reports an unknown decision id with a coded error', async () => {
    await expect(vigil.decisions.get(vigil.database.db, 'dec_nope')).rejects.toMatchObject({ code: 'DECISION_NOT_FOUND' });
  });
});
