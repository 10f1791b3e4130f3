import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListEntity } from '../entity.js';
import { ftmJsonlParser } from './ftm-jsonl.js';
import type { ParseInfo } from './list-helpers.js';
import { readHead } from './read.js';

const DATA = resolve(import.meta.dirname, '../../../../shared/data');
const FTM = join(DATA, 'pep/opensanctions_ftm_sa_wiki_peps_2024-03.ftm.jsonl');
const OTHERS = [
  'pep/opensanctions_us_congress_senzing.jsonl',
  'sanctions/eu/eu_fsf_excerpt_2020-04-15.xml',
  'sanctions/uk/hmt_conlist_excerpt_2020-04-27.csv',
  'sanctions/ofac/sdn_2021-07-07.csv.gz',
].map((p) => join(DATA, p)).filter(existsSync);

async function collect(path: string): Promise<{ entities: ListEntity[]; info: ParseInfo }> {
  const info: ParseInfo = { publishedAt: null, declaredCount: null };
  const entities: ListEntity[] = [];
  for await (const e of ftmJsonlParser.parse(path, info)) entities.push(e);
  return { entities, info };
}

describe.skipIf(!existsSync(FTM))(`FollowTheMoney JSON-lines parser (needs ${FTM})`, () => {
  let entities: ListEntity[];
  let info: ParseInfo;
  let tmp: string;
  const byId = (id: string) => entities.find((e) => e.sourceId === id);

  beforeAll(async () => {
    ({ entities, info } = await collect(FTM));
    tmp = await mkdtemp(join(tmpdir(), 'vigil-ftm-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('turns the 607 Person records of 1,565 into entities and counts the 958 relationship records it skips', () => {
    expect(entities).toHaveLength(607);
    expect(entities.every((e) => e.type === 'person' && e.names[0]?.kind === 'primary')).toBe(true);
    expect(info.skipped).toEqual({ Family: 756, Occupancy: 102, Position: 100 });
    expect(info.publishedAt).toBeNull();
  });

  it('tags the people of a PEP dataset as pep even without role.pep topics', () => {
    expect(entities.every((e) => e.topics.join() === 'pep')).toBe(true);
  });

  it('uses the caption as primary name and keeps Arabic, Cyrillic and CJK names as original script', () => {
    const names = byId('Q1317')?.names ?? [];
    expect(names[0]).toEqual({ full: 'Osama bin Laden', kind: 'primary' });
    expect(names).toContainEqual({ full: 'أسامة بن لادن', kind: 'original_script' });
    expect(names).toContainEqual({ full: 'Усама бен Ладен', kind: 'original_script' });
    expect(names).toContainEqual({ full: '本·拉登', kind: 'original_script' });
    // Latin transliterations with ʿ or ā stay aliases.
    expect(names).toContainEqual({ full: 'Osāma bin Muhammad bin ʿAwaḍ bin Lāden', kind: 'alias' });
    expect(names.filter((n) => n.full === 'Osama bin Laden')).toHaveLength(1);
  });

  it('reads birth dates, lower-case nationalities and positions', () => {
    const e = byId('Q5429532');
    expect(e?.names[0]).toEqual({ full: 'Fahda bint Saud', kind: 'primary' });
    expect(e?.dates).toEqual(['1951-01-15']);
    expect(e?.countries).toEqual(['SA']);
    expect(e?.remarks).toBe("President of the Faisal Bin Fahad Women's Charity Association in Jeddah; Head of the Jeddah Autism Center");
    expect(e?.listedAt).toBe('2024-03-14');
  });

  it('reads values written as a bare string and a person with aliases but no name', () => {
    const e = byId('Q60195440');
    expect(e?.names[0]).toEqual({ full: 'Abdullah bin Bandar bin Abdulaziz Al Saud', kind: 'primary' });
    expect(e?.dates).toEqual(['1986-08-07']);
  });

  it('drops free-text dates and non-country nationalities', () => {
    expect(byId('Q183187')?.dates).toEqual(['1920-01-01', '1923-01-01', '1921-01-01']);
    expect(entities.flatMap((e) => e.dates).every((d) => /^\d{4}(-\d{2}){0,2}$/.test(d))).toBe(true);
    expect(entities.flatMap((e) => e.countries).every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
  });

  it('maps other party schemas, topics, identifiers and skips unnamed parties', async () => {
    const file = join(tmp, 'parties.jsonl');
    await writeFile(file, [
      { id: 'c1', schema: 'Company', caption: 'Acme LLC', properties: { name: ['Acme LLC'], topics: ['sanction', 'crime.fraud'], jurisdiction: ['ru'], innCode: ['7700000000'], incorporationDate: ['2001-02'] }, datasets: ['x'] },
      { id: 'v1', schema: 'Vessel', caption: 'OCEAN STAR', properties: { name: ['OCEAN STAR'], imoNumber: ['9123456'], topics: ['sanction.linked'] } },
      { id: 'p1', schema: 'Person', caption: 'Person', properties: {} },
      { id: 's1', schema: 'Sanction', caption: 'Sanction', properties: { entity: ['c1'] } },
    ].map((o) => JSON.stringify(o)).join('\n'));
    const { entities: got, info: i } = await collect(file);
    expect(got[0]).toMatchObject({ type: 'organization', topics: ['sanction', 'crime'], countries: ['RU'], dates: ['2001-02'], identifiers: [{ type: 'tax_id', value: '7700000000' }] });
    expect(got[1]).toMatchObject({ type: 'vessel', topics: ['sanction'], identifiers: [{ type: 'imo', value: '9123456' }] });
    expect(got).toHaveLength(2);
    expect(i.skipped).toEqual({ unnamed: 1, Sanction: 1 });
  });

  it('refuses a line that is not JSON, naming its line number', async () => {
    const file = join(tmp, 'broken.jsonl');
    const [a, b] = (await readFile(FTM, 'utf8')).split('\n');
    await writeFile(file, `${a}\n${b}\n${b?.slice(0, 60)}\n`);
    await expect(collect(file)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED', message: expect.stringContaining('line 3'), context: expect.objectContaining({ line: 3 }) });
  });

  it('refuses a JSON line without id or schema and reads an empty file as no entities', async () => {
    const bad = join(tmp, 'no-schema.jsonl');
    const empty = join(tmp, 'empty.jsonl');
    await writeFile(bad, '{"id":"x","properties":{}}\n');
    await writeFile(empty, '');
    await expect(collect(bad)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED', message: expect.stringContaining('line 1') });
    expect((await collect(empty)).entities).toEqual([]);
  });

  it('detects the FtM file and no other list file', async () => {
    expect(ftmJsonlParser.detect(await readHead(FTM), basename(FTM))).toBe(true);
    for (const file of OTHERS) expect(ftmJsonlParser.detect(await readHead(file), basename(file)), file).toBe(false);
  });
});
