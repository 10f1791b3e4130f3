import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/process.js';

const UN = resolve(import.meta.dirname, '../../../shared/data/sanctions/un/un_consolidated_2026-02-27.xml.gz');

describe.skipIf(!existsSync(UN))(`vigil lists / vigil screen on the real UN list (${UN})`, () => {
  let data: string;
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'vigil-cli-screen-'));
    const res = await runCli(['lists', 'import', UN, '--data', data]);
    expect(res.stdout).toContain('un: 1003 entities');
  });
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  const screen = async (name: string) => {
    const res = await runCli(['screen', name, '--json', '--data', data]);
    expect(res.code, res.stderr).toBe(0);
    return JSON.parse(res.stdout) as { matches: Array<{ entityId: string; score: number; explanation: { alignment: unknown[] } }> };
  };

  it.each([['Saddam Hussein al-Tikriti'], ['صدام حسين التكريتي'], ['Saddam Husein al-Tikriti']])('finds the UN entry for %s, with an explanation', async (name) => {
    const { matches } = await screen(name);
    const top = matches.find((m) => m.entityId === 'un:6908048');
    expect(top, JSON.stringify(matches.slice(0, 3))).toBeDefined();
    expect(top!.explanation.alignment.length).toBeGreaterThan(1);
  });

  it('screens a JSON-lines file, one result line per input line', async () => {
    const input = join(data, 'in.jsonl');
    const output = join(data, 'out.jsonl');
    writeFileSync(input, ['{"id":"a","name":"Saddam Hussein al-Tikriti","dob":"1937"}', '{"id":"b","name":"Jane Quietperson","country":"NZ"}'].join('\n') + '\n');
    const res = await runCli(['screen', '--input', input, '--output', output, '--data', data]);
    expect(res.code, res.stderr).toBe(0);
    const lines = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; matches: Array<{ entityId: string; list: string; name: string; matchedName: string; score: number; explanation: unknown }> });
    expect(lines.map((l) => l.id)).toEqual(['a', 'b']);
    expect(lines[0]!.matches[0]).toMatchObject({ entityId: expect.stringMatching(/^un:/), list: 'un', name: expect.any(String), matchedName: expect.any(String), score: expect.any(Number) });
    expect(lines[1]!.matches).toEqual([]);
  });

  it('skips and reports the lines of a batch that are not names to screen, screening the others', async () => {
    const input = join(data, 'mixed.jsonl');
    const output = join(data, 'mixed.out.jsonl');
    writeFileSync(input, ['{"id":"a","name":"Saddam Hussein al-Tikriti"}', '', '{"id":"b",', '{"id":"c"}', '{"id":"d","name":"Jane Quietperson"}'].join('\n') + '\n');
    const res = await runCli(['screen', '--input', input, '--output', output, '--data', data]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`vigil: ${input} line 3: not JSON; skipped`);
    expect(res.stderr).toContain(`vigil: ${input} line 4: name: required; skipped`);
    expect(readFileSync(output, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['a', 'd']);
  });

  it('checks every line of a batch as the API checks a request, naming the line, field and reason', async () => {
    const input = join(data, 'invalid.jsonl');
    const output = join(data, 'invalid.out.jsonl');
    const rows = [
      { id: 'ok', name: 'Igor Sechin', dob: '1960-09-07', country: 'RU' },
      { id: 'type', name: 'Igor Sechin', type: 'organisation' },
      { id: 'country', name: 'Igor Sechin', country: 'Russia' },
      { id: 'short', name: 'Igor Sechin', dob: '68' },
      { id: 'impossible', name: 'Igor Sechin', dob: '1968-99-99' },
      { id: { a: 1 }, name: 'Igor Sechin' },
      { id: 'number', name: 123 },
      { id: 'lists', name: 'Igor Sechin', lists: [] },
    ];
    writeFileSync(input, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const res = await runCli(['screen', '--input', input, '--output', output, '--data', data]);
    expect(res.code).toBe(1);
    for (const [line, reason] of [
      [2, 'type: Invalid option'],
      [3, 'country: must be an ISO 3166-1 alpha-2 code'],
      [4, 'dob: must be a real date'],
      [5, 'dob: must be a real date'],
      [6, 'id: must be a string or a number'],
      [7, 'name: Invalid input: expected string'],
      [8, 'lists: '],
    ] as const) {
      expect(res.stderr).toContain(`vigil: ${input} line ${line}: ${reason}`);
    }
    const out = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; truncated: boolean });
    expect(out).toEqual([expect.objectContaining({ id: 'ok', truncated: false })]);
  });

  it('refuses an impossible --dob, an unknown --country and a --limit over the maximum (exit 2)', async () => {
    for (const [flag, value] of [['--dob', '1968-13-45'], ['--dob', '1968-02-31'], ['--country', 'XX'], ['--limit', '101'], ['--threshold', 'high']] as const) {
      const res = await runCli(['screen', 'Igor Sechin', flag, value, '--data', data]);
      expect(res.code, `${flag} ${value}`).toBe(2);
      expect(res.stderr).toContain(`argument '${value}' is invalid`);
    }
  });

  it('says when more matches reach the threshold than --limit shows', async () => {
    const res = await runCli(['screen', 'Mohammed Ali', '--json', '--limit', '1', '--data', data]);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { matches: Array<{ threshold: number }>; truncated: boolean; limit: number };
    expect(out).toMatchObject({ truncated: true, limit: 1 });
    expect(out.matches).toEqual([expect.objectContaining({ threshold: 0.875 })]);
    const text = await runCli(['screen', 'Mohammed Ali', '--limit', '1', '--data', data]);
    expect(text.stderr).toContain('only the best 1 matches are shown');
  });

  it('refuses a truncated list and keeps the loaded version', async () => {
    const cut = join(data, 'un_cut.xml.gz');
    const xml = gunzipSync(readFileSync(UN));
    writeFileSync(cut, gzipSync(xml.subarray(0, Math.floor(xml.length / 2))));
    const res = await runCli(['lists', 'import', cut, '--format', 'un-xml', '--data', data]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('SCREENING_FILE_MALFORMED');
    expect((await runCli(['lists', '--data', data])).stdout).toMatch(/un\s+un-xml\s+1003 entities/);
  });
});
