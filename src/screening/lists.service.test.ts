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
const OFAC = resolve(import.meta.dirname, '../../../shared/data/sanctions/ofac');
const SDN_2021 = join(OFAC, 'sdn_2021-07-07.csv.gz');
const SDN_XML_EXCERPT = join(OFAC, 'sdn_xml_excerpt_2020-04-22.xml');
const HEADER = 'id,name,type,aliases,birth_date,countries,topics\n';
/** One row of OFAC's sdn.csv; a whole file ends with the 0x1A byte on a line of its own. */
const sdnRow = (id: number, name: string) => `${id},"${name}",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n`;
const people = (ids: number[]) => HEADER + ids.map((i) => `p-${i},Person Number${i} Example,person,,,,pep\n`).join('');

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

  it('reports no warnings for a file that has nothing to say', async () => {
    const report = await vigil.lists.importAndRescreen(file('a_ETH.txt', `${ETH_A}\n`), { format: 'address-list', list: 'risk', actor: 'test' });
    expect(report.warnings).toEqual([]);
  });

  it('refuses, before writing anything, a version that would remove more than half of the loaded list', async () => {
    const full = await vigil.lists.importAndRescreen(file('full.csv', people([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])), { format: 'csv', list: 'peps', actor: 'test' });
    // Half of it may go (5 of 10): that is a list changing, not a cut file.
    const half = await vigil.lists.importAndRescreen(file('half.csv', people([1, 2, 3, 4, 5, 11, 12])), { format: 'csv', list: 'peps', actor: 'test' });
    expect(half).toMatchObject({ added: 2, removed: 5, entityCount: 7 });
    const excerpt = file('excerpt.csv', people([1, 2, 13]));
    const refused = vigil.lists.importAndRescreen(excerpt, { format: 'csv', list: 'peps', actor: 'test' });
    await expect(refused).rejects.toMatchObject({
      code: 'SCREENING_LIST_SHRUNK',
      kind: 'conflict',
      message: expect.stringMatching(/^importing excerpt\.csv would remove 5 of the 7 entities of peps .*--force/),
      context: { list: 'peps', file: 'excerpt.csv', loaded: 7, removed: 5, entityCount: 3, maxRemovedShare: 0.5 },
    });
    const versions = await vigil.lists.versions(vigil.database.db, 'peps');
    expect(versions).toHaveLength(2);
    expect((await vigil.lists.lists(vigil.database.db))[0]).toMatchObject({ name: 'peps', dataVer: half.dataVer, entities: 7 });
    expect((await vigil.screening.screen({ name: 'Person Number4 Example' })).matches.map((m) => m.entityId)).toEqual(['peps:p-4']);
    expect(await vigil.audit.list(vigil.database.db, { action: 'screening.list_imported', limit: 10 })).toHaveLength(2);
    expect(full.warnings).toEqual([]);

    const forced = await vigil.lists.importAndRescreen(excerpt, { format: 'csv', list: 'peps', actor: 'test', force: true });
    expect(forced).toMatchObject({ entityCount: 3, added: 1, removed: 5, unchanged: false });
    const audits = (await vigil.audit.list(vigil.database.db, { action: 'screening.list_imported', limit: 10 })).map((a) => JSON.parse(a.data) as { removed: number; forced?: boolean });
    expect(audits.filter((a) => a.forced)).toEqual([expect.objectContaining({ removed: 5, forced: true })]);
  });

  it('names the file instead of its path in errors when given a name to show', async () => {
    const err = await vigil.lists.importAndRescreen(file('badcol.csv', 'id,name,colour\n1,x,red\n'), { format: 'csv', list: 'peps', actor: 'test', fileName: 'my list.csv' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SCREENING_FILE_MALFORMED', message: expect.stringMatching(/^my list\.csv: /), context: { file: 'my list.csv' } });
    expect(JSON.stringify([(err as Error).message, (err as { context: unknown }).context])).not.toContain(dir);
  });

  it('refuses the versions of a list that is not loaded, naming the loaded ones', async () => {
    await expect(vigil.lists.versions(vigil.database.db, 'nope')).rejects.toMatchObject({ code: 'SCREENING_LIST_UNKNOWN', message: 'no list named nope is loaded; no list is loaded; import one with vigil lists import FILE or POST /v1/lists/import' });
    await vigil.lists.importAndRescreen(file('full.csv', people([1])), { format: 'csv', list: 'peps', actor: 'test' });
    await expect(vigil.lists.versions(vigil.database.db, 'nope')).rejects.toMatchObject({ code: 'SCREENING_LIST_UNKNOWN', context: { unknown: ['nope'], loaded: ['peps'] } });
  });

  it('refuses to screen against lists that are not loaded, naming them and the loaded ones', async () => {
    await vigil.lists.importAndRescreen(file('full.csv', people([1])), { format: 'csv', list: 'peps', actor: 'test' });
    await vigil.lists.importAndRescreen(file('a_ETH.txt', `${ETH_A}\n`), { format: 'address-list', list: 'risk', actor: 'test' });
    await expect(vigil.screening.screen({ name: 'Person Number1 Example' }, { lists: ['peps', 'nonexistent', 'other'] })).rejects.toMatchObject({
      code: 'SCREENING_LIST_UNKNOWN',
      message: 'no lists named nonexistent, other are loaded; loaded lists: peps, risk',
      context: { unknown: ['nonexistent', 'other'], loaded: ['peps', 'risk'] },
    });
    expect((await vigil.screening.screen({ name: 'Person Number1 Example' }, { lists: ['peps'] })).matches.map((m) => m.entityId)).toEqual(['peps:p-1']);
  });

  // The user's report, on real files; 17 s a store, so on one (the guard is store-agnostic and tested on both above).
  it.skipIf(dialect !== 'sqlite' || !existsSync(SDN_2021) || !existsSync(SDN_XML_EXCERPT))('refuses the 8-entity OFAC sdn.xml excerpt over the whole 8,976-entity SDN list unless forced', async () => {
    const whole = await vigil.lists.importAndRescreen(SDN_2021, { actor: 'test' });
    expect(whole).toMatchObject({ list: 'ofac-sdn', entityCount: 8976, warnings: [] });
    await expect(vigil.lists.importAndRescreen(SDN_XML_EXCERPT, { actor: 'test' })).rejects.toMatchObject({ code: 'SCREENING_LIST_SHRUNK', context: { loaded: 8976, removed: 8969, entityCount: 8 } });
    expect((await vigil.lists.lists(vigil.database.db))[0]).toMatchObject({ dataVer: whole.dataVer, entities: 8976 });
    const forced = await vigil.lists.importAndRescreen(SDN_XML_EXCERPT, { actor: 'test', force: true });
    expect(forced).toMatchObject({ entityCount: 8, added: 1, changed: 7, removed: 8969, declaredCount: 8197 });
    expect(forced.warnings).toEqual([{ code: 'DECLARED_COUNT_MISMATCH', message: expect.stringMatching(/^sdn_xml_excerpt_2020-04-22\.xml declares 8197 records but 8 entities were read/) }]);
  }, 60_000);

  it('warns, naming each missing companion file, when OFAC sdn.csv is imported alone', async () => {
    const sdn = file('sdn_2024-05-03.csv', `${sdnRow(36, 'AEROCARIBBEAN AIRLINES')}\x1a`);
    const report = await vigil.lists.importAndRescreen(sdn, { actor: 'test' });
    expect(report).toMatchObject({ list: 'ofac-sdn', format: 'ofac-sdn-csv', entityCount: 1 });
    expect(report.warnings.map((w) => [w.code, w.message.split(' ')[0]])).toEqual([
      ['COMPANION_FILE_MISSING', 'alt_2024-05-03.csv'],
      ['COMPANION_FILE_MISSING', 'add_2024-05-03.csv'],
      ['COMPANION_FILE_MISSING', 'sdn_comments_2024-05-03.csv'],
    ]);
    // Warned again when the same file is imported again unchanged.
    expect(await vigil.lists.importAndRescreen(sdn, { actor: 'test' })).toMatchObject({ unchanged: true, warnings: [expect.objectContaining({ code: 'COMPANION_FILE_MISSING' }), expect.anything(), expect.anything()] });
  });

  it('refuses an OFAC sdn.csv cut at a line boundary (no 0x1A end byte) or with companion rows for entities it lacks, writing nothing', async () => {
    const sub = mkdtempSync(join(dir, 'ofac-'));
    const whole = join(sub, 'sdn_2021-07-07.csv');
    writeFileSync(whole, `${sdnRow(1, 'ACME ONE')}${sdnRow(2, 'ACME TWO')}${sdnRow(3, 'ACME THREE')}\x1a`);
    writeFileSync(join(sub, 'alt_2021-07-07.csv'), '3,1,"aka","ACME 3 LTD",-0- \r\n\x1a');
    expect(await vigil.lists.importAndRescreen(whole, { list: 'ofac-2021', actor: 'test' })).toMatchObject({ entityCount: 3, added: 3 });

    writeFileSync(whole, `${sdnRow(1, 'ACME ONE')}${sdnRow(2, 'ACME TWO')}`);
    await expect(vigil.lists.importAndRescreen(whole, { list: 'ofac-2021', actor: 'test', force: true })).rejects.toMatchObject({
      code: 'SCREENING_FILE_MALFORMED',
      message: expect.stringMatching(/sdn_2021-07-07\.csv: the file ends after line 2 without OFAC.s end-of-file byte \(0x1A\): it was cut short/),
      context: { line: 2, reason: 'no_end_marker' },
    });
    // Cut before entity 3 but with the end byte added back: alt.csv still names entity 3.
    writeFileSync(whole, `${sdnRow(1, 'ACME ONE')}${sdnRow(2, 'ACME TWO')}\x1a`);
    await expect(vigil.lists.importAndRescreen(whole, { list: 'ofac-2021', actor: 'test', force: true })).rejects.toMatchObject({
      code: 'SCREENING_FILE_MALFORMED',
      message: expect.stringContaining('alt_2021-07-07.csv has rows for 1 ent_num(s) this file lacks (3)'),
      context: { companion: 'alt_2021-07-07.csv', dangling: 1, reason: 'dangling_reference' },
    });
    expect(await vigil.lists.lists(vigil.database.db)).toMatchObject([{ name: 'ofac-2021', entities: 3 }]);
  });

  it('refuses a list name the config and the API would refuse, before reading the file', async () => {
    for (const list of ['UK HMT', 'Uk-hmt', '-hmt', 'x'.repeat(65)]) {
      await expect(vigil.lists.importAndRescreen(file('hmt.csv', people([1])), { list, actor: 'test' })).rejects.toMatchObject({
        code: 'SCREENING_LIST_NAME_INVALID',
        message: expect.stringContaining(`list name ${JSON.stringify(list)} must match /^[a-z0-9][a-z0-9._-]{0,63}$/`),
      });
    }
    expect(await vigil.lists.lists(vigil.database.db)).toEqual([]);
    expect(await vigil.lists.importAndRescreen(file('hmt.csv', people([1])), { list: 'uk-hmt_2.0', actor: 'test' })).toMatchObject({ list: 'uk-hmt_2.0' });
  });

  it('detects a generic CSV by its id and name columns, so a misspelt column is named instead of the format being unknown', async () => {
    await expect(vigil.lists.importAndRescreen(file('people.csv', 'id,name,birthdate\n1,Jane Roe,1970\n'), { actor: 'test' })).rejects.toMatchObject({
      code: 'SCREENING_FILE_MALFORMED',
      message: expect.stringContaining('unknown column(s) "birthdate"'),
    });
  });

  it('lists the entities a version added, changed or removed, a page at a time', async () => {
    const v1 = await vigil.lists.importAndRescreen(file('p1.csv', people([1, 2, 3, 4])), { format: 'csv', list: 'peps', actor: 'test' });
    const v2 = await vigil.lists.importAndRescreen(file('p2.csv', HEADER + 'p-1,Person Number1 Renamed,person,,,,pep\n' + people([2, 3, 5]).slice(HEADER.length)), { format: 'csv', list: 'peps', actor: 'test' });
    expect(v2).toMatchObject({ added: 1, changed: 1, removed: 1 });
    const latest = await vigil.lists.changes(vigil.database.db, 'peps', undefined);
    expect(latest).toEqual({
      list: 'peps',
      version: v2.versionId,
      dataVer: v2.dataVer,
      data: [
        { entityId: 'peps:p-1', sourceId: 'p-1', name: 'Person Number1 Renamed', change: 'changed' },
        { entityId: 'peps:p-4', sourceId: 'p-4', name: null, change: 'removed' },
        { entityId: 'peps:p-5', sourceId: 'p-5', name: 'Person Number5 Example', change: 'added' },
      ],
      next: null,
    });
    const first = await vigil.lists.changes(vigil.database.db, 'peps', v1.dataVer, { limit: 3 });
    expect(first.data.map((c) => [c.sourceId, c.change])).toEqual([['p-1', 'added'], ['p-2', 'added'], ['p-3', 'added']]);
    expect(first.next).toBe('p-3');
    expect(await vigil.lists.changes(vigil.database.db, 'peps', v1.versionId!, { limit: 3, after: first.next! })).toMatchObject({ data: [{ sourceId: 'p-4', name: null }], next: null });
    expect((await vigil.lists.changes(vigil.database.db, 'peps', v2.dataVer, { change: 'added' })).data.map((c) => c.sourceId)).toEqual(['p-5']);
    await expect(vigil.lists.changes(vigil.database.db, 'peps', 'dv_nope')).rejects.toMatchObject({ code: 'SCREENING_LIST_VERSION_UNKNOWN' });
    await expect(vigil.lists.changes(vigil.database.db, 'nope', undefined)).rejects.toMatchObject({ code: 'SCREENING_LIST_UNKNOWN' });
  });

  it('leads a screening data version back to the version of every list the index held', async () => {
    const peps = await vigil.lists.importAndRescreen(file('peps.csv', people([1, 2])), { format: 'csv', list: 'peps', actor: 'test' });
    const watch = await vigil.lists.importAndRescreen(file('watch.csv', people([7])), { format: 'csv', list: 'watch', actor: 'test' });
    const screened = await vigil.screening.screen({ name: 'Person Number1 Example' });
    expect(await vigil.lists.indexVersion(vigil.database.db, screened.dataVer)).toMatchObject({
      dataVer: screened.dataVer,
      lists: [
        { list: 'peps', dataVer: peps.dataVer, versionId: peps.versionId },
        { list: 'watch', dataVer: watch.dataVer, versionId: watch.versionId },
      ],
    });
    // The version before the second list stays traceable: decisions made then carry it.
    const peps2 = await vigil.lists.importAndRescreen(file('peps2.csv', people([1, 2, 3])), { format: 'csv', list: 'peps', actor: 'test' });
    const later = await vigil.screening.screen({ name: 'Person Number1 Example' });
    expect(later.dataVer).not.toBe(screened.dataVer);
    expect((await vigil.lists.indexVersion(vigil.database.db, later.dataVer)).lists[0]).toMatchObject({ list: 'peps', dataVer: peps2.dataVer });
    expect((await vigil.lists.indexVersion(vigil.database.db, screened.dataVer)).lists[0]).toMatchObject({ list: 'peps', dataVer: peps.dataVer });
    await expect(vigil.lists.indexVersion(vigil.database.db, 'dv_nope')).rejects.toMatchObject({ code: 'SCREENING_INDEX_VERSION_UNKNOWN' });
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
    // OFAC's XBT is bitcoin as customers and events name it.
    expect((await vigil.screening.screenAddress(XBT, 'BTC')).flags).toEqual(['SANCTIONED']);
    expect((await vigil.screening.screenAddress(XBT, 'ETH')).flags).toEqual(['LISTED_FOR_OTHER_CURRENCY', 'SANCTIONED']);
  });
});
