import { describe, expect, it } from 'vitest';
import { ev, issuesOf, valueOf } from '../test-kit.js';

const crypto = (type: 'crypto.deposit' | 'crypto.withdrawal', address: string, at: string, flags?: string[]) =>
  ev(type, { amount: 1, asset: 'BTC', address, ...(flags ? { addressFlags: flags } : {}) }, at);

describe('distinct', () => {
  const stream = [
    crypto('crypto.deposit', 'bc1qa', '-8d'),
    crypto('crypto.deposit', 'bc1qb', '-3d', ['mixer']),
    crypto('crypto.withdrawal', 'bc1qc', '-2d', ['mixer', 'gambling']),
    crypto('crypto.deposit', 'bc1qb', '-1d'),
    crypto('crypto.deposit', 'bc1qd', '0s'),
  ];
  const table: Array<[string, unknown, unknown]> = [
    ['counts different values across types', { distinct: { within: '7d', types: ['crypto.deposit', 'crypto.withdrawal'], of: 'address' } }, 3],
    ['counts one type only', { distinct: { within: '7d', types: ['crypto.deposit'], of: 'address' } }, 2],
    ['counts each item of a list field', { distinct: { within: '7d', types: ['crypto.deposit', 'crypto.withdrawal'], of: 'addressFlags' } }, 2],
    ['honours where', { distinct: { within: '30d', types: ['crypto.deposit'], of: 'address', where: { ne: [{ field: 'address' }, 'bc1qa'] } } }, 2],
  ];
  it.each(table)('%s', (_, expr, expected) => {
    expect(valueOf(expr, stream)).toBe(expected);
  });

  it('needs of', () => {
    expect(issuesOf({ distinct: { within: '7d', types: ['crypto.deposit'] } }, ['crypto.deposit'])).toEqual([expect.stringMatching(/^\/distinct: distinct needs of/)]);
  });
});
