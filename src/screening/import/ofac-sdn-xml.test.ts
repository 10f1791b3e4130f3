import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListEntity, ListFileInfo } from '../entity.js';
import { ofacSdnXmlParser } from './ofac-sdn-xml.js';
import { readHead } from './read.js';

const DATA = resolve(import.meta.dirname, '../../../../shared/data/sanctions');
const EXCERPT = join(DATA, 'ofac/sdn_xml_excerpt_2020-04-22.xml');

async function collect(path: string) {
  const info: ListFileInfo = { publishedAt: null, declaredCount: null };
  const entities: ListEntity[] = [];
  for await (const e of ofacSdnXmlParser.parse(path, info)) entities.push(e);
  return { info, entities, byId: new Map(entities.map((e) => [e.sourceId, e])) };
}

const names = (e: ListEntity | undefined, kind: string) => e?.names.filter((n) => n.kind === kind).map((n) => n.full) ?? [];

/** Shaped like OFAC's sdn.xml; the excerpt has no vessel, crypto address or citizenship. */
const SYNTHETIC = `<?xml version="1.0" standalone="yes"?>
<sdnList xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://tempuri.org/sdnList.xsd">
  <publshInformation><Publish_Date>05/03/2024</Publish_Date><Record_Count>2</Record_Count></publshInformation>
  <sdnEntry>
    <uid>4243</uid><lastName>EBANO</lastName><sdnType>Vessel</sdnType>
    <programList><program>CUBA</program></programList>
    <idList>
      <id><uid>1</uid><idType>Vessel Registration Identification</idType><idNumber>IMO 7406784</idNumber></id>
      <id><uid>2</uid><idType>MMSI</idType><idNumber>273612320</idNumber></id>
      <id><uid>3</uid><idType>Vessel Year of Build</idType><idNumber>1975</idNumber></id>
    </idList>
    <akaList><aka><uid>3</uid><type>f.k.a.</type><category>strong</category><lastName>ANA I</lastName></aka></akaList>
    <vesselInfo><callSign>HOUK</callSign><vesselType>General Cargo</vesselType><vesselFlag>Panama</vesselFlag></vesselInfo>
  </sdnEntry>
  <sdnEntry>
    <uid>28264</uid><firstName>Jiadong</firstName><lastName>LI</lastName><sdnType>Individual</sdnType>
    <programList><program>DPRK3</program><program>CYBER2</program></programList>
    <idList>
      <id><uid>4</uid><idType>Digital Currency Address - XBT</idType><idNumber>1EfMVkxQQuZfBdocpJu6RUsCJvenQWbQyE</idNumber></id>
      <id><uid>5</uid><idType>Digital Currency Address - ETH</idType><idNumber>0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c</idNumber></id>
      <id><uid>6</uid><idType>Gender</idType><idNumber>Male</idNumber></id>
      <id><uid>7</uid><idType>Identification Number</idType><idNumber>210302198701102136</idNumber><idCountry>China</idCountry></id>
    </idList>
    <citizenshipList><citizenship><uid>8</uid><country>China</country><mainEntry>true</mainEntry></citizenship></citizenshipList>
    <dateOfBirthList><dateOfBirthItem><uid>9</uid><dateOfBirth>10 Jan 1987</dateOfBirth><mainEntry>true</mainEntry></dateOfBirthItem></dateOfBirthList>
  </sdnEntry>
</sdnList>
`;

