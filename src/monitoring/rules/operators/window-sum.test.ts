import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLOWED_LATENESS_MS } from '../compile-rules.js';
import { Compiler } from '../compiler.js';
import { CustomerMonitorState } from '../customer-state.js';
import type { EvalContext } from '../eval-context.js';
import { OPERATORS } from '../operators.js';
import { CUSTOMER, deposit, ev, issuesOf, valueOf } from '../test-kit.js';

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

  it('adds amounts with cents exactly as written, not through running totals', () => {
    const events = [deposit(0.1, '-2m'), deposit(0.2, '-1m'), deposit(1000.35, '0s')];
    expect(valueOf({ sum: { within: '1h', types: ['payment.deposit'], of: 'amount' } }, events)).toBe(1000.35 + 0.2 + 0.1); // newest first, as the window reads them
    expect(valueOf({ sum: { within: '90s', types: ['payment.deposit'], of: 'amount' } }, events)).toBe(1000.35 + 0.2);
  });

  it('keeps its totals right through events that arrive late', () => {
    // The third event is stamped before the second: it is inserted in between, not appended.
    const events = [usage('a.example', 10, '-3m'), usage('a.example', 20, '-30s'), usage('a.example', 40, '-90s'), usage('a.example', 80, '0s')];
    expect(valueOf({ sum: { within: '2m', types: ['proxy.usage'], of: 'requests' } }, events)).toBe(140);
    expect(valueOf({ sum: { within: '1m', types: ['proxy.usage'], of: 'requests' } }, events)).toBe(100);
  });

  it('answers long windows from running totals exactly as adding their events up would', () => {
    // Each pair: a window read through running totals, and the same window with a where that
    // keeps every event, which makes it add the events one by one.
    const always = { gte: [{ field: 'requests' }, 0] };
    const host = { eq: [{ field: 'host' }, { current: 'host' }] };
    const pairs = [
      [{ sum: { within: '1h', types: ['proxy.usage'], of: 'requests' } }, { sum: { within: '1h', types: ['proxy.usage'], of: 'requests', where: always } }],
      [{ sum: { within: '1h', types: ['proxy.usage'], of: 'requests', where: host } }, { sum: { within: '1h', types: ['proxy.usage'], of: 'requests', where: { all: [host, always] } } }],
    ];
    const c = new Compiler(OPERATORS);
    c.beginRule('totals', 0);
    const compiled = pairs.map((pair) => pair.map((expr) => c.expr(expr, '', { types: ['proxy.usage'], window: null })!));
    const layout = c.finish(0, DEFAULT_ALLOWED_LATENESS_MS);
    expect(c.issues).toEqual([]);
    // A small cap drops the oldest events; late events are inserted in between; a few
    // fractional values make the totals give way to adding up.
    const state = new CustomerMonitorState(CUSTOMER, { maxEventsPerType: 900 });
    let x = 7;
    const rnd = () => (x = (x * 48271) % 2147483647) / 2147483647;
    let ctx: EvalContext | null = null;
    let checked = 0;
    for (let i = 0; i < 4000; i++) {
      const requests = i % 997 === 500 ? 2.5 : 1 + Math.floor(rnd() * 500);
      const e = ev('proxy.usage', { host: `h${Math.floor(rnd() * 3)}.example`, port: 443, requests }, i * 2_000 - Math.floor(rnd() * 240_000));
      ctx ??= { current: e, subject: e, currentStored: null, state, layout, gen: 0, evidence: null };
      ctx.currentStored = state.observe(e, layout);
      ctx.current = ctx.subject = e;
      ctx.gen++;
      for (const [fast, scanned] of compiled) {
        expect(fast!.eval(ctx)).toBe(scanned!.eval(ctx));
        checked++;
      }
    }
    expect(checked).toBe(8000);
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
