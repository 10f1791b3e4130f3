import { describe, expect, it } from 'vitest';
import { deposit, ev, issuesOf, valueOf } from '../test-kit.js';

const usage = (host: string, requests: number, at: string) => ev('proxy.usage', { host, port: 443, requests }, at);

describe('sum', () => {
  const stream = [usage('a.example', 4000, '-70s'), usage('a.example', 3000, '-40s'), usage('b.example', 900, '-20s'), usage('a.example', 2500, '0s')];
  const table: Array<[string, unknown, unknown]> = [
    ['adds a field over the window', { sum: { within: '1m', types: ['proxy.usage'], of: 'requests' } }, 6400],
    ['adds per target with where and current', { sum: { within: '1m', types: ['proxy.usage'], of: 'requests', where: { eq: [{ field: 'host' }, { current: 'host' }] } } }, 5500],
    ['reaches further with a longer window', { sum: { within: '2m', types: ['proxy.usage'], of: 'requests', where: { eq: [{ field: 'host' }, { current: 'host' }] } } }, 9500],
    ['is zero over an empty window', { sum: { within: '1m', types: ['payment.deposit'], of: 'amount' } }, 0],
  ];
  it.each(table)('%s', (_, expr, expected) => {
    expect(valueOf(expr, stream)).toBe(expected);
  });

  it('skips events that lack the field', () => {
    const events = [ev('crypto.deposit', { amount: 2, asset: 'BTC', address: 'x', addressRisk: 10 }, '-1m'), ev('crypto.deposit', { amount: 1, asset: 'BTC', address: 'y' }, '0s')];
    expect(valueOf({ sum: { within: '1h', types: ['crypto.deposit'], of: 'addressRisk' } }, events)).toBe(10);
  });

  it('adds amounts of several types', () => {
    const events = [deposit(10, '-1m'), ev('payment.withdrawal', { amount: 5, currency: 'EUR' }, '0s')];
    expect(valueOf({ sum: { within: '1h', types: ['payment.deposit', 'payment.withdrawal'], of: 'amount' } }, events)).toBe(15);
  });

  const issues: Array<[string, unknown, RegExp]> = [
    ['needs of', { sum: { within: '1h', types: ['payment.deposit'] } }, /^\/sum: sum needs of/],
    ['refuses a string field', { sum: { within: '1h', types: ['payment.deposit'], of: 'currency' } }, /^\/sum\/of: sum needs a numeric field, string given/],
    ['refuses a field the window types lack', { sum: { within: '1h', types: ['payment.deposit'], of: 'requests' } }, /^\/sum\/of: no field requests on payment.deposit/],
  ];
  it.each(issues)('%s', (_, expr, message) => {
    expect(issuesOf(expr)).toEqual([expect.stringMatching(message)]);
  });
});
