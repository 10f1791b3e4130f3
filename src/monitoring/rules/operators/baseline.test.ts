import { describe, expect, it } from 'vitest';
import { deposit, ev, issuesOf, valueOf } from '../test-kit.js';

const avg = (extra: object = {}) => ({ baseline: { name: 'avg_ticket', of: 'amount', types: ['payment.deposit'], alpha: 0.5, ...extra } });
const usage = (host: string, requests: number, at: string) => ev('proxy.usage', { host, port: 443, requests }, at);

describe('baseline', () => {
  const table: Array<[string, unknown, unknown[], unknown]> = [
    ['is unknown without history', avg(), [deposit(100)], null],
    ['starts at the first value and excludes the current event', avg(), [deposit(100, '-2h'), deposit(9999)], 100],
    ['moves by alpha towards each new value', avg(), [deposit(100, '-2h'), deposit(200, '-1h'), deposit(9999)], 150],
    ['keeps one average per key value', avg({ key: 'currency' }), [deposit(100, '-2h'), ev('payment.deposit', { amount: 900, currency: 'USD' }, '-1h'), deposit(9999)], 100],
    ['ignores events of other types', avg(), [ev('payment.withdrawal', { amount: 5000, currency: 'EUR' }, '-1h'), deposit(100, '-2h'), deposit(9999)], 100],
  ];
  it.each(table)('%s', (_, expr, events, expected) => {
    expect(valueOf(expr, events as never)).toBe(expected);
  });

  it('keys proxy baselines by host', () => {
    const expr = { baseline: { name: 'host_requests', of: 'requests', types: ['proxy.usage'], alpha: 0.1, key: 'host' } };
    expect(valueOf(expr, [usage('a.example', 100, '-2m'), usage('b.example', 5000, '-1m'), usage('a.example', 1, '0s')])).toBe(100);
  });

  const issues: Array<[string, unknown, RegExp]> = [
    ['refuses a non-numeric field', avg({ of: 'currency' }), /^\/baseline\/of: a baseline averages a numeric field, currency is string/],
    ['refuses alpha above 1', avg({ alpha: 1.5 }), /^\/baseline\/alpha: Too big/],
    ['refuses a key the current event lacks', { baseline: { name: 'h', of: 'requests', types: ['proxy.usage'], alpha: 0.1, key: 'host' } }, /^\/baseline\/key: no field host on payment.deposit/],
    ['refuses two definitions under one name', { add: [avg(), avg({ alpha: 0.3 })] }, /^\/add\/1\/baseline: baseline avg_ticket is already defined differently/],
  ];
  it.each(issues)('%s', (_, expr, message) => {
    expect(issuesOf(expr)).toEqual([expect.stringMatching(message)]);
  });
});
