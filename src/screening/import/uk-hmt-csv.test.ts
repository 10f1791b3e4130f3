import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListEntity } from '../entity.js';
import type { ParseInfo } from './list-helpers.js';
import { readHead } from './read.js';
import { ukHmtCsvParser } from './uk-hmt-csv.js';

const DATA = resolve(import.meta.dirname, '../../../../shared/data');
const UK = join(DATA, 'sanctions/uk/hmt_conlist_excerpt_2020-04-27.csv');
const OTHERS = [
  'sanctions/eu/eu_fsf_excerpt_2020-04-15.xml',
  'pep/opensanctions_ftm_sa_wiki_peps_2024-03.ftm.jsonl',
  'pep/opensanctions_us_congress_senzing.jsonl',
  'sanctions/ofac/cons_prim.csv',
  'sanctions/ofac/sdn_2021-07-07.csv.gz',
  'sanctions/us_other/us_csl_2023-11-30.csv.gz',
].map((p) => join(DATA, p)).filter(existsSync);

async function collect(path: string): Promise<{ entities: ListEntity[]; info: ParseInfo }> {
  const info: ParseInfo = { publishedAt: null, declaredCount: null };
  const entities: ListEntity[] = [];
  for await (const e of ukHmtCsvParser.parse(path, info)) entities.push(e);
  return { entities, info };
}

describe.skipIf(!existsSync(UK))(`UK HMT ConList CSV parser (needs ${UK})`, () => {
  let entities: ListEntity[];
  let info: ParseInfo;
  let tmp: string;
  let header: string;
  const byId = (id: string) => entities.find((e) => e.sourceId === id);

  beforeAll(async () => {
    ({ entities, info } = await collect(UK));
    tmp = await mkdtemp(join(tmpdir(), 'vigil-uk-'));
    header = (await readFile(UK, 'utf8')).split('\n').slice(0, 2).join('\n');
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('groups the 23 alias/DOB rows by Group ID into 6 entities and reads the Last Updated date', () => {
    expect(entities.map((e) => e.sourceId)).toEqual(['9053', '13063', '13754', '11039', '13017', '9215']);
    expect(info.publishedAt).toBe('2020-04-27');
    expect(entities.every((e) => e.type === 'person' && e.topics.join() === 'sanction')).toBe(true);
  });

  it('takes the Prime Alias row as the primary name, Name 6 being the surname, whatever the row order', () => {
    expect(byId('11039')?.names).toEqual([{ full: 'Sang-kuk SO', kind: 'primary' }, { full: 'Sang Kuk SO', kind: 'alias' }]);
    expect(byId('9215')?.names[0]).toEqual({ full: 'Hafez Mohammad SAEED', kind: 'primary' });
  });

  it('keeps the non-Latin script name as original script', () => {
    expect(byId('9053')?.names).toEqual([{ full: 'Mohsen HOJATI', kind: 'primary' }, { full: 'محسن حجتی', kind: 'original_script' }]);
    expect(byId('13017')?.names[1]).toEqual({ full: 'Игорь Венедиктович ПЛОТНИЦКИЙ', kind: 'original_script' });
  });

  it('reads DOBs with 00 for an unknown day or month, one per row, without repeats', () => {
    expect(byId('13063')?.dates).toEqual(['1983-07-05', '1983', '1984-04']);
    expect(byId('13754')?.dates).toEqual(['1962-09']);
    expect(byId('11039')?.dates).toEqual(['1936', '1937', '1938', '1932', '1933', '1934', '1935']);
    expect(byId('13017')?.dates).toEqual(['1964-06-24', '1964-06-25', '1964-06-26']);
  });

  it('reads nationality demonyms, address, national id, regime and listing date', () => {
    const e = byId('9215');
    expect(e?.countries).toEqual(['PK']);
    expect(e?.identifiers).toEqual([{ type: 'national_id', value: '3520025509842-7' }]);
    expect(e?.addresses).toEqual(['House No 116E, Mohalla Johar, Lahore, Tehsil, Lahore City, Lahore District, 123321, Pakistan (location as at May 2008)']);
    expect(e?.programs).toEqual(["ISIL (Da'esh) and Al-Qaida"]);
    expect(e?.listedAt).toBe('2008-12-12');
    expect(e?.remarks).toMatch(/^Leader of Lashkar-e-Tayyiba \(QDe\.118\)\n\(UK Sanctions List Ref\):AQD0183/);
  });

  it('leaves countries empty when only the country of birth is given', () => {
    expect(byId('13063')?.countries).toEqual([]);
  });

  it('refuses a row whose column count differs from the header, naming the line', async () => {
    const file = join(tmp, 'short-row.csv');
    await writeFile(file, `${header}\nDOE,John,,,,\n`);
    await expect(collect(file)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED', message: expect.stringContaining('line 3') });
  });

  it('refuses an unterminated quote, an empty file and a header without Group ID', async () => {
    const quote = join(tmp, 'quote.csv');
    const empty = join(tmp, 'empty.csv');
    const foreign = join(tmp, 'foreign.csv');
    await writeFile(quote, `${header}\nDOE,"John`);
    await writeFile(empty, '');
    await writeFile(foreign, 'id,name\n1,John Doe\n');
    for (const file of [quote, empty, foreign]) await expect(collect(file), file).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED' });
  });

  it('reads newer alias types, entities and enumerated nationalities', async () => {
    const file = join(tmp, 'newer.csv');
    const cols = header.split('\n')[1]?.split(',') ?? [];
    const row = (values: Record<string, string>) => cols.map((c) => values[c] ?? '').map((v) => `"${v}"`).join(',');
    await writeFile(file, [cols.join(','),
      row({ 'Name 6': 'ACME TRADING', 'Group Type': 'Entity', 'Alias Type': 'Alias', 'Group ID': '1', Country: 'Iran' }),
      row({ 'Name 6': 'ACME LLC', 'Group Type': 'Entity', 'Alias Type': 'Primary name', 'Group ID': '1' }),
      row({ 'Name 6': 'DOE', 'Name 1': 'Jon', 'Group Type': 'Individual', 'Alias Type': 'AKA', 'Alias Quality': 'Low quality', 'Group ID': '2', Nationality: '(1) Syrian (2) Ukrainian' }),
    ].join('\r\n'));
    const [acme, doe] = (await collect(file)).entities;
    expect(acme).toMatchObject({ type: 'organization', names: [{ full: 'ACME LLC', kind: 'primary' }, { full: 'ACME TRADING', kind: 'alias' }], countries: ['IR'] });
    expect(doe).toMatchObject({ names: [{ full: 'Jon DOE', kind: 'primary' }], countries: ['SY', 'UA'] });
  });

  it('detects the ConList file and no other list file', async () => {
    expect(ukHmtCsvParser.detect(await readHead(UK), basename(UK))).toBe(true);
    for (const file of OTHERS) expect(ukHmtCsvParser.detect(await readHead(file), basename(file)), file).toBe(false);
  });
});
