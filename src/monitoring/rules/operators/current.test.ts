import { describe, expect, it } from 'vitest';
import { ev, issuesOf, valueOf } from '../test-kit.js';

const usage = (host: string, at: string, requests = 10) => ev('proxy.usage', { host, port: 443, requests }, at);

describe('current', () => {
  const stream = [usage('a.example', '0s', 5), usage('b.example', '10s', 7), usage('a.example', '20s', 11)];
  const table: Array<[string, unknown, unknown]> = [
    ['keeps past events with the same host as the current one', { sum: { within: '1m', types: ['proxy.usage'], of: 'requests', where: { eq: [{ field: 'host' }, { current: 'host' }] } } }, 16],
    ['compares past events with the current numbers', { count: { within: '1m', types: ['proxy.usage'], where: { lt: [{ field: 'requests' }, { current: 'requests' }] } } }, 2],
    ['reads builtins of the current event', { count: { within: '1m', types: ['proxy.usage'], where: { eq: [{ field: 'type' }, { current: 'type' }] } } }, 3],
  ];
  it.each(table)('%s', (_, expr, expected) => {
    expect(valueOf(expr, stream)).toEqual(expected);
  });

  const issues: Array<[string, unknown, RegExp]> = [
    ['refuses current outside a window where', { eq: [{ current: 'amount' }, 1] }, /^\/eq\/0\/current: current is only meaningful inside a window where/],
    ['checks the field against the rule types, not the window types', { count: { within: '1h', types: ['proxy.usage'], where: { eq: [{ field: 'host' }, { current: 'host' }] } } }, /^\/count\/where\/eq\/1\/current: no field host on payment.deposit/],
  ];
  it.each(issues)('%s', (_, expr, message) => {
    expect(issuesOf(expr)).toEqual([expect.stringMatching(message)]);
  });
});
