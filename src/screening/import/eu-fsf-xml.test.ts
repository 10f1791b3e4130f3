import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListEntity } from '../entity.js';
import { euFsfXmlParser } from './eu-fsf-xml.js';
import type { ParseInfo } from './list-helpers.js';
import { readHead } from './read.js';

const DATA = resolve(import.meta.dirname, '../../../../shared/data');
const EU = join(DATA, 'sanctions/eu/eu_fsf_excerpt_2020-04-15.xml');
const OTHERS = [
  'sanctions/uk/hmt_conlist_excerpt_2020-04-27.csv',
  'pep/opensanctions_ftm_sa_wiki_peps_2024-03.ftm.jsonl',
  'pep/opensanctions_us_congress_senzing.jsonl',
  'sanctions/ofac/sdn_xml_excerpt_2020-04-22.xml',
  'sanctions/un/un_consolidated_excerpt_2024-10-17.xml',
].map((p) => join(DATA, p)).filter(existsSync);

async function collect(path: string): Promise<{ entities: ListEntity[]; info: ParseInfo }> {
  const info: ParseInfo = { publishedAt: null, declaredCount: null };
  const entities: ListEntity[] = [];
  for await (const e of euFsfXmlParser.parse(path, info)) entities.push(e);
  return { entities, info };
}

describe.skipIf(!existsSync(EU))(`EU FSF XML parser (needs ${EU})`, () => {
  let entities: ListEntity[];
  let info: ParseInfo;
  let tmp: string;
  const byId = (id: string) => entities.find((e) => e.sourceId === id);

  beforeAll(async () => {
    ({ entities, info } = await collect(EU));
    tmp = await mkdtemp(join(tmpdir(), 'vigil-eu-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('reads all 7 sanctionEntity records with their 15 nameAlias names and the generation date', () => {
    expect(entities).toHaveLength(7);
    expect(entities.reduce((n, e) => n + e.names.length, 0)).toBe(15);
    expect(info.publishedAt).toBe('2020-04-15T15:29:22.497+02:00');
    expect(entities.every((e) => e.type === 'person' && e.topics.join() === 'sanction')).toBe(true);
  });

  it('keeps both records that share logicalId 5468 (the excerpt was edited; the importer merges them)', () => {
    expect(entities.filter((e) => e.sourceId === '5468').map((e) => e.names[0]?.full)).toEqual(['Sok-hwa Hwang', 'TestOneWord']);
  });

  it('makes the first strong alias primary and the rest aliases', () => {
    const e = byId('5295');
    expect(e?.names[0]).toEqual({ full: 'Abid Hammadou', kind: 'primary' });
    expect(e?.names.slice(1).map((n) => n.kind)).toEqual(['alias', 'alias', 'alias', 'alias']);
    expect(e?.names.map((n) => n.full)).toContain('Abdelhamid Abou Zeid');
  });

  it('reads exact and circa birth dates, citizenship, programme and designation date', () => {
    const e = byId('5295');
    expect(e?.dates).toEqual(['1965-12-12', '1957..1959']);
    expect(e?.countries).toEqual(['DZ']);
    expect(e?.programs).toEqual(['TAQA']);
    expect(e?.listedAt).toBe('2008-07-03');
    expect(e?.remarks).toContain('Reportedly deceased as of 24 February 2013');
  });

  it('falls back to the regulation publication date without a designationDate', () => {
    expect(byId('191')?.listedAt).toBe('2020-01-14');
    expect(byId('927')?.listedAt).toBe('2016-03-02');
  });

  it('reads identifications, dropping the unknown country 00', () => {
    expect(byId('191')?.identifiers).toEqual([{ type: 'passport', value: '488555' }]);
    expect(byId('927')?.identifiers).toEqual([
      { type: 'national_id', value: '04643632', country: 'TN' },
      { type: 'passport', value: 'L191609', country: 'TN' },
    ]);
  });

  it('reads year-only birth dates and addresses with their country', () => {
    const e = byId('5807');
    expect(e?.dates).toEqual(['1954', '1953']);
    expect(e?.countries).toEqual(['RW', 'CD']);
    expect(e?.addresses).toEqual(['Kikoma forest, Bogoyi, Walikale, North Kivu, CONGO, Democratic Republic of (was Zaire)']);
    expect(byId('927')?.addresses).toEqual(['23 50th Street, Zehrouni, Tunis, TUNISIA']);
  });

  it('keeps a one-word name and the alias function as a remark', () => {
    const e = entities[5];
    expect(e?.names).toEqual([{ full: 'TestOneWord', kind: 'primary' }]);
    expect(e?.remarks).toBe('Test one word entry');
  });

  it('reads a gzipped copy the same way', async () => {
    const gz = join(tmp, 'eu.xml.gz');
    await writeFile(gz, gzipSync(await readFile(EU)));
    expect((await collect(gz)).entities).toEqual(entities);
  });

  it('marks non-Latin aliases as original script and weak aliases as weak', async () => {
    const file = join(tmp, 'scripts.xml');
    await writeFile(file, `<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2024-01-01"><sanctionEntity logicalId="1">
      <subjectType code="enterprise"/><nameAlias wholeName="Газпром" strong="true"/><nameAlias wholeName="Gazprom" strong="true"/>
      <nameAlias wholeName="GP" strong="false"/><birthdate circa="false" yearRangeFrom="1990" yearRangeTo="1992"/></sanctionEntity></export>`);
    const [e] = (await collect(file)).entities;
    expect(e?.type).toBe('organization');
    expect(e?.names).toEqual([{ full: 'Gazprom', kind: 'primary' }, { full: 'Газпром', kind: 'original_script' }, { full: 'GP', kind: 'weak_alias' }]);
    expect(e?.dates).toEqual(['1990..1992']);
  });

  it('refuses a truncated file instead of returning the records before the cut', async () => {
    const file = join(tmp, 'truncated.xml');
    const text = await readFile(EU, 'utf8');
    await writeFile(file, text.slice(0, Math.floor(text.length * 0.6)));
    await expect(collect(file)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED', message: expect.stringMatching(/line \d+/) });
  });

  it('refuses a truncated gzip file', async () => {
    const file = join(tmp, 'truncated.xml.gz');
    const gz = gzipSync(await readFile(EU));
    await writeFile(file, gz.subarray(0, gz.length - 200));
    await expect(collect(file)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED' });
  });

  it('refuses an empty file and a document with another root', async () => {
    const empty = join(tmp, 'empty.xml');
    const other = join(tmp, 'other.xml');
    await writeFile(empty, '');
    await writeFile(other, '<sdnList><sdnEntry/></sdnList>');
    await expect(collect(empty)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED' });
    await expect(collect(other)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED', message: expect.stringContaining('<sdnList>') });
  });

  it('detects the EU file and no other list file', async () => {
    expect(euFsfXmlParser.detect(await readHead(EU), basename(EU))).toBe(true);
    for (const file of OTHERS) expect(euFsfXmlParser.detect(await readHead(file), basename(file)), file).toBe(false);
  });
});