describe.skipIf(!existsSync(EXCERPT))(`OFAC sdn.xml, real excerpt (needs ${EXCERPT})`, () => {
  let run: Awaited<ReturnType<typeof collect>>;
  beforeAll(async () => {
    run = await collect(EXCERPT);
  });

  it('reads all 8 entries and the publish information', () => {
    expect(run.entities).toHaveLength(8);
    expect(run.entities.map((e) => e.type)).toEqual(['person', 'person', 'organization', 'organization', 'person', 'person', 'person', 'person']);
    // The header declares the full list's count; the excerpt holds 8 of them.
    expect(run.info).toMatchObject({ publishedAt: '2020-04-22', declaredCount: 8197 });
  });

  it('reads an individual in "First Last" order with strong and weak aliases, ids, address and nationality', () => {
    const saeed = run.byId.get('10689');
    expect(names(saeed, 'primary')).toEqual(['Muhammad SAEED']);
    expect(names(saeed, 'alias')).toHaveLength(8);
    expect(names(saeed, 'alias')[0]).toBe('Hafiz Muhammad SAEED');
    expect(names(saeed, 'weak_alias')).toEqual(['HAFIZ SAHIB', 'TATA JI']);
    expect(saeed?.identifiers).toEqual([
      { type: 'passport', value: 'Booklet A5250088', country: 'PK' },
      { type: 'passport', value: 'BE5978421', country: 'PK' },
      { type: 'national_id', value: '23250460642', country: 'PK' },
      { type: 'national_id', value: '3520025509842-7', country: 'PK' },
    ]);
    expect(saeed?.dates).toEqual(['1950-06-05']);
    expect(saeed?.countries).toEqual(['PK']);
    expect(saeed?.addresses).toEqual(['House No. 116 E, Mohalla Johar, Town: Lahore, Tehsil:, Lahore City, Lahore District, Pakistan']);
    expect(saeed?.remarks).toBe('POB Sargodha, Punjab, Pakistan');
  });

  it('reads the date forms OFAC uses: ranges, month precision, year and circa', () => {
    expect(run.byId.get('18619')?.dates).toEqual(['1976..1978', '1977..1979']);
    expect(run.byId.get('12057')?.dates).toEqual(['1951..1953', '1960..1962', '1961-04', '1953']);
    expect(run.byId.get('12345')?.dates).toEqual(['1950..1952']);
  });

  it('keeps programmes, title and remarks, and skips id entries that are not identifiers', () => {
    const naqdi = run.byId.get('12057');
    expect(naqdi?.programs).toEqual(['IFSR', 'IRGC', 'NPWMD', 'IRAN-HR', 'SDGT', 'IRAN-EO13876']);
    expect(naqdi?.identifiers).toEqual([]);
    expect(naqdi?.remarks).toMatch(/^Title: Brigadier General .*; Head of the Basij; POB Najaf, Iraq \/ Tehran, Iran$/);
  });

  it('reads an entity with its registration number', () => {
    const troll = run.byId.get('19187');
    expect(troll).toMatchObject({ type: 'organization', names: [{ full: 'TROLL PROPERTIES, INC.', kind: 'primary' }], countries: ['PA'] });
    expect(troll?.identifiers).toEqual([{ type: 'tax_id', value: '991715-1-534344', country: 'PA' }]);
  });

  it('detects sdn.xml and nothing else', async () => {
    expect(ofacSdnXmlParser.detect(await readHead(EXCERPT), EXCERPT)).toBe(true);
    for (const other of ['un/un_consolidated_2026-02-27.xml.gz', 'un/un_consolidated_excerpt_2024-10-17.xml', 'eu/eu_fsf_excerpt_2020-04-15.xml', 'ofac/sdn_2024-05-03.csv.gz']) {
      const path = join(DATA, other);
      expect([other, ofacSdnXmlParser.detect(await readHead(path), path)]).toEqual([other, false]);
    }
  });
});

describe('OFAC sdn.xml, vessels, crypto addresses and broken input', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-sdn-xml-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a vessel (IMO, MMSI, call sign, flag) and digital currency addresses', async () => {
    const path = join(dir, 'sdn.xml.gz');
    await writeFile(path, gzipSync(SYNTHETIC));
    const { info, byId } = await collect(path);
    expect(info).toMatchObject({ publishedAt: '2024-05-03', declaredCount: 2 });
    expect(byId.get('4243')).toMatchObject({
      type: 'vessel',
      names: [{ full: 'EBANO', kind: 'primary' }, { full: 'ANA I', kind: 'former' }],
      identifiers: [{ type: 'imo', value: '7406784' }, { type: 'mmsi', value: '273612320' }, { type: 'call_sign', value: 'HOUK' }],
      countries: ['PA'],
    });
    expect(byId.get('28264')).toMatchObject({
      names: [{ full: 'Jiadong LI', kind: 'primary' }],
      cryptoAddresses: [
        { currency: 'XBT', address: '1EfMVkxQQuZfBdocpJu6RUsCJvenQWbQyE' },
        { currency: 'ETH', address: '0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c' },
      ],
      identifiers: [{ type: 'national_id', value: '210302198701102136', country: 'CN' }],
      countries: ['CN'],
      dates: ['1987-01-10'],
    });
  });

  it('refuses XML cut off in the middle rather than returning the entries before the cut', async () => {
    const path = join(dir, 'cut.xml');
    const text = existsSync(EXCERPT) ? await readFile(EXCERPT, 'utf8') : SYNTHETIC;
    await writeFile(path, text.slice(0, Math.floor(text.length / 2)));
    await expect(collect(path)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED' });
  });

  it('refuses a truncated gzip file', async () => {
    const path = join(dir, 'cut.xml.gz');
    const gz = gzipSync(SYNTHETIC);
    await writeFile(path, gz.subarray(0, gz.length - 20));
    await expect(collect(path)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED' });
  });

  it('refuses an empty file', async () => {
    const path = join(dir, 'empty.xml');
    await writeFile(path, '');
    await expect(collect(path)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED' });
  });

  it('refuses a UN list handed to it, and does not detect one', async () => {
    const path = join(dir, 'un.xml');
    await writeFile(path, '<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09Z"><INDIVIDUALS/></CONSOLIDATED_LIST>');
    expect(ofacSdnXmlParser.detect(await readHead(path), path)).toBe(false);
    await expect(collect(path)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED' });
  });

  it('refuses an entry without a uid', async () => {
    const path = join(dir, 'nouid.xml');
    await writeFile(path, SYNTHETIC.replace('<uid>4243</uid>', ''));
    await expect(collect(path)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED' });
  });
});
