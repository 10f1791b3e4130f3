import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, testVigil } from '../../test/helpers/targets.js';
import type { Vigil } from '../app/composition.js';
import { isVigilError } from '../core/errors.js';
import { lowestThreshold, thresholdFor, type ScreeningPolicy } from './screening-policy.js';

describe('thresholdFor', () => {
  const policy: ScreeningPolicy = {
    threshold: 0.875,
    thresholds: [
      { list: 'internal', threshold: 0.8 },
      { type: 'vessel', threshold: 0.92 },
      { list: 'internal', type: 'vessel', threshold: 0.85 },
    ],
  };

  it.each([
    ['ofac-sdn', 'person', 0.875], // no entry: the policy's own
    ['internal', 'person', 0.8], // the list's
    ['ofac-sdn', 'vessel', 0.92], // the type's
    ['internal', 'vessel', 0.85], // list and type beat either
  ] as const)('%s / %s → %f', (list, type, expected) => {
    expect(thresholdFor(policy, list, type)).toBe(expected);
  });

  it('searches down to the lowest threshold any match may need', () => {
    expect(lowestThreshold(policy)).toBe(0.8);
    expect(lowestThreshold({ threshold: 0.875, thresholds: [] })).toBe(0.875);
  });
});

const targets = await dialects();
const HEADER = 'id,name,type,aliases,birth_date,countries,topics\n';

describe.each(targets)('screening thresholds from policy on %s', (dialect) => {
  let vigil: Vigil;
  let close: () => Promise<void>;
  let dir: string;
  beforeAll(async () => {
    ({ vigil, close } = await testVigil(dialect));
    dir = mkdtempSync(join(tmpdir(), 'vigil-thresholds-'));
    for (const list of ['watch', 'internal']) {
      writeFileSync(join(dir, `${list}.csv`), `${HEADER}${list}-1,Viktor Bout,person,,1967-01-13,RU,crime\n`);
      await vigil.lists.importAndRescreen(join(dir, `${list}.csv`), { format: 'csv', list, actor: 'test' });
    }
  });
  afterAll(async () => close());

  // A misspelt, reordered query scores between the stricter and the looser threshold below.
  const query = { name: 'Butt Viktar' };
  const listsHit = async () => (await vigil.screening.screen(query)).matches.map((m) => m.list).sort();

  it('applies the threshold of each match’s list once a policy sets one, and an explicit threshold to all', async () => {
    const score = (await vigil.screening.screen(query, { threshold: 0 })).matches[0]!.score;
    expect(score).toBeGreaterThan(0.6);
    expect(score).toBeLessThan(0.99);
    const strict = Math.min(1, score + 0.01);
    const loose = score - 0.01;
    await vigil.policies.apply(`screening:\n  threshold: ${strict}\n  thresholds:\n    - { list: internal, threshold: ${loose} }\n`, 'test', 'test');
    expect(await listsHit()).toEqual(['internal']);
    expect((await vigil.screening.screen(query, { threshold: loose })).matches.map((m) => m.list).sort()).toEqual(['internal', 'watch']);
    await vigil.policies.apply(`screening:\n  threshold: ${loose}\n  thresholds:\n    - { type: person, threshold: ${strict} }\n    - { list: watch, type: person, threshold: ${loose} }\n`, 'test', 'test');
    expect(await listsHit()).toEqual(['watch']);
  });

  it('applies a threshold for a list that is not loaded, with a warning naming it and the loaded ones', async () => {
    const applied = await vigil.policies.apply('screening:\n  threshold: 0.9\n  thresholds:\n    - { list: interna1, threshold: 0.8 }\n    - { list: watch, threshold: 0.8 }\n', 'test', 'test');
    expect(applied.applied).toBe(true);
    expect(applied.warnings).toEqual([{ code: 'SCREENING_THRESHOLD_LIST_UNKNOWN', message: expect.stringMatching(/names list interna1, which is not loaded \(loaded: internal, watch\)/) }]);
    expect((await vigil.policies.preview('screening:\n  threshold: 0.9\n  thresholds:\n    - { list: watch, threshold: 0.8 }\n', 'test')).warnings).toEqual([]);
  });

  it('refuses an entry that names neither a list nor a type', async () => {
    const err = await vigil.policies.apply('screening:\n  threshold: 0.9\n  thresholds:\n    - { threshold: 0.5 }\n', 'test', 'test').catch((e: unknown) => e);
    expect(isVigilError(err) && err.code).toBe('POLICY_INVALID');
  });
});

describe.each(targets)('re-screening after a list change under policy thresholds on %s', (dialect) => {
  let vigil: Vigil;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ vigil, close } = await testVigil(dialect));
  });
  afterAll(async () => close());

  it('finds a customer who meets a changed entity only at the looser threshold of its list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-thresholds-'));
    const file = join(dir, 'internal.csv');
    await vigil.policies.apply('screening:\n  threshold: 0.99\n  thresholds:\n    - { list: internal, threshold: 0.5 }\n', 'test', 'test');
    writeFileSync(file, `${HEADER}i-1,Anna Schmidt,person,,1980-01-01,DE,pep\n`);
    await vigil.lists.importAndRescreen(file, { format: 'csv', list: 'internal', actor: 'test' });
    const customer = await vigil.database.transaction((trx) => vigil.customers.create(trx, { type: 'person', externalRef: 'c-1', country: 'RU', fullName: 'Viktor Bouts Ivanov' }, 'test'));
    const open = () => vigil.customerScreening.listHits(vigil.database.db, { customerId: customer.id, status: 'open', limit: 10 });
    expect(await open()).toEqual([]);
    writeFileSync(file, `${HEADER}i-1,Anna Schmidt,person,,1980-01-01,DE,pep\ni-2,Viktor Bout,person,,1967-01-13,RU,crime\n`);
    await vigil.lists.importAndRescreen(file, { format: 'csv', list: 'internal', actor: 'test' });
    expect((await open()).map((h) => h.entityId)).toEqual(['internal:i-2']);
  });
});
