import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects, testVigil } from '../../test/helpers/targets.js';
import type { Vigil } from '../app/composition.js';
import type { ImportProgress } from './list-import.service.js';

const targets = await dialects();
const CRYPTO_DIR = resolve(import.meta.dirname, '../../../shared/data/sanctions/ofac/crypto');

describe.each(targets)('list import and versions on %s', (dialect) => {
  let vigil: Vigil;
  let close: () => Promise<void>;
  let dir: string;
  beforeEach(async () => {
    ({ vigil, close } = await testVigil(dialect));
    dir = mkdtempSync(join(tmpdir(), 'vigil-lists-'));
  });
  afterEach(async () => close());

  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const ETH_A = '0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1';
  const ETH_B = '0x03893a7c7463AE47D46bc7f091665f1893656003';
  const XBT = '123WBUDmSJv4GctdVEz6Qq6z8nXSKrJ4KX';

  it('imports a list as a version with a content hash and diffs the next one against it', async () => {
    const first = await vigil.lists.importAndRescreen(file('risky_ETH.txt', `${ETH_A}\n${ETH_B}\n`), { format: 'address-list', list: 'risk', actor: 'test' });
    expect(first).toMatchObject({ list: 'risk', entityCount: 2, added: 2, changed: 0, removed: 0, unchanged: false });
    expect(first.dataVer).toMatch(/^dv_[0-9a-f]{20}$/);
    const again = await vigil.lists.importAndRescreen(file('risky2_ETH.txt', `# same content\n${ETH_B}\n${ETH_A}\n`), { format: 'address-list', list: 'risk', actor: 'test' });
    expect(again).toMatchObject({ unchanged: true, dataVer: first.dataVer });
    const next = await vigil.lists.importAndRescreen(file('risky3_ETH.txt', `${ETH_A},ETH,mixer\n${XBT},XBT\n`), { format: 'address-list', list: 'risk', actor: 'test' });
    expect(next).toMatchObject({ entityCount: 2, added: 1, changed: 1, removed: 1 });
    const versions = await vigil.lists.versions(vigil.database.db, 'risk');
    expect(versions.map((v) => [v.added, v.changed, v.removed])).toEqual([[1, 1, 1], [2, 0, 0]]);
    const audit = await vigil.audit.list(vigil.database.db, { action: 'screening.list_imported', limit: 10 });
    expect(audit).toHaveLength(2);
  });

  it('reports import progress as entities parsed and compressed bytes read', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `p-${i},Person Number${i} Example,person,,,,crime`).join('\n');
    const path = join(dir, 'people.csv.gz');
    writeFileSync(path, gzipSync(`id,name,type,aliases,birth_date,countries,topics\n${rows}\n`));
    const seen: ImportProgress[] = [];
    await vigil.lists.importAndRescreen(path, { format: 'csv', list: 'people', actor: 'test', onProgress: (p) => seen.push(p) });
    const size = statSync(path).size;
    expect(seen.at(-1)).toEqual({ entities: 1200, bytesRead: size, totalBytes: size, done: true });
    expect(seen.slice(0, -1).map((p) => p.entities)).toEqual([500, 1000]);
    expect(seen.every((p, i) => i === 0 || p.bytesRead >= seen[i - 1]!.bytesRead)).toBe(true);
  });

  it('refuses a broken file and keeps the loaded version', async () => {
    const ok = await vigil.lists.importAndRescreen(file('a_ETH.txt', `${ETH_A}\n`), { format: 'address-list', list: 'risk', actor: 'test' });
    await expect(vigil.lists.importAndRescreen(file('b_ETH.txt', `${ETH_B}\nthis is not an address\n`), { format: 'address-list', list: 'risk', actor: 'test' })).rejects.toMatchObject({
      code: 'SCREENING_FILE_MALFORMED',
    });
    await expect(vigil.lists.importAndRescreen(file('c_ETH.txt', '# nothing\n'), { format: 'address-list', list: 'risk', actor: 'test' })).rejects.toMatchObject({ code: 'SCREENING_LIST_EMPTY' });
    await expect(vigil.lists.importAndRescreen(file('what.bin', 'PK\u0003\u0004 zip'), { actor: 'test' })).rejects.toMatchObject({ code: 'SCREENING_FORMAT_UNKNOWN' });
    const [list] = await vigil.lists.lists(vigil.database.db);
    expect(list).toMatchObject({ name: 'risk', dataVer: ok.dataVer, entities: 1 });
  });

  it('screens crypto addresses case-insensitively for EVM and names the listing', async () => {
    await vigil.lists.importAndRescreen(file('ops_ETH.txt', `${ETH_A},ETH,mixer\n`), { format: 'address-list', list: 'operator-risk', actor: 'test' });
    const hit = await vigil.screening.screenAddress(ETH_A.toLowerCase(), 'USDT');
    expect(hit).toMatchObject({ riskScore: 80, flags: ['LISTED_FOR_OTHER_CURRENCY', 'LISTED_MIXER'], listings: [{ list: 'operator-risk', currency: 'ETH' }] });
    expect((await vigil.screening.screenAddress(XBT)).riskScore).toBe(0);
  });

  it.skipIf(!existsSync(CRYPTO_DIR))(`imports the OFAC digital-currency address lists (${CRYPTO_DIR}) and flags a sanctioned address`, async () => {
    const report = await vigil.lists.importAndRescreen(CRYPTO_DIR, { list: 'ofac-crypto', actor: 'test' });
    expect(report).toMatchObject({ format: 'address-list', entityCount: 654 });
    const verdict = await vigil.screening.screenAddress(XBT);
    expect(verdict).toMatchObject({ riskScore: 100, flags: ['SANCTIONED'], listings: [{ list: 'ofac-crypto', currency: 'XBT' }] });
  });
});
