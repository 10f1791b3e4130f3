import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListEntity, ListFileInfo } from '../entity.js';
import { ofacConsCsvParser, ofacSdnCsvParser } from './ofac-csv.js';
import type { ListParser } from './parser.js';
import { readHead } from './read.js';

const OFAC = resolve(import.meta.dirname, '../../../../shared/data/sanctions/ofac');
const SDN_2024 = join(OFAC, 'sdn_2024-05-03.csv.gz');
const CONS = join(OFAC, 'cons_prim.csv');

async function collect(parser: ListParser, path: string) {
  const info: ListFileInfo = { publishedAt: null, declaredCount: null };
  const entities: ListEntity[] = [];
  for await (const e of parser.parse(path, info)) entities.push(e);
  return { info, entities, byId: new Map(entities.map((e) => [e.sourceId, e])) };
}

const names = (e: ListEntity | undefined, kind: string) => e?.names.filter((n) => n.kind === kind).map((n) => n.full) ?? [];

describe('OFAC legacy CSV, broken and edge-case input', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-ofac-csv-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const row = (id: number, name: string, type = '-0- ', remarks = '-0- ') =>
    `${id},"${name}",${type === '-0- ' ? type : `"${type}"`},"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,${remarks === '-0- ' ? remarks : `"${remarks}"`}\r\n`;

  it('joins sibling files named by the sdn.csv convention, in any letter case', async () => {
    const sub = await mkdtemp(join(dir, 'set-'));
    await writeFile(join(sub, 'SDN.CSV'), row(1, 'DOE, John', 'individual', 'DOB 1974; nationality Iraq') + '\x1a');
    await writeFile(join(sub, 'ADD.CSV'), '1,10,"1 Main St","Baghdad","Iraq",-0- \r\n');
    await writeFile(join(sub, 'alt.csv'), '1,20,"aka","DOE, Johnny",-0- \r\n1,21,"aka","JD","weak alias"\r\n');
    const { entities } = await collect(ofacSdnCsvParser, join(sub, 'SDN.CSV'));
    expect(entities).toEqual([
      expect.objectContaining({
        sourceId: '1',
        names: [{ full: 'John DOE', kind: 'primary' }, { full: 'Johnny DOE', kind: 'alias' }, { full: 'JD', kind: 'weak_alias' }],
        dates: ['1974'],
        countries: ['IQ'],
        addresses: ['1 Main St, Baghdad, Iraq'],
      }),
    ]);
  });

  it('warns, naming the file, for each companion file that is not beside the primary one', async () => {
    const sub = await mkdtemp(join(dir, 'set-'));
    await writeFile(join(sub, 'sdn_2024-05-03.csv'), `${row(1, 'ACME')}\x1a`);
    await writeFile(join(sub, 'add_2024-05-03.csv.gz'), gzipSync('1,10,"1 Main St","Baghdad","Iraq",-0- \r\n'));
    const { info, entities } = await collect(ofacSdnCsvParser, join(sub, 'sdn_2024-05-03.csv'));
    expect(entities[0]?.addresses).toEqual(['1 Main St, Baghdad, Iraq']);
    expect(info.warnings).toEqual([
      { code: 'COMPANION_FILE_MISSING', message: expect.stringMatching(/^alt_2024-05-03\.csv \(or alt_2024-05-03\.csv\.gz\) is not beside sdn_2024-05-03\.csv: the list is imported without its aliases/) },
      { code: 'COMPANION_FILE_MISSING', message: expect.stringMatching(/^sdn_comments_2024-05-03\.csv .* without the ends of long remarks/) },
    ]);
    const cons = await mkdtemp(join(dir, 'cons-'));
    await writeFile(join(cons, 'cons_prim.csv'), `${row(1, 'ACME')}\x1a`);
    await writeFile(join(cons, 'cons_alt.csv'), '1,20,"aka","ACME CO",-0- \r\n');
    const consolidated = await collect(ofacConsCsvParser, join(cons, 'cons_prim.csv'));
    expect(consolidated.info.warnings?.map((w) => w.message.split(' ')[0])).toEqual(['cons_add.csv', 'cons_comments.csv']);
  });

  it('warns that companion files were not looked for beside a file not named as OFAC names it', async () => {
    const sub = await mkdtemp(join(dir, 'renamed-'));
    await writeFile(join(sub, 'ofac-list.csv'), `${row(1, 'ACME')}\x1a`);
    await writeFile(join(sub, 'alt.csv'), '1,20,"aka","ACME CO",-0- \r\n');
    const { info, entities } = await collect(ofacSdnCsvParser, join(sub, 'ofac-list.csv'));
    expect(entities[0]?.names).toEqual([{ full: 'ACME', kind: 'primary' }]);
    expect(info.warnings).toEqual([{ code: 'COMPANION_FILE_MISSING', message: expect.stringMatching(/^ofac-list\.csv is not named sdn….csv, so its companion files \(add\.csv, alt\.csv and sdn_comments\.csv\) were not looked for/) }]);
  });

  it('refuses a row with the wrong number of columns, naming the line', async () => {
    const path = join(dir, 'sdn.csv');
    await writeFile(path, row(1, 'ACME') + '2,"SHORT ROW",-0- ,"SDGT"\r\n');
    await expect(collect(ofacSdnCsvParser, path)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED', context: { line: 2 } });
  });

  it('refuses a truncated gzip file instead of returning part of the list', async () => {
    const path = join(dir, 'sdn_cut.csv.gz');
    const whole = existsSync(SDN_2024) ? await readFile(SDN_2024) : gzipSync(row(1, 'ACME').repeat(50_000));
    await writeFile(path, whole.subarray(0, Math.min(64 * 1024, Math.floor(whole.length / 2))));
    await expect(collect(ofacSdnCsvParser, path)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED' });
  });

  it('refuses a file whose first column is not an ent_num', async () => {
    const path = join(dir, 'sdn_text.csv');
    await writeFile(path, row(1, 'ACME').replace(/^1,/, 'abc,'));
    await expect(collect(ofacSdnCsvParser, path)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED' });
  });

  it('refuses a file without the 0x1A end byte (cut at a line boundary), and a companion row for an entity the file lacks', async () => {
    const sub = await mkdtemp(join(dir, 'cut-'));
    const sdn = join(sub, 'sdn.csv');
    await writeFile(sdn, row(1, 'ACME') + row(2, 'OTHER'));
    await expect(collect(ofacSdnCsvParser, sdn)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED', message: expect.stringContaining('ends after line 2 without OFAC'), context: { reason: 'no_end_marker' } });
    await writeFile(sdn, `${row(1, 'ACME')}\x1a`);
    await writeFile(join(sub, 'sdn_comments.csv'), '2,"continued remarks"\r\n');
    await expect(collect(ofacSdnCsvParser, sdn)).rejects.toMatchObject({ code: 'SCREENING_FILE_MALFORMED', context: { companion: 'sdn_comments.csv', dangling: 1, reason: 'dangling_reference' } });
    // Companion files need no end byte: OFAC's own sdn_comments.csv of 2021-07-07 has none.
    await writeFile(join(sub, 'sdn_comments.csv'), '1,"continued remarks"\r\n');
    expect((await collect(ofacSdnCsvParser, sdn)).entities).toHaveLength(1);
  });

  it('yields nothing for an empty file, leaving SCREENING_LIST_EMPTY to the importer', async () => {
    const path = join(dir, 'empty.csv');
    await writeFile(path, '');
    expect((await collect(ofacSdnCsvParser, path)).entities).toEqual([]);
  });

  it('reports a missing file as unreadable', async () => {
    await expect(collect(ofacSdnCsvParser, join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'SCREENING_FILE_UNREADABLE' });
  });

  it('does not detect a UN XML file or a header-led CSV', async () => {
    const un = join(dir, 'un.xml');
    await writeFile(un, '<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="2026-02-27"><INDIVIDUALS/></CONSOLIDATED_LIST>');
    expect(ofacSdnCsvParser.detect(await readHead(un), un)).toBe(false);
    expect(ofacSdnCsvParser.detect('id,name,type\n1,"ACME",-0- ,', 'sdn.csv')).toBe(false);
  });

  it('copies the real cons_prim set under its own names and still joins it', async () => {
    if (!existsSync(CONS)) return;
    const sub = await mkdtemp(join(dir, 'cons-'));
    for (const f of ['cons_prim.csv', 'cons_alt.csv']) await copyFile(join(OFAC, f), join(sub, f));
    const { byId } = await collect(ofacConsCsvParser, join(sub, 'cons_prim.csv'));
    expect(names(byId.get('9639'), 'alias')).toEqual(['Ismail HANIYA', 'Ismaeel HANIYYA']);
    expect(byId.get('9641')?.addresses).toEqual([]);
  });
});
