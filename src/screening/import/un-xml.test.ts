import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListEntity, ListFileInfo } from '../entity.js';
import { ofacSdnCsvParser } from './ofac-csv.js';
import { ofacSdnXmlParser } from './ofac-sdn-xml.js';
import { readHead } from './read.js';
import { unXmlParser } from './un-xml.js';

const DATA = resolve(import.meta.dirname, '../../../../shared/data/sanctions');
const UN = join(DATA, 'un');
const FULL = join(UN, 'un_consolidated_2026-02-27.xml.gz');
const EXCERPT = join(UN, 'un_consolidated_excerpt_2024-10-17.xml');

async function collect(path: string) {
  const info: ListFileInfo = { publishedAt: null, declaredCount: null };
  const entities: ListEntity[] = [];
  for await (const e of unXmlParser.parse(path, info)) entities.push(e);
  return { info, entities, byId: new Map(entities.map((e) => [e.sourceId, e])) };
}

const names = (e: ListEntity | undefined, kind: string) => e?.names.filter((n) => n.kind === kind).map((n) => n.full) ?? [];

describe.skipIf(!existsSync(UN))(`UN consolidated list XML, real files (needs ${UN})`, () => {
  describe('full list of 2026-02-27', () => {
    let run: Awaited<ReturnType<typeof collect>>;
    beforeAll(async () => {
      run = await collect(FULL);
    });

    it('reads 730 individuals and 273 entities', () => {
      expect(run.entities).toHaveLength(1_003);
      expect(run.entities.filter((e) => e.type === 'person')).toHaveLength(730);
      expect(run.entities.filter((e) => e.type === 'organization')).toHaveLength(273);
      expect(run.info).toMatchObject({ publishedAt: '2026-02-27T00:00:09.554Z', declaredCount: null });
    });

    it('reads Saddam Hussein al-Tikriti with his Arabic name, birth date, nationality and programme', () => {
      expect(run.byId.get('6908048')).toEqual({
        sourceId: '6908048',
        type: 'person',
        names: [
          { full: 'SADDAM HUSSEIN AL-TIKRITI', kind: 'primary' },
          { full: 'صدام حسين التكريتي', kind: 'original_script' },
          { full: 'Abu Ali', kind: 'weak_alias' },
        ],
        dates: ['1937-04-28'],
        countries: ['IQ'],
        identifiers: [],
        addresses: [],
        cryptoAddresses: [],
        programs: ['Iraq', 'IQi.001'],
        topics: ['sanction'],
        listedAt: '2003-06-27',
        remarks: null,
      });
    });

    it('reads approximate and between birth dates as year ranges', () => {
      expect(run.byId.get('6908006')?.dates).toEqual(['1962-03-17', '1965..1967']);
      expect(run.byId.get('6908021')?.dates).toEqual(['1973..1974']);
    });

    it('reads an entity with its aliases and addresses', () => {
      const lra = run.byId.get('6908539');
      expect(names(lra, 'primary')).toEqual(['LORD’S RESISTANCE ARMY']);
      expect(names(lra, 'alias')).toEqual(['LRA', 'Lord’s Resistance Movement (LRM)', 'Lord’s Resistance Movement/Army (LRM/A)']);
      expect(lra?.addresses).toHaveLength(8);
      expect(lra?.addresses[0]).toBe('Vakaga, Central African Republic');
      expect(lra?.countries).toEqual(['CF', 'CD']);
      expect(lra?.programs).toEqual(['CAR', 'CFe.002']);
      expect(lra?.remarks).toMatch(/^Emerged in northern Uganda/);
    });

    it('skips the empty placeholder aliases and gives every record a primary name', () => {
      const bad = run.entities.filter((e) => e.names[0]?.kind !== 'primary' || e.names.some((n) => !n.full));
      expect(bad).toEqual([]);
      expect(run.entities.every((e) => e.listedAt !== null && /^\d{4}-\d{2}-\d{2}$/.test(e.listedAt))).toBe(true);
    });
  });

  describe('excerpt of 2024-10-17', () => {
    it('reads 7 individuals with documents, aliases and nationality', async () => {
      const { entities, info, byId } = await collect(EXCERPT);
      expect(entities).toHaveLength(7);
      expect(entities.every((e) => e.type === 'person')).toBe(true);
      expect(info.publishedAt).toBe('2024-10-17T00:00:02.767Z');
      const jaber = byId.get('2797952');
      expect(names(jaber, 'primary')).toEqual(['JABER ABDALLAH JABER AHMAD AL-JALAHMAH']);
      expect(names(jaber, 'original_script')).toEqual(['جابر عبد الله جابر أحمد الجلاهمة']);
      expect(names(jaber, 'weak_alias')).toEqual(['Abdul-Ghani', 'Abu Muhammad']);
      expect(names(jaber, 'alias')).toHaveLength(5);
      expect(jaber?.dates).toEqual(['1959-09-24']);
      expect(jaber?.countries).toEqual(['KW']);
      expect(jaber?.identifiers).toEqual([
        { type: 'passport', value: '101423404' },
        { type: 'passport', value: '2541451', country: 'KW' },
        { type: 'passport', value: '002327881', country: 'KW' },
        { type: 'national_id', value: '259092401188', country: 'KW' },
      ]);
      expect(jaber?.programs).toEqual(['Al-Qaida', 'QDi.237']);
      expect(jaber?.listedAt).toBe('2014-01-03');
    });
  });

  it('detects both UN files and is not detected by the OFAC parsers', async () => {
    for (const path of [FULL, EXCERPT]) {
      const head = await readHead(path);
      expect(unXmlParser.detect(head, path)).toBe(true);
      expect(ofacSdnXmlParser.detect(head, path)).toBe(false);
      expect(ofacSdnCsvParser.detect(head, path)).toBe(false);
    }
    for (const other of ['ofac/sdn_xml_excerpt_2020-04-22.xml', 'eu/eu_fsf_excerpt_2020-04-15.xml', 'ofac/cons_prim.csv']) {
      const path = join(DATA, other);
      expect([other, unXmlParser.detect(await readHead(path), path)]).toEqual([other, false]);
    }
  });
});

