import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.js';

/** `vigil …` in this process, with what it prints captured. */
async function vigil(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'vigil', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('vigil screen --input', () => {
  let dir: string;
  let input: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-cli-batch-'));
    input = join(dir, 'in.jsonl');
    writeFileSync(input, ['{"id":"a","name":"Jane Quietperson"}', '{"id":"b","name":"Jane Quietperson","extra":1}', '[1,2]', '{"id":"d","name":"Jane Quietperson","identifiers":[{"value":"x","colour":"red"}]}'].join('\n') + '\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an --output it cannot write with exit 2, before it opens the store', async () => {
    const data = join(dir, 'never-opened');
    const res = await vigil('screen', '--input', input, '--output', '/nonexistent/dir/out.jsonl', '--data', data);
    expect(res).toEqual({ code: 2, stdout: '', stderr: 'vigil: cannot write /nonexistent/dir/out.jsonl: no such file or directory (ENOENT)' });
    expect(existsSync(data)).toBe(false);
  });

  it.skipIf(!existsSync('/dev/full'))('reports a write that fails part way (a full disk) as the same usage error, not a crash', async () => {
    const res = await vigil('screen', '--input', input, '--output', '/dev/full', '--data', join(dir, 'full'));
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('vigil: cannot write /dev/full: no space left on device (ENOSPC)');
  });

  it('names the unrecognised key of a line, and no made-up field for an issue of the whole line', async () => {
    const output = join(dir, 'out.jsonl');
    const res = await vigil('screen', '--input', input, '--output', output, '--data', join(dir, 'store'));
    expect(res.code).toBe(1);
    expect(res.stderr.split('\n')).toEqual([
      `vigil: ${input} line 2: unrecognized key "extra"; skipped`,
      `vigil: ${input} line 3: Invalid input: expected object, received array; skipped`,
      `vigil: ${input} line 4: identifiers.0: unrecognized key "colour"; skipped`,
    ]);
    expect(readFileSync(output, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['a']);
  });
});
