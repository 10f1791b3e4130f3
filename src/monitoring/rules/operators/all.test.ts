import { describe, expect, it } from 'vitest';
import { deposit, issuesOf, valueOf } from '../test-kit.js';

const T = { eq: [1, 1] };
const F = { eq: [1, 2] };
const U = { eq: [{ field: 'method' }, 'card'] }; // method is absent: unknown
const E = { gt: [{ div: [1, 0] }, 0] };

describe('all', () => {
  const table: Array<[string, unknown[], unknown]> = [
    ['holds when every part holds', [T, T], true],
    ['fails when one part fails', [T, F], false],
    ['lets false win over unknown', [U, F], false],
    ['is unknown when nothing fails but something is unknown', [T, U], null],
    ['stops at the first false before an error', [F, E], false],
    ['returns an error met before any false', [E, F], { error: { code: 'DIVISION_BY_ZERO', message: 'division of 1 by zero' } }],
    ['takes a single part', [T], true],
  ];
  it.each(table)('%s', (_, parts, expected) => {
    expect(valueOf({ all: parts }, [deposit(1)])).toEqual(expected);
  });

  const issues: Array<[string, unknown, RegExp]> = [
    ['refuses an empty list', { all: [] }, /^\/all: all takes at least 1 arguments, got 0/],
    ['refuses a number part', { all: [T, 3] }, /^\/all\/1: all's operands must be boolean, but 3 is number/],
  ];
  it.each(issues)('%s', (_, expr, message) => {
    expect(issuesOf(expr)).toEqual([expect.stringMatching(message)]);
  });
});
