import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListEntity } from '../entity.js';
import { genericCsvParser } from './generic-csv.js';
import type { ParseInfo } from './list-helpers.js';
import { readHead } from './read.js';

const DATA = resolve(import.meta.dirname, '../../../../shared/data');
const REAL_FILES = [
  'sanctions/eu/eu_fsf_excerpt_2020-04-15.xml',
  'sanctions/uk/hmt_conlist_excerpt_2020-04-27.csv',
  'pep/opensanctions_ftm_sa_wiki_peps_2024-03.ftm.jsonl',
  'pep/opensanctions_us_congress_senzing.jsonl',
  'sanctions/ofac/cons_prim.csv',
  'sanctions/ofac/sdn_2021-07-07.csv.gz',
  'sanctions/us_other/us_csl_2023-11-30.csv.gz',
].map((p) => join(DATA, p)).filter(existsSync);

const CSV = `\uFEFFid,name,type,aliases,birth_date,countries,identifiers,topics,programs,listed_at,remarks
p-1,Jane Roe,person,"Jane R. Roe; Жанна Роу",1970-05-06;1971,GB;Germany,passport:X1234567;tax_id:DE:123,pep;role.rca,,2024-01-02,"Member of Parliament, 2010–2020"
o-1,Roe Holdings Ltd,Organization,,,united kingdom,registration:0123,crime,Internal watch,,
`;
const JSONL = [
  { id: 'p-1', name: 'Jane Roe', aliases: ['Jane R. Roe', 'Жанна Роу'], birth_date: ['1970-05-06', '1971'], countries: ['GB', 'Germany'],
    identifiers: ['passport:X1234567', { type: 'tax_id', value: 'DE:123', country: 'DE' }], topics: ['pep'], listed_at: '2024-01-02', remarks: 'MP' },
  { id: 7, name: 'Roe Holdings Ltd', type: 'organization', aliases: 'Roe & Co', programs: ['Internal watch'] },
].map((o) => JSON.stringify(o)).join('\n');

async function collect(path: string): Promise<ListEntity[]> {
  const info: ParseInfo = { publishedAt: null, declaredCount: null };
  const entities: ListEntity[] = [];
  for await (const e of genericCsvParser.parse(path, info)) entities.push(e);
  return entities;
}

