import { describe, expect, it } from 'vitest';
import { deposit, issuesOf, valueOf } from '../test-kit.js';

describe('coalesce', () => {
  const table: Array<[string, unknown, unknown]> = [
    ['keeps a known value', { coalesce: [{ field: 'currency' }, 'none'] }, 'EUR'],
    ['replaces an absent field', { coalesce: [{ field: 'instrument' }, 'none'] }, 'none'],
    ['takes the first known of several', { coalesce: [{ field: 'instrument' }, { field: 'method' }, 'x'] }, 'x'],
    ['does not hide errors', { coalesce: [{ div: [1, 0] }, 0] }, { error: { code: 'DIVISION_BY_ZERO', message: 'division of 1 by zero' } }],
  ];
  it.each(table)('%s', (_, expr, expected) => {
    expect(valueOf(expr, [deposit(1)])).toEqual(expected);
  });

  it('refuses a default of another type', () => {
    expect(issuesOf({ coalesce: [{ field: 'amount' }, 'none'] })).toEqual([expect.stringMatching(/^\/coalesce\/1: coalesce's operands \(like amount\) must be number/)]);
  });
});
