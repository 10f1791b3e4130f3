import { describe, expect, it } from 'vitest';
import { deposit, issuesOf, valueOf } from '../test-kit.js';

const T = { eq: [1, 1] };
const F = { eq: [1, 2] };
const U = { eq: [{ field: 'method' }, 'card'] }; // method is absent: unknown
const E = { gt: [{ div: [1, 0] }, 0] };

describe('any', () => {
  const table: Array<[string, unknown[], unknown]> = [
    ['holds when one part holds', [F, T], true],
    ['fails when every part fails', [F, F], false],
    ['lets true win over unknown', [U, T], true],
    ['is unknown when nothing holds but something is unknown', [F, U], null],
    ['stops at the first true before an error', [T, E], true],
    ['returns an error met before any true', [E, T], { error: { code: 'DIVISION_BY_ZERO', message: 'division of 1 by zero' } }],
  ];
  it.each(table)('%s', (_, parts, expected) => {
    expect(valueOf({ any: parts }, [deposit(1)])).toEqual(expected);
  });

  const issues: Array<[string, unknown, RegExp]> = [
    ['refuses a non-list argument', { any: T }, /^\/any: any takes a list of at least 1 arguments/],
    ['refuses a string part', { any: ['yes'] }, /^\/any\/0: any's operands must be boolean/],
  ];
  it.each(issues)('%s', (_, expr, message) => {
    expect(issuesOf(expr)).toEqual([expect.stringMatching(message)]);
  });
});
