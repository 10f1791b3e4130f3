import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers/app.js';
import { dialects } from '../../../test/helpers/targets.js';

const targets = await dialects();

describe.each(targets)('related persons API on %s', (dialect) => {
  let t: TestApp;
  let companyId: string;
  beforeAll(async () => {
    t = await testApp(dialect);
    const co = await t.app.inject({ method: 'POST', url: '/v1/customers', payload: { type: 'company', externalRef: 'org-ubo', country: 'NL', legalName: 'Small Share BV', registrationNumber: '87654321' }, headers: t.auth('service') });
    companyId = (co.json() as { id: string }).id;
  });
  afterAll(async () => t.close());

  const addPerson = (payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/v1/customers/${companyId}/related-persons`, payload: { country: 'NL', fullName: 'Pieter Klein', ...payload }, headers: t.auth('service') });
  const relatedRoles = async () => ((await t.app.inject({ url: `/v1/customers/${companyId}`, headers: t.auth('service') })).json() as { relatedPersons: Array<{ role: string }> }).relatedPersons.map((p) => p.role);

  it('refuses a UBO at or below the threshold by saying the share sent is too small, not that it is missing', async () => {
    for (const pct of [10, 25]) {
      const res = await addPerson({ role: 'ubo', ownershipPct: pct });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'CUSTOMER_DATA_INVALID',
        detail: `ownershipPct ${pct} % is not above 25 %, so this person is not a beneficial owner: add them with role director if they are one, or send their correct ownershipPct`,
        context: { field: 'ownershipPct', ownershipPct: pct, uboThresholdPct: 25 },
      });
    }
    expect(await relatedRoles()).toEqual([]);
  });

  it('asks for ownershipPct when a UBO comes without one', async () => {
    const res = await addPerson({ role: 'ubo' });
    expect(res.json()).toMatchObject({ status: 400, code: 'CUSTOMER_DATA_INVALID', detail: 'a beneficial owner holds more than 25 %; send ownershipPct', context: { field: 'ownershipPct' } });
  });

  it('takes the same person as a director, and a UBO above the threshold', async () => {
    expect((await addPerson({ role: 'director' })).statusCode).toBe(201);
    expect((await addPerson({ role: 'ubo', ownershipPct: 25.5, fullName: 'Anna Groot' })).statusCode).toBe(201);
    expect((await relatedRoles()).sort()).toEqual(['director', 'ubo']);
  });
});
