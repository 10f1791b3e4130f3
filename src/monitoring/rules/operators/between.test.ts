import { describe, expect, it } from 'vitest';
import { deposit, issuesOf, valueOf } from '../test-kit.js';

describe('between', () => {
  const table: Array<[string, number, [unknown, unknown], unknown]> = [
    ['holds inside the range', 9500, [9000, 9999.99], true],
    ['includes the low end', 9000, [9000, 9999.99], true],
    ['includes the high end', 9999.99, [9000, 9999.99], true],
    ['fails below', 8999.99, [9000, 9999.99], false],
    ['fails above', 10000, [9000, 9999.99], false],
    ['takes expressions as bounds', 50, [{ sub: [100, 60] }, { add: [40, 20] }], true],
  ];
  it.each(table)('%s', (_, amount, [lo, hi], expected) => {
    expect(valueOf({ between: [{ field: 'amount' }, lo, hi] }, [deposit(amount)])).toBe(expected);
  });

  it('is unknown for an unknown value', () => {
    expect(valueOf({ between: [{ field: 'addressRisk' }, 1, 2] }, [deposit(1)], ['payment.deposit', 'crypto.deposit'])).toBeNull();
  });

  const issues: Array<[string, unknown, RegExp]> = [
    ['refuses two operands', { between: [1, 2] }, /^\/between: between takes 3 arguments, got 2/],
    ['refuses a string bound', { between: [{ field: 'amount' }, 'a', 2] }, /^\/between\/1: between's operands must be number/],
  ];
  it.each(issues)('%s', (_, expr, message) => {
    expect(issuesOf(expr)).toEqual([expect.stringMatching(message)]);
  });
});