describe('UN consolidated list XML, broken input', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-un-xml-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const ONE = `<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS><INDIVIDUAL>
    <DATAID>1</DATAID><FIRST_NAME>JOHN</FIRST_NAME><SECOND_NAME>DOE</SECOND_NAME>
    <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1970</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
  </INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>`;

  it('reads a minimal list', async () => {
    const { entities } = await collect(await write('one.xml', ONE));
    expect(entities).toMatchObject([{ sourceId: '1', names: [{ full: 'JOHN DOE', kind: 'primary' }], dates: ['1969..1971'] }]);
  });

  it('refuses XML cut off in the middle', async () => {
    const text = existsSync(EXCERPT) ? await readFile(EXCERPT, 'utf8') : ONE;
    await expect(collect(await write('cut.xml', text.slice(0, Math.floor(text.length / 2))))).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED' });
  });

  it('refuses a truncated gzip file', async () => {
    if (!existsSync(FULL)) return;
    const gz = await readFile(FULL);
    await expect(collect(await write('cut.xml.gz', gz.subarray(0, Math.floor(gz.length / 2))))).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED' });
  });

  it('refuses an empty file and a document of another format', async () => {
    await expect(collect(await write('empty.xml', ''))).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED' });
    await expect(collect(await write('sdn.xml', '<sdnList xmlns="http://tempuri.org/sdnList.xsd"></sdnList>'))).rejects.toMatchObject({
      code: 'SCREENING_FILE_MALFORMED',
    });
  });

  it('refuses a record without a DATAID', async () => {
    await expect(collect(await write('noid.xml', ONE.replace('<DATAID>1</DATAID>', '')))).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED' });
  });

  async function write(name: string, content: string | Buffer): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  }
});
