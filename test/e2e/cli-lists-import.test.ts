import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/process.js';

/** OFAC's legacy sdn.csv layout: twelve columns, `-0-` for null. */
const sdnRow = (id: number, name: string) => `${id},"${name}",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n`;
const sdn = (ids: number[]) => ids.map((i) => sdnRow(i, `ACME TRADING ${i} LLC`)).join('') + '\x1a';

/** `vigil lists import`: warnings on stderr, and the guard against a file that would empty the list. */
describe('vigil lists import', () => {
  let data = '';
  let files = '';
  beforeAll(() => {
    data = mkdtempSync(join(tmpdir(), 'vigil-cli-import-'));
    files = mkdtempSync(join(tmpdir(), 'vigil-cli-import-files-'));
  });
  afterAll(() => {
    rmSync(data, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  const write = (dir: string, name: string, text: string) => {
    const path = join(mkdtempSync(join(files, dir)), name);
    writeFileSync(path, text);
    return path;
  };

  it('imports an OFAC sdn.csv without its companion files, warning on stderr for each one', async () => {
    const file = write('alone-', 'sdn_2024-05-03.csv', sdn([1, 2, 3, 4]));
    const res = await runCli(['lists', 'import', file, '--data', data]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^ofac-sdn: 4 entities, \+4 ~0 -0 \(/m);
    const warnings = res.stderr.split('\n').filter((l) => l.startsWith('vigil: warning: '));
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/^vigil: warning: ofac-sdn: alt_2024-05-03\.csv \(or alt_2024-05-03\.csv\.gz\) is not beside sdn_2024-05-03\.csv: .*aliases.* \[COMPANION_FILE_MISSING\]$/);
    expect(warnings[1]).toContain('add_2024-05-03.csv');
    expect(warnings[2]).toContain('sdn_comments_2024-05-03.csv');

    const json = await runCli(['lists', 'import', file, '--json', '--data', data]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ unchanged: true, warnings: [{ code: 'COMPANION_FILE_MISSING' }, { code: 'COMPANION_FILE_MISSING' }, { code: 'COMPANION_FILE_MISSING' }] });
    expect(json.stderr).toContain('vigil: warning: ofac-sdn: alt_2024-05-03.csv');
  });

  it('refuses a file that would remove most of the loaded list, keeps the loaded version, and takes it with --force', async () => {
    const excerpt = write('excerpt-', 'sdn.csv', sdn([1]));
    // Companions beside it: this import has nothing to warn about.
    writeFileSync(join(excerpt, '../add.csv'), '');
    writeFileSync(join(excerpt, '../alt.csv'), '');
    writeFileSync(join(excerpt, '../sdn_comments.csv'), '');
    const refused = await runCli(['lists', 'import', excerpt, '--data', data]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^vigil: importing sdn\.csv would remove 3 of the 4 entities of ofac-sdn \(75%, more than the 50% screening\.maxRemovedShare allows\), leaving 1; nothing was imported and the loaded version stays\. If the file is the whole list, import it again with --force .*\[SCREENING_LIST_SHRUNK\]$/m);
    const shown = await runCli(['lists', '--data', data]);
    expect(shown.stdout).toMatch(/ofac-sdn\s+ofac-sdn-csv\s+4 entities/);
    // These four name no crypto address: the listing says what address screening lacks.
    expect(shown.stdout).toMatch(/^warning NO_ADDRESS_LISTS: no loaded list holds a crypto address.*To fix: .*vigil lists import DIR --list ofac-crypto/m);

    // A config that allows more lets it through without --force.
    const config = join(files, 'config.yaml');
    writeFileSync(config, 'screening:\n  maxRemovedShare: 0.8\n');
    const allowed = await runCli(['lists', 'import', write('allowed-', 'sdn.csv', sdn([1, 2])), '--data', data, '--config', config]);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toMatch(/^ofac-sdn: 2 entities, \+0 ~0 -2 \(/m);

    const forced = await runCli(['lists', 'import', excerpt, '--force', '--data', data]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/^ofac-sdn: 1 entities, \+0 ~0 -1 \(/m);
    expect(forced.stderr).not.toContain('warning');
  });

  it('refuses a list name the API and the config would refuse, and creates no list', async () => {
    const file = write('name-', 'hmt.csv', 'id,name\n1,Jane Roe\n');
    const res = await runCli(['lists', 'import', file, '--list', 'UK HMT', '--data', data]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^vigil: list name "UK HMT" must match \/\^\[a-z0-9\]\[a-z0-9\._-\]\{0,63\}\$\/.*\[SCREENING_LIST_NAME_INVALID\]$/m);
    expect((await runCli(['lists', '--data', data])).stdout).not.toContain('UK HMT');
  });

  it('names the misspelt column of a generic CSV imported without --format', async () => {
    const res = await runCli(['lists', 'import', write('typo-', 'people.csv', 'id,name,birthdate\n1,Jane Roe,1970\n'), '--data', data]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/unknown column\(s\) "birthdate".*\[SCREENING_FILE_MALFORMED\]/);
  });

  it('shows the entities a version added, changed or removed', async () => {
    const people = (ids: number[]) => 'id,name\n' + ids.map((i) => `p-${i},Person ${i}\n`).join('');
    const first = JSON.parse((await runCli(['lists', 'import', write('ch1-', 'p.csv', people([1, 2])), '--list', 'people', '--json', '--data', data])).stdout) as { dataVer: string };
    await runCli(['lists', 'import', write('ch2-', 'p.csv', people([2, 3])), '--list', 'people', '--data', data]);
    const latest = await runCli(['lists', 'changes', 'people', '--data', data]);
    expect(latest.code, latest.stderr).toBe(0);
    expect(latest.stdout.split('\n').slice(1, 3)).toEqual(['removed  people:p-1', 'added    people:p-3  Person 3']);
    const older = await runCli(['lists', 'changes', 'people', '--version', first.dataVer, '--change', 'added', '--json', '--data', data]);
    expect(JSON.parse(older.stdout)).toMatchObject({ dataVer: first.dataVer, changes: [{ entityId: 'people:p-1', name: null, change: 'added' }, { entityId: 'people:p-2', name: 'Person 2' }] });
    const unknown = await runCli(['lists', 'changes', 'people', '--version', 'dv_nope', '--data', data]);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('[SCREENING_LIST_VERSION_UNKNOWN]')]);
  });
});
