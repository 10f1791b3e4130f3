import { describe, expect, it } from 'vitest';
import { deposit, issuesOf, valueOf } from '../test-kit.js';

describe('arithmetic', () => {
  const table: Array<[string, unknown, unknown]> = [
    ['adds', { add: [{ field: 'amount' }, 5] }, 105],
    ['adds more than two numbers', { add: [1, 2, 3] }, 6],
    ['subtracts', { sub: [{ field: 'amount' }, 30] }, 70],
    ['multiplies', { mul: [0.8, { field: 'amount' }] }, 80],
    ['divides', { div: [{ field: 'amount' }, 8] }, 12.5],
    ['gives an error value for division by zero', { div: [{ field: 'amount' }, 0] }, { error: { code: 'DIVISION_BY_ZERO', message: 'division of 100 by zero' } }],
    ['gives an error value for overflow', { mul: [1e308, 10] }, { error: { code: 'NOT_A_NUMBER', message: 'mul overflowed' } }],
    ['passes unknown on', { mul: [2, { baseline: { name: 'b', of: 'amount', types: ['payment.deposit'], alpha: 0.5 } }] }, null],
  ];
  it.each(table)('%s', (_, expr, expected) => {
    expect(valueOf(expr, [deposit(100)])).toEqual(expected);
  });

  const issues: Array<[string, unknown, RegExp]> = [
    ['refuses three operands to div', { div: [1, 2, 3] }, /^\/div: div takes 2 arguments, got 3/],
    ['refuses one operand to add', { add: [1] }, /^\/add: add takes at least 2 arguments, got 1/],
    ['refuses a string operand', { sub: [{ field: 'currency' }, 1] }, /^\/sub\/0: sub's operands must be number, but currency is string/],
  ];
  it.each(issues)('%s', (_, expr, message) => {
    expect(issuesOf(expr)).toEqual([expect.stringMatching(message)]);
  });
});
