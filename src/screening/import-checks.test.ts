import { describe, expect, it } from 'vitest';
import { VigilError } from '../core/errors.js';
import { ScreeningErrors } from './errors.js';
import { countWarning, shownAs, shrinkRefusal } from './import-checks.js';

describe('declared count warning', () => {
  it.each([
    ['no declared count', null, 8, 0, []],
    ['the declared count read', 8, 8, 0, []],
    ['fewer read than declared', 8197, 8, 0, ['sdn.xml declares 8197 records but 8 entities were read: the file may be cut short, an excerpt or edited']],
    ['repeated records merged', 10, 9, 1, ['sdn.xml declares 10 records but 9 entities were read (after merging 1 repeated records): the file may be cut short, an excerpt or edited']],
  ] as const)('%s', (_case, declared, read, duplicates, messages) => {
    const warnings = countWarning('sdn.xml', { publishedAt: null, declaredCount: declared }, read, duplicates);
    expect(warnings.map((w) => w.message)).toEqual(messages);
    expect(warnings.every((w) => w.code === 'DECLARED_COUNT_MISMATCH')).toBe(true);
  });
});

describe('shrink guard', () => {
  const base = { list: 'ofac-sdn', fileName: 'sdn.xml', maxRemovedShare: 0.5 };
  it.each([
    ['a first import', 0, 0, 8, false],
    ['half of the list removed', 10, 5, 5, false],
    ['more than half removed', 10, 6, 4, true],
    ['everything replaced', 8976, 8969, 8, true],
  ] as const)('%s: refused %s', (_case, loaded, removed, entityCount, refused) => {
    expect(shrinkRefusal({ ...base, loaded, removed, entityCount }) !== null).toBe(refused);
  });

  it('says how many entities would go out of how many, how to force it, and carries the numbers', () => {
    const err = shrinkRefusal({ ...base, loaded: 8976, removed: 8969, entityCount: 8 })!;
    expect(err).toMatchObject({ code: 'SCREENING_LIST_SHRUNK', kind: 'conflict', context: { list: 'ofac-sdn', file: 'sdn.xml', loaded: 8976, removed: 8969, entityCount: 8, maxRemovedShare: 0.5 } });
    expect(err.message).toContain('would remove 8969 of the 8976 entities of ofac-sdn (99.9%, more than the 50% screening.maxRemovedShare allows), leaving 8');
    expect(err.message).toContain('--force');
  });

  it('takes a lower share from the config', () => {
    expect(shrinkRefusal({ ...base, maxRemovedShare: 0.1, loaded: 100, removed: 11, entityCount: 89 })).not.toBeNull();
    expect(shrinkRefusal({ ...base, maxRemovedShare: 0.1, loaded: 100, removed: 10, entityCount: 90 })).toBeNull();
  });
});

describe('file name shown for an uploaded file', () => {
  const path = '/tmp/vigil-list-jlJybp/badcol.csv';

  it('replaces the temporary path in the message and context of a coded error', () => {
    const err = new VigilError(ScreeningErrors.SCREENING_FILE_MALFORMED, `${path}: line 2 has 3 fields`, { file: path, line: 2 });
    const shown = shownAs(err, path, 'my list.csv') as VigilError;
    expect(shown).toMatchObject({ code: 'SCREENING_FILE_MALFORMED', kind: 'invalid', message: 'my list.csv: line 2 has 3 fields', context: { file: 'my list.csv', line: 2 } });
    expect(JSON.stringify({ m: shown.message, c: shown.context })).not.toContain('/tmp');
  });

  it('removes the temporary directory wherever else it appears', () => {
    const err = new VigilError(ScreeningErrors.SCREENING_FILE_UNREADABLE, `cannot read /tmp/vigil-list-jlJybp/other.csv.gz`, {});
    expect((shownAs(err, path, 'badcol.csv') as Error).message).toBe('cannot read other.csv.gz');
  });

  it('passes an error that is not coded through untouched', () => {
    const err = new Error(`boom at ${path}`);
    expect(shownAs(err, path, 'x.csv')).toBe(err);
  });
});
