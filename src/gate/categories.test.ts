import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejectionCode, thrownCode } from '../../test/helpers/errors.js';
import { loadGateCategories, parseCategoryText } from './categories.js';
import { DEFAULT_GATE_POLICY } from './gate-policy.js';

describe('parseCategoryText', () => {
  it('reads one suffix per line, with comments, wildcards and IDNs, canonical and once each', () => {
    const text = '\uFEFF# header\n\nExample.COM\n.example.com   # same\n*.shop.example\nbücher.de\r\ngov.uk\n';
    expect(parseCategoryText(text, 'x.txt')).toEqual(['example.com', 'shop.example', 'xn--bcher-kva.de', 'gov.uk']);
  });

  it.each(['10.0.0.1', '*', 'exa mple.com', 'http://example.com/'])('refuses %j with the file and line', (entry) => {
    expect(thrownCode(() => parseCategoryText(`ok.example\n${entry}\n`, 'bad.txt'))).toBe('GATE_CATEGORY_FILE_MALFORMED');
    expect(() => parseCategoryText(`ok.example\n${entry}\n`, 'bad.txt')).toThrow(/bad\.txt line 2/);
  });
});

describe('loadGateCategories', () => {
  it('ships every category the default policy names, with the documented breadth', async () => {
    const { categories, dataVer } = await loadGateCategories();
    const named = [...DEFAULT_GATE_POLICY.blockedCategories, ...Object.values(DEFAULT_GATE_POLICY.classCategories).flat()];
    for (const name of named) expect(categories.get(name)?.length, name).toBeGreaterThan(50);
    expect(categories.get('banking')!.length).toBeGreaterThanOrEqual(150);
    expect(categories.get('banking')).toContain('bank');
    expect(categories.get('government')).toEqual(expect.arrayContaining(['gov', 'gov.uk', 'gouv.fr', 'gc.ca', 'gov.au', 'go.jp', 'gov.cn', 'bund.de', 'gov.in', 'europa.eu', 'admin.ch', 'gob.mx', 'gov.br', 'govt.nz']));
    expect(categories.get('military')).toEqual(expect.arrayContaining(['mil', 'mod.uk', 'army.mod.uk', 'nato.int']));
    expect(categories.get('military')).not.toContain('mil.uk');
    expect(categories.get('payment')).toEqual(expect.arrayContaining(['paypal.com', 'stripe.com', 'adyen.com', 'wise.com', 'klarna.com']));
    expect(dataVer).toMatch(/^gate:[0-9a-f]{16}$/);
  });

  it('merges operator files into bundled categories and adds new ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-gate-'));
    await writeFile(join(dir, 'banking.txt'), 'my-local-bank.example\n');
    await writeFile(join(dir, 'adult.txt'), '# operator list\nadult.example\n');
    const { categories, files } = await loadGateCategories({ files: { banking: join(dir, 'banking.txt'), adult: join(dir, 'adult.txt') } });
    expect(categories.get('banking')).toEqual(expect.arrayContaining(['bank', 'my-local-bank.example']));
    expect(categories.get('adult')).toEqual(['adult.example']);
    expect(files.at(-1)).toBe(join(dir, 'adult.txt'));
  });

  it('reads only the given files when the bundled directory is turned off', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-gate-'));
    await writeFile(join(dir, 'only.txt'), 'only.example\n');
    const { categories } = await loadGateCategories({ dir: null, files: { only: join(dir, 'only.txt') } });
    expect([...categories.keys()]).toEqual(['only']);
  });

  it('fails with GATE_CATEGORY_FILE_UNREADABLE for a missing file and MALFORMED for a bad name', async () => {
    expect(await rejectionCode(loadGateCategories({ files: { extra: '/nonexistent/extra.txt' } }))).toBe('GATE_CATEGORY_FILE_UNREADABLE');
    expect(await rejectionCode(loadGateCategories({ dir: '/nonexistent-dir' }))).toBe('GATE_CATEGORY_FILE_UNREADABLE');
    expect(await rejectionCode(loadGateCategories({ files: { 'Bad-Name': '/dev/null' } }))).toBe('GATE_CATEGORY_FILE_MALFORMED');
  });
});
