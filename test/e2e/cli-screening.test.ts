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
    expect(res.stderr).toContain(`vigil: ${input} line 4: no "name"; skipped`);
    expect(readFileSync(output, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['a', 'd']);
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
