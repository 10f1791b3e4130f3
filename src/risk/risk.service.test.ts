import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects, testVigil } from '../../test/helpers/targets.js';
import type { Vigil } from '../app/composition.js';

const targets = await dialects();

describe.each(targets)('risk assessment on %s', (dialect) => {
  let vigil: Vigil;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ vigil, close } = await testVigil(dialect));
  });
  afterEach(async () => close());

  // A sign-up's transaction skips the profile reads for the customer it creates, on the ground
  // that nothing can refer to a new id yet: that must give the score the reads would.
  it('scores a customer created in the transaction as reading its profile would', async () => {
    const scores = await vigil.database.transaction(async (trx) => {
      const c = await vigil.customers.create(trx, { type: 'person', externalRef: 'fresh-1', country: 'IR', fullName: 'Fresh Customer' }, 'test', { initialRiskByCaller: true });
      await vigil.customers.addRiskFactors(trx, c.id, ['SIGNUP_TOR'], 'test');
      const seen = { ipCountry: 'DE', phoneCountry: 'GB' };
      const skipped = await vigil.risk.assess(trx, c.id, 'signup', 'test', { seen, created: true });
      const read = await vigil.risk.assess(trx, c.id, 'signup', 'test', { seen });
      return [skipped, read];
    });
    const [skipped, read] = scores.map((a) => ({ score: a!.score, level: a!.level, factors: a!.factors }));
    expect(skipped!.factors.length).toBeGreaterThan(1);
    expect(skipped).toEqual(read);
  });
});
