import { describe, expect, it } from 'vitest';
import { deposit, issuesOf, valueOf } from '../test-kit.js';

describe('max', () => {
  const stream = [deposit(7000, '-8d'), deposit(300, '-2d'), deposit(1200, '-1d'), deposit(80, '0s')];
  const table: Array<[string, unknown, unknown]> = [
    ['takes the largest value in the window', { max: { within: '7d', types: ['payment.deposit'], of: 'amount' } }, 1200],
    ['honours where', { max: { within: '7d', types: ['payment.deposit'], of: 'amount', where: { lt: [{ field: 'amount' }, 1000] } } }, 300],
    ['is unknown over an empty window', { max: { within: '7d', types: ['payment.withdrawal'], of: 'amount' } }, null],
  ];
  it.each(table)('%s', (_, expr, expected) => {
    expect(valueOf(expr, stream)).toBe(expected);
  });

  it('refuses a boolean field', () => {
    expect(issuesOf({ max: { within: '1h', types: ['payment.deposit'], of: 'payerNameMatches' } })).toEqual([expect.stringMatching(/^\/max\/of: max needs a numeric field, boolean given/)]);
  });
});
