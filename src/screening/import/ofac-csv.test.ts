import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ListEntity, ListFileInfo } from '../entity.js';
import { ofacConsCsvParser, ofacSdnCsvParser } from './ofac-csv.js';
import type { ListParser } from './parser.js';
import { readHead } from './read.js';

const DATA = resolve(import.meta.dirname, '../../../../shared/data/sanctions');
const OFAC = join(DATA, 'ofac');
const SDN_2024 = join(OFAC, 'sdn_2024-05-03.csv.gz');
const SDN_2021 = join(OFAC, 'sdn_2021-07-07.csv.gz');
const CONS = join(OFAC, 'cons_prim.csv');

async function collect(parser: ListParser, path: string) {
  const info: ListFileInfo = { publishedAt: null, declaredCount: null };
  const entities: ListEntity[] = [];
  for await (const e of parser.parse(path, info)) entities.push(e);
  return { info, entities, byId: new Map(entities.map((e) => [e.sourceId, e])) };
}

const countTypes = (entities: ListEntity[]) => {
  const out: Record<string, number> = {};
  for (const e of entities) out[e.type] = (out[e.type] ?? 0) + 1;
  return out;
};

const names = (e: ListEntity | undefined, kind: string) => e?.names.filter((n) => n.kind === kind).map((n) => n.full) ?? [];