describe('generic CSV / JSON-lines list parser', () => {
  let tmp: string;
  const file = async (name: string, content: string) => {
    const path = join(tmp, name);
    await writeFile(path, content);
    return path;
  };
  const refusal = async (name: string, content: string) => collect(await file(name, content)).then(() => null, (err: unknown) => err);

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-generic-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('reads every documented CSV column', async () => {
    const [jane, roe] = await collect(await file('list.csv', CSV));
    expect(jane).toEqual({
      sourceId: 'p-1', type: 'person',
      names: [{ full: 'Jane Roe', kind: 'primary' }, { full: 'Jane R. Roe', kind: 'alias' }, { full: 'Жанна Роу', kind: 'original_script' }],
      dates: ['1970-05-06', '1971'], countries: ['GB', 'DE'],
      identifiers: [{ type: 'passport', value: 'X1234567' }, { type: 'tax_id', value: 'DE:123' }],
      addresses: [], cryptoAddresses: [], programs: [], topics: ['pep'], listedAt: '2024-01-02', remarks: 'Member of Parliament, 2010–2020',
    });
    expect(roe).toMatchObject({ sourceId: 'o-1', type: 'organization', countries: ['GB'], topics: ['crime'], programs: ['Internal watch'], listedAt: null, remarks: null });
  });

  it('reads the same fields as JSON lines, told apart by content', async () => {
    const [jane, roe] = await collect(await file('list.ndjson', JSONL));
    expect(jane).toMatchObject({ sourceId: 'p-1', dates: ['1970-05-06', '1971'], countries: ['GB', 'DE'], topics: ['pep'], remarks: 'MP' });
    expect(jane?.names.map((n) => n.kind)).toEqual(['primary', 'alias', 'original_script']);
    expect(jane?.identifiers).toEqual([{ type: 'passport', value: 'X1234567' }, { type: 'tax_id', value: 'DE:123', country: 'DE' }]);
    expect(roe).toMatchObject({ sourceId: '7', type: 'organization', names: [{ full: 'Roe Holdings Ltd', kind: 'primary' }, { full: 'Roe & Co', kind: 'alias' }] });
  });

  it('refuses unknown CSV columns, naming them', async () => {
    const err = await refusal('unknown.csv', 'id,name,birthdate,nickname\n1,Jane Roe,1970,JR\n');
    expect(err).toMatchObject({ code: 'SCREENING_FILE_MALFORMED', message: expect.stringContaining('unknown column(s) "birthdate", "nickname"') });
  });

  it('refuses unknown JSON keys, naming them and the line', async () => {
    const err = await refusal('unknown.jsonl', '{"id":"1","name":"A"}\n{"id":"2","name":"B","dob":"1970"}\n');
    expect(err).toMatchObject({ code: 'SCREENING_FILE_MALFORMED', message: expect.stringMatching(/line 2: unknown key\(s\) "dob"/) });
  });

  it.each([
    ['a missing name column', 'id,aliases\n1,A\n', 'lacks the required column(s) name'],
    ['an empty name', 'id,name\n1,\n', 'line 2: a record needs an id and a name'],
    ['an unknown type', 'id,name,type\n1,A,company\n', 'type "company"'],
    ['an unknown country', 'id,name,countries\n1,A,Atlantis\n', 'unknown country "Atlantis"'],
    ['a bad birth date', 'id,name,birth_date\n1,A,06/05/1970\n', 'birth_date "06/05/1970"'],
    ['an unknown topic', 'id,name,topics\n1,A,pepp\n', 'unknown topic "pepp"'],
    ['an identifier without a type', 'id,name,identifiers\n1,A,X1234567\n', 'identifier "X1234567"'],
    ['a repeated id', 'id,name\n1,A\n1,B\n', 'line 3: id "1" repeats the record on line 2'],
    ['a row with too many cells', 'id,name\n1,A,extra\n', 'line 2: 3 columns'],
    ['an empty file', '', 'a header row (id,name,…) is required'],
  ])('refuses %s', async (_what, content, message) => {
    expect(await refusal('bad.csv', content)).toMatchObject({ code: 'SCREENING_FILE_MALFORMED', message: expect.stringContaining(message) });
  });

  it('refuses a JSON line that does not parse, naming its line number', async () => {
    const err = await refusal('broken.jsonl', '{"id":"1","name":"A"}\n{"id":"2","name":\n');
    expect(err).toMatchObject({ code: 'SCREENING_FILE_MALFORMED', message: expect.stringContaining('line 2 is not valid JSON'), context: expect.objectContaining({ line: 2 }) });
  });

  it('refuses a JSON scalar given as a list', async () => {
    expect(await refusal('array-name.jsonl', '{"id":"1","name":["A","B"]}\n')).toMatchObject({ message: expect.stringContaining('"name" must be a string') });
  });

  it('detects its own CSV and JSON-lines files', async () => {
    expect(genericCsvParser.detect(CSV, 'list.csv')).toBe(true);
    expect(genericCsvParser.detect(JSONL, 'list.jsonl')).toBe(true);
    expect(genericCsvParser.detect('ID , Name\n', 'x.csv')).toBe(true);
    // An id and a name column are enough: an unknown column is then refused by name (next test), not left undetected.
    expect(genericCsvParser.detect('id,name,birthdate\n', 'x.csv')).toBe(true);
    expect(genericCsvParser.detect('code,name\n', 'x.csv')).toBe(false);
  });

  it.each(REAL_FILES.map((f) => [basename(f), f]))('does not claim %s', async (_name, path) => {
    expect(genericCsvParser.detect(await readHead(path), basename(path))).toBe(false);
  });
});
