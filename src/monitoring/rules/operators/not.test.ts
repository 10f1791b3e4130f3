import { describe, expect, it } from 'vitest';
import { deposit, issuesOf, valueOf } from '../test-kit.js';

describe('not', () => {
  const table: Array<[string, unknown, unknown]> = [
    ['negates true', { eq: [1, 1] }, false],
    ['negates false', { eq: [1, 2] }, true],
    ['keeps unknown unknown', { eq: [{ field: 'method' }, 'card'] }, null],
    ['passes an error on', { gt: [{ div: [1, 0] }, 0] }, { error: { code: 'DIVISION_BY_ZERO', message: 'division of 1 by zero' } }],
  ];
  it.each(table)('%s', (_, inner, expected) => {
    expect(valueOf({ not: inner }, [deposit(1)])).toEqual(expected);
  });

  it('refuses a number', () => {
    expect(issuesOf({ not: { field: 'amount' } })).toEqual([expect.stringMatching(/^\/not: not's operand must be boolean, but amount is number/)]);
  });
});
