import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListEntity } from '../entity.js';
import type { ParseInfo } from './list-helpers.js';
import { readHead } from './read.js';
import { senzingJsonlParser } from './senzing-jsonl.js';

const DATA = resolve(import.meta.dirname, '../../../../shared/data');
const SENZING = join(DATA, 'pep/opensanctions_us_congress_senzing.jsonl');
const OTHERS = [
  'pep/opensanctions_ftm_sa_wiki_peps_2024-03.ftm.jsonl',
  'sanctions/eu/eu_fsf_excerpt_2020-04-15.xml',
  'sanctions/uk/hmt_conlist_excerpt_2020-04-27.csv',
  'sanctions/un/un_consolidated_2026-02-27.xml.gz',
].map((p) => join(DATA, p)).filter(existsSync);

async function collect(path: string): Promise<{ entities: ListEntity[]; info: ParseInfo }> {
  const info: ParseInfo = { publishedAt: null, declaredCount: null };
  const entities: ListEntity[] = [];
  for await (const e of senzingJsonlParser.parse(path, info)) entities.push(e);
  return { entities, info };
}

describe.skipIf(!existsSync(SENZING))(`Senzing JSON-lines parser (needs ${SENZING})`, () => {
  let entities: ListEntity[];
  let info: ParseInfo;
  let tmp: string;
  const byId = (id: string) => entities.find((e) => e.sourceId === id);

  beforeAll(async () => {
    ({ entities, info } = await collect(SENZING));
    tmp = await mkdtemp(join(tmpdir(), 'vigil-senzing-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('turns the 1,317 PERSON records of 1,319 into entities and counts the 2 untyped position records', () => {
    expect(entities).toHaveLength(1317);
    expect(entities.every((e) => e.type === 'person' && e.topics.join() === 'pep' && e.countries.join() === 'US')).toBe(true);
    expect(info.skipped).toEqual({ untyped: 2 });
    expect(byId('Q13218630')).toBeUndefined();
  });

  it('reads the primary name, birth year, nationality and role.pep risk', () => {
    expect(byId('NK-AQ4HymsADSK2D63MkyTqfC')).toMatchObject({
      names: [{ full: 'Jennifer L. McClellan', kind: 'primary' }], dates: ['1972'], countries: ['US'], topics: ['pep'], identifiers: [],
    });
  });

  it('keeps ALIAS names after the primary one', () => {
    const chuy = entities.find((e) => e.names[0]?.full === 'Jesús G. "Chuy" García');
    expect(chuy?.names).toEqual([
      { full: 'Jesús G. "Chuy" García', kind: 'primary' },
      { full: 'Jesus G. Garcia', kind: 'alias' },
      { full: 'Jesus G. "Chuy" Garcia', kind: 'alias' },
    ]);
  });

  it('reads only birth dates, not dates of death', () => {
    expect(entities.filter((e) => e.dates.length > 1)).toEqual([]);
    expect(entities.filter((e) => e.dates.length === 0)).toHaveLength(1);
  });

  it('reads organisations, split names, identifiers, addresses and flat attributes', async () => {
    const file = join(tmp, 'mixed.jsonl');
    await writeFile(file, [
      { RECORD_ID: 'o1', RECORD_TYPE: 'ORGANIZATION', NAMES: [{ NAME_TYPE: 'PRIMARY', NAME_ORG: 'Acme LLC' }], RISKS: [{ TOPIC: 'sanction' }],
        IDENTIFIERS: [{ OTHER_ID_TYPE: 'IMO', OTHER_ID_NUMBER: '9123456' }, { TRUSTED_ID_TYPE: 'WIKIDATA', TRUSTED_ID_NUMBER: 'Q1' }],
        ADDRESSES: [{ ADDR_LINE1: '1 Main St', ADDR_CITY: 'Moscow', ADDR_COUNTRY: 'ru' }], DATES: [{ REGISTRATION_DATE: '2001-02-03' }] },
      { RECORD_ID: 'p1', RECORD_TYPE: 'PERSON', NAME_FIRST: 'Ivan', NAME_LAST: 'Petrov', DATE_OF_BIRTH: '1970-05-06', PASSPORT_NUMBER: 'X1', PASSPORT_COUNTRY: 'ru', NATIONALITY: 'ru' },
      { RECORD_ID: 'p2', RECORD_TYPE: 'PERSON', NAMES: [{ NAME_TYPE: 'PRIMARY', NAME_FULL: 'Иван Петров' }, { NAME_TYPE: 'ALIAS', NAME_FULL: 'Ivan Petrov' }] },
    ].map((o) => JSON.stringify(o)).join('\r\n'));
    const [org, flat, cyr] = (await collect(file)).entities;
    expect(org).toMatchObject({ type: 'organization', names: [{ full: 'Acme LLC', kind: 'primary' }], topics: ['sanction'], dates: ['2001-02-03'], countries: ['RU'],
      identifiers: [{ type: 'imo', value: '9123456' }], addresses: ['1 Main St, Moscow, ru'] });
    expect(flat).toMatchObject({ names: [{ full: 'Ivan Petrov', kind: 'primary' }], dates: ['1970-05-06'], countries: ['RU'], identifiers: [{ type: 'passport', value: 'X1', country: 'RU' }] });
    expect(cyr?.names).toEqual([{ full: 'Ivan Petrov', kind: 'primary' }, { full: 'Иван Петров', kind: 'original_script' }]);
  });

  it('refuses a line that is not JSON, naming its line number, and a record without RECORD_ID', async () => {
    const broken = join(tmp, 'broken.jsonl');
    const noId = join(tmp, 'no-id.jsonl');
    const [a, b] = (await readFile(SENZING, 'utf8')).split('\n');
    await writeFile(broken, `${a}\n\n${b?.slice(0, -5)}\n`);
    await writeFile(noId, '{"RECORD_TYPE":"PERSON"}\n');
    await expect(collect(broken)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED', message: expect.stringContaining('line 3') });
    await expect(collect(noId)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED', message: expect.stringContaining('no RECORD_ID') });
  });

  it('reads an empty file as no entities', async () => {
    const empty = join(tmp, 'empty.jsonl');
    await writeFile(empty, '');
    expect((await collect(empty)).entities).toEqual([]);
  });

  it('detects the Senzing file and no other list file', async () => {
    expect(senzingJsonlParser.detect(await readHead(SENZING), basename(SENZING))).toBe(true);
    for (const file of OTHERS) expect(senzingJsonlParser.detect(await readHead(file), basename(file)), file).toBe(false);
  });
});
