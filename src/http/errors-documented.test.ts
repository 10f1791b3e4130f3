import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registeredErrors } from '../core/errors.js';
import { STATUS_BY_KIND } from './problem.js';

const root = resolve(import.meta.dirname, '../..');

function errorModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? errorModules(join(dir, e.name)) : e.name === 'errors.ts' ? [join(dir, e.name)] : [],
  );
}

describe('error codes', () => {
  it('documents every code with its HTTP status in docs/errors.md', async () => {
    const modules = errorModules(join(root, 'src'));
    expect(modules.length).toBeGreaterThan(5);
    for (const m of modules) await import(m);
    const doc = readFileSync(join(root, 'docs/errors.md'), 'utf8');
    const rows = new Map([...doc.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]));
    const codes = registeredErrors();
    expect(codes.length).toBeGreaterThan(20);
    for (const def of codes) {
      expect(rows.get(def.code), `${def.code} missing from docs/errors.md`).toBe(STATUS_BY_KIND[def.kind]);
    }
    for (const code of rows.keys()) expect(codes.map((c) => c.code), `${code} is documented but not defined`).toContain(code);
  });
});
