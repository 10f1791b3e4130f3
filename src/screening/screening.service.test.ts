import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, testVigil } from '../../test/helpers/targets.js';
import type { Vigil } from '../app/composition.js';
import { holdsCryptoAddress } from './lists.store.js';

const targets = await dialects();
const HEADER = 'id,name,type,aliases,birth_date,countries,topics\n';

describe.each(targets)('ScreeningService.screen on %s', (dialect) => {
  let vigil: Vigil;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ vigil, close } = await testVigil(dialect));
    const dir = mkdtempSync(join(tmpdir(), 'vigil-screen-'));
    // Twelve listed namesakes: more than the default limit of ten.
    writeFileSync(join(dir, 'many.csv'), HEADER + Array.from({ length: 12 }, (_, i) => `m-${i + 1},Mohammed Ali,person,,,,sanction\n`).join(''));
    await vigil.lists.importAndRescreen(join(dir, 'many.csv'), { format: 'csv', list: 'many', actor: 'test' });
    writeFileSync(join(dir, 'internal.csv'), `${HEADER}i-1,Viktor Bout,person,,1967-01-13,RU,crime\n`);
    await vigil.lists.importAndRescreen(join(dir, 'internal.csv'), { format: 'csv', list: 'internal', actor: 'test' });
  });
  afterAll(async () => close());

  it('says when more matches reached the threshold than the limit let through', async () => {
    const capped = await vigil.screening.screen({ name: 'Mohammed Ali' });
    expect(capped).toMatchObject({ limit: 10, truncated: true });
    expect(capped.matches).toHaveLength(10);
    const all = await vigil.screening.screen({ name: 'Mohammed Ali' }, { limit: 12 });
    expect(all).toMatchObject({ limit: 12, truncated: false });
    expect(all.matches).toHaveLength(12);
    expect((await vigil.screening.screen({ name: 'Mohammed Ali' }, { limit: 11 })).truncated).toBe(true);
  });

  it('reports the threshold that applied to each match, and the policy entries that can apply', async () => {
    await vigil.policies.apply('screening:\n  threshold: 0.9\n  thresholds:\n    - { list: internal, threshold: 0.8 }\n', 'test', 'test');
    const res = await vigil.screening.screen({ name: 'Viktor Bout' });
    expect(res.threshold).toBe(0.9);
    expect(res.thresholds).toEqual([{ list: 'internal', threshold: 0.8 }]);
    expect(res.matches.map((m) => [m.list, m.threshold])).toEqual([['internal', 0.8]]);
    expect((await vigil.screening.screen({ name: 'Mohammed Ali' }, { limit: 1 })).matches[0]).toMatchObject({ list: 'many', threshold: 0.9 });
    // A threshold asked for applies to every list: no policy entry does.
    const asked = await vigil.screening.screen({ name: 'Viktor Bout' }, { threshold: 0.7 });
    expect(asked).toMatchObject({ threshold: 0.7, thresholds: [] });
    expect(asked.matches[0]).toMatchObject({ list: 'internal', threshold: 0.7 });
  });
});

describe.each(targets)('lists.store.holdsCryptoAddress on %s', (dialect) => {
  it('tells whether any loaded entity lists a crypto address, as the address index would', async () => {
    const { vigil, close } = await testVigil(dialect);
    try {
      const db = vigil.database.db;
      const dir = mkdtempSync(join(tmpdir(), 'vigil-warn-'));
      expect(await holdsCryptoAddress(db)).toBe(false);
      writeFileSync(join(dir, 'names.csv'), `${HEADER}n-1,Viktor Bout,person,,1967-01-13,RU,crime\n`);
      await vigil.lists.importAndRescreen(join(dir, 'names.csv'), { format: 'csv', list: 'names', actor: 'test' });
      expect(await holdsCryptoAddress(db)).toBe(false);
      expect((await vigil.screening.warnings()).map((w) => w.code)).toEqual(['NO_ADDRESS_LISTS']);
      writeFileSync(join(dir, 'sanctioned_addresses_ETH.txt'), '0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1\n');
      await vigil.lists.importAndRescreen(join(dir, 'sanctioned_addresses_ETH.txt'), { format: 'address-list', list: 'crypto', actor: 'test' });
      expect(await holdsCryptoAddress(db)).toBe(true);
      expect(vigil.screening.stats()?.addresses).toBe(1);
      expect(await vigil.screening.warnings()).toEqual([]);
    } finally {
      await close();
    }
  });
});