describe.skipIf(!existsSync(OFAC))(`OFAC legacy CSV, real files (needs ${OFAC})`, () => {
  describe('sdn_2024-05-03.csv.gz (sdn.csv alone, no sibling files)', () => {
    let run: Awaited<ReturnType<typeof collect>>;
    beforeAll(async () => {
      run = await collect(ofacSdnCsvParser, SDN_2024);
    });

    it('reads all 14,965 records with their types', () => {
      expect(run.entities).toHaveLength(14_965);
      expect(countTypes(run.entities)).toEqual({ person: 6_854, vessel: 851, aircraft: 376, organization: 6_884 });
      expect(run.info).toMatchObject({ publishedAt: null, declaredCount: null });
    });

    it('warns that add, alt and sdn_comments files of that date are not beside it, and what the list lacks', () => {
      expect(run.info.warnings?.map((w) => w.code)).toEqual(['COMPANION_FILE_MISSING', 'COMPANION_FILE_MISSING', 'COMPANION_FILE_MISSING']);
      const [alt, add, comments] = run.info.warnings!.map((w) => w.message);
      expect(alt).toMatch(/^alt_2024-05-03\.csv \(or alt_2024-05-03\.csv\.gz\) is not beside sdn_2024-05-03\.csv\.gz: .*aliases/);
      expect(add).toMatch(/^add_2024-05-03\.csv .*addresses/);
      expect(comments).toMatch(/^sdn_comments_2024-05-03\.csv .*remarks/);
      expect(run.info.warnings!.every((w) => !w.message.includes(OFAC))).toBe(true);
    });

    it('reads an individual with DOB, nationality, passports, national ids and weak aliases from Remarks', () => {
      const saeed = run.byId.get('10689');
      expect(saeed?.type).toBe('person');
      expect(names(saeed, 'primary')).toEqual(['Muhammad SAEED']);
      expect(names(saeed, 'weak_alias')).toEqual(['HAFIZ SAHIB', 'TATA JI']);
      expect(saeed?.dates).toEqual(['1950-06-05']);
      expect(saeed?.countries).toEqual(['PK']);
      expect(saeed?.identifiers).toEqual([
        { type: 'passport', value: 'BE5978421', country: 'PK' },
        { type: 'passport', value: 'Booklet A5250088', country: 'PK' },
        { type: 'national_id', value: '3520025509842-7', country: 'PK' },
        { type: 'national_id', value: '23250460642', country: 'PK' },
      ]);
      expect(saeed?.programs).toEqual(['SDGT']);
      expect(saeed?.remarks).toMatch(/^DOB 05 Jun 1950; POB Sargodha/);
    });

    it('finds 280 unique digital currency addresses in 55 records, ignoring the ones OFAC cut at 1,000 characters', () => {
      const withCrypto = run.entities.filter((e) => e.cryptoAddresses.length > 0);
      const unique = new Set(withCrypto.flatMap((e) => e.cryptoAddresses.map((c) => c.address)));
      // SOURCES.md counts 287 by grep: that includes one empty and six half addresses at the
      // end of truncated Remarks (e.g. ent 30518 ends "… XBT 1Gq"), whose rest is in the
      // sdn_comments.csv of that day, which was not captured.
      expect(withCrypto).toHaveLength(55);
      expect(unique.size).toBe(280);
      expect(unique.has('1Gq')).toBe(false);
      expect(run.byId.get('28263')?.cryptoAddresses).toHaveLength(8);
      expect(run.byId.get('28263')?.cryptoAddresses[0]).toEqual({ currency: 'XBT', address: '134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak' });
      const currencies = new Set(withCrypto.flatMap((e) => e.cryptoAddresses.map((c) => c.currency)));
      expect([...currencies].sort()).toEqual(['ARB', 'BCH', 'BSC', 'BTG', 'DASH', 'ETC', 'ETH', 'LTC', 'TRX', 'USDC', 'USDT', 'XBT', 'XMR', 'XVG', 'ZEC']);
    });

    it('reads a vessel with its IMO number, flag and former names', () => {
      const ebano = run.byId.get('4243');
      expect(ebano?.type).toBe('vessel');
      expect(names(ebano, 'primary')).toEqual(['EBANO']);
      expect(names(ebano, 'former')).toEqual(['ANA I', 'SAND SWAN']);
      expect(ebano?.identifiers).toEqual([{ type: 'imo', value: '7406784' }]);
      expect(ebano?.countries).toEqual(['PA']);
      expect(run.byId.get('4238')?.identifiers).toEqual([{ type: 'call_sign', value: 'CL2192' }]);
    });

    it('reads an aircraft with its serial numbers', () => {
      const aircraft = run.byId.get('15431');
      expect(aircraft?.type).toBe('aircraft');
      expect(aircraft?.identifiers).toEqual([
        { type: 'aircraft_serial', value: '8401' },
        { type: 'aircraft_serial', value: '1023409321' },
      ]);
    });

    it('splits bracket-joined programmes', () => {
      expect(run.byId.get('28263')?.programs).toEqual(['DPRK3', 'CYBER2']);
    });

    it('gives every record a primary name first, ISO countries and ListEntity date forms', () => {
      const bad = run.entities.filter(
        (e) =>
          e.names[0]?.kind !== 'primary' ||
          e.names.some((n) => !n.full) ||
          e.countries.some((c) => !/^[A-Z]{2}$/.test(c)) ||
          e.dates.some((d) => !/^\d{4}(-\d{2}(-\d{2})?|\.\.\d{4})?$/.test(d)),
      );
      expect(bad).toEqual([]);
    });
  });

  describe('sdn_2021-07-07.csv.gz with add, alt and comments joined', () => {
    let run: Awaited<ReturnType<typeof collect>>;
    beforeAll(async () => {
      run = await collect(ofacSdnCsvParser, SDN_2021);
    });

    it('reads all 8,976 records, with no warning as every companion file is there', () => {
      expect(run.info.warnings).toEqual([]);
      expect(run.entities).toHaveLength(8_976);
      expect(countTypes(run.entities)).toEqual({ person: 4_620, organization: 3_673, vessel: 406, aircraft: 277 });
    });

    it('joins strong aliases from alt.csv in "Given LAST" order and addresses from add.csv', () => {
      const saeed = run.byId.get('10689');
      expect(names(saeed, 'alias')).toEqual([
        'Hafiz Muhammad SAEED', 'Hafiz SAEED', 'Hafiz Mohammad SAEED', 'Hafez Mohammad SAYEED',
        'Hafiz Mohammad SAYID', 'Hafiz Mohammad SYEED', 'Hafiz Mohammad SAYED', 'Muhammad SAEED HAFIZ',
      ]);
      expect(names(saeed, 'weak_alias')).toEqual(['HAFIZ SAHIB', 'TATA JI']);
      expect(saeed?.addresses).toEqual(['House No. 116 E, Mohalla Johar, Town: Lahore, Tehsil:, Lahore City, Lahore District, Pakistan']);
      const bank = run.byId.get('306');
      expect(names(bank, 'alias')).toEqual(['NATIONAL BANK OF CUBA']);
      expect(bank?.countries).toEqual(['CH', 'ES', 'JP', 'PA']);
    });

    it('lands every alt.csv row (11,523 aka, 18 nka, 369 fka) as a name', () => {
      const count = (kind: string) => run.entities.reduce((n, e) => n + names(e, kind).length, 0);
      // 11,541 aka/nka rows less 6 that repeat a spelling the entity already has (2 twice in
      // alt.csv, 4 equal to the primary name); fka rows plus 24 f.k.a. names from Remarks.
      expect(count('primary')).toBe(8_976);
      expect(count('alias')).toBe(11_535);
      expect(count('former')).toBe(393);
      expect(count('weak_alias')).toBe(2_417);
    });

    it('continues Remarks with sdn_comments.csv, mid-word', () => {
      const tian = run.byId.get('28263');
      expect(names(tian, 'weak_alias')).toEqual(['tianyinyin0404', 'snowsjohn']);
      expect(run.byId.get('12300')?.remarks).toContain('Linked To: PROMO RAIZ S.A.S.; Linked To: RED MUNDIAL');
    });

    it('finds 95 unique digital currency addresses in 15 records once comments are joined', () => {
      const withCrypto = run.entities.filter((e) => e.cryptoAddresses.length > 0);
      expect(withCrypto).toHaveLength(15);
      expect(new Set(withCrypto.flatMap((e) => e.cryptoAddresses.map((c) => c.address))).size).toBe(95);
      expect(run.byId.get('29703')?.cryptoAddresses).toContainEqual({ currency: 'ZEC', address: 't1WSKwCDL1QYRRUrCCknEs5tDLhtGVYu9KM' });
    });
  });

  describe('cons_prim.csv with cons_add, cons_alt and cons_comments', () => {
    let run: Awaited<ReturnType<typeof collect>>;
    beforeAll(async () => {
      run = await collect(ofacConsCsvParser, CONS);
    });

    it('reads all 442 records', () => {
      expect(run.entities).toHaveLength(442);
      expect(countTypes(run.entities)).toEqual({ person: 79, organization: 363 });
    });

    it('reads identifiers that only the comments file completes', () => {
      const gpb = run.byId.get('17016');
      expect(names(gpb, 'primary')).toEqual(['GAZPROMBANK JOINT STOCK COMPANY']);
      expect(names(gpb, 'former')).toContain('GAZPROMBANK OPEN JOINT STOCK COMPANY');
      expect(gpb?.identifiers).toContainEqual({ type: 'swift', value: 'GAZPRUMM' });
      expect(gpb?.identifiers).toContainEqual({ type: 'lei', value: '253400WSS48YWMBUA688' });
      expect(gpb?.identifiers).toContainEqual({ type: 'tax_id', value: '7744001497', country: 'RU' });
      expect(gpb?.dates).toEqual(['1990-07-31']);
      expect(gpb?.programs).toEqual(['UKRAINE-EO13662', 'RUSSIA-EO14024']);
    });

    it('orders person names and aliases as "Given LAST"', () => {
      const haniya = run.byId.get('9639');
      expect(names(haniya, 'primary')).toEqual(['Ismail Abdul Salah HANIYA']);
      expect(names(haniya, 'alias')).toEqual(['Ismail HANIYA', 'Ismaeel HANIYYA']);
      expect(haniya?.dates).toEqual(['1962']);
    });
  });

  it('refuses the real sdn_2021-07-07.csv cut after 6,000 lines, with its companion files beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-ofac-cut-'));
    try {
      const lines = gunzipSync(readFileSync(SDN_2021)).toString('utf8').split('\n');
      writeFileSync(join(dir, 'sdn_2021-07-07.csv'), lines.slice(0, 6000).join('\n') + '\n');
      for (const f of ['add_2021-07-07.csv.gz', 'alt_2021-07-07.csv.gz', 'sdn_comments_2021-07-07.csv']) copyFileSync(join(OFAC, f), join(dir, f));
      await expect(collect(ofacSdnCsvParser, join(dir, 'sdn_2021-07-07.csv'))).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED', context: { line: 6000, reason: 'no_end_marker' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('detects only the primary files, telling SDN from consolidated by name', async () => {
    const cases: [string, boolean, boolean][] = [
      ['ofac/sdn_2024-05-03.csv.gz', true, false],
      ['ofac/sdn_2021-07-07.csv.gz', true, false],
      ['ofac/cons_prim.csv', false, true],
      ['ofac/add_2021-07-07.csv.gz', false, false],
      ['ofac/alt_2021-07-07.csv.gz', false, false],
      ['ofac/sdn_comments_2021-07-07.csv', false, false],
      ['ofac/cons_alt.csv', false, false],
      ['ofac/sdn_xml_excerpt_2020-04-22.xml', false, false],
      ['un/un_consolidated_2026-02-27.xml.gz', false, false],
      ['uk/hmt_conlist_excerpt_2020-04-27.csv', false, false],
      ['us_other/us_csl_2023-11-30.csv.gz', false, false],
    ];
    for (const [file, sdn, cons] of cases) {
      const path = join(DATA, file);
      const head = await readHead(path);
      expect([file, ofacSdnCsvParser.detect(head, path), ofacConsCsvParser.detect(head, path)]).toEqual([file, sdn, cons]);
    }
  });
});
