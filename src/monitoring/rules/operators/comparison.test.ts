import { describe, expect, it } from 'vitest';
import { deposit, ev, issuesOf, valueOf } from '../test-kit.js';

const pay = deposit(150, 0, { method: 'card', payerNameMatches: true });

describe('comparison operators', () => {
  const table: Array<[string, unknown, unknown]> = [
    ['gt holds for a larger number', { gt: [{ field: 'amount' }, 100] }, true],
    ['gt fails for an equal number', { gt: [{ field: 'amount' }, 150] }, false],
    ['gte holds for an equal number', { gte: [{ field: 'amount' }, 150] }, true],
    ['lt compares two expressions', { lt: [100, { field: 'amount' }] }, true],
    ['lte holds for an equal number', { lte: [{ field: 'amount' }, 150] }, true],
    ['eq compares strings', { eq: [{ field: 'currency' }, 'EUR'] }, true],
    ['eq compares booleans', { eq: [{ field: 'payerNameMatches' }, false] }, false],
    ['ne compares strings', { ne: [{ field: 'method' }, 'cash'] }, true],
    ['eq with a missing field is unknown', { eq: [{ field: 'instrument' }, 'abc'] }, null],
    ['gt with a missing numeric operand is unknown', { gt: [{ coalesce: [{ field: 'amount' }, 0] }, { baseline: { name: 'b', of: 'amount', types: ['payment.deposit'], alpha: 0.5 } }] }, null],
    ['an error operand propagates', { gt: [{ div: [1, 0] }, 1] }, { error: { code: 'DIVISION_BY_ZERO', message: 'division of 1 by zero' } }],
  ];
  it.each(table)('%s', (_, expr, expected) => {
    expect(valueOf(expr, [pay])).toEqual(expected);
  });

  const issues: Array<[string, unknown, RegExp]> = [
    ['refuses a third operand', { gt: [1, 2, 3] }, /^\/gt: gt takes 2 arguments, got 3/],
    ['refuses a non-list argument', { lt: 5 }, /^\/lt: lt takes a list of 2 arguments/],
    ['refuses ordering strings', { gt: [{ field: 'currency' }, 'EUR'] }, /^\/gt\/0: gt's operands must be number, but currency is string/],
    ['refuses eq across types', { eq: [{ field: 'amount' }, 'EUR'] }, /^\/eq\/1: eq's operands \(like amount\) must be number/],
    ['refuses eq on lists', { eq: [[1], [1]] }, /^\/eq\/0: eq's operands must be number or string or boolean/],
    ['names an unknown field', { gt: [{ field: 'amout' }, 1] }, /^\/gt\/0\/field: no field amout on payment.deposit \(did you mean amount\?\)/],
  ];
  it.each(issues)('%s', (_, expr, message) => {
    expect(issuesOf(expr)).toEqual([expect.stringMatching(message)]);
  });

  it('compares numbers on any event type that has the field', () => {
    expect(valueOf({ gte: [{ field: 'requests' }, 10] }, [ev('proxy.usage', { host: 'a.example', port: 443, requests: 10 })])).toBe(true);
  });
});
