import { describe, expect, it } from 'vitest';
import { deposit, ev, issuesOf, probe, valueOf } from '../test-kit.js';

const login = (success: boolean, at: string) => ev('account.login', { success }, at);

describe('count', () => {
  const stream = [deposit(100, '-25h'), deposit(9500, '-23h'), login(true, '-2h'), deposit(9800, '-1h'), deposit(50, '0s')];
  const table: Array<[string, unknown, unknown]> = [
    ['counts the current event and earlier ones within the window', { count: { within: '24h', types: ['payment.deposit'] } }, 3],
    ['leaves out events older than the window', { count: { within: '90m', types: ['payment.deposit'] } }, 2],
    ['counts several types', { count: { within: '24h', types: ['payment.deposit', 'account.login'] } }, 4],
    ['applies where to each past event', { count: { within: '24h', types: ['payment.deposit'], where: { gte: [{ field: 'amount' }, 9000] } } }, 2],
    ['is zero when nothing matches', { count: { within: '24h', types: ['crypto.deposit'] } }, 0],
  ];
  it.each(table)('%s', (_, expr, expected) => {
    expect(valueOf(expr, stream)).toBe(expected);
  });

  it("anchors a late event's window at its own time and counts events stamped later that came first", () => {
    const late = [deposit(1, '-20m'), deposit(2, '0s'), deposit(3, '10m'), deposit(4, '20m'), deposit(5, '5m')];
    expect(valueOf({ count: { within: '10m', types: ['payment.deposit'] } }, late)).toBe(4);
  });

  it('shows an event later than the allowed lateness (15m) only itself and what came after it', () => {
    // Arrives 2h behind the newest event: the deposit 30m before it is past retention (1h + 15m).
    const tooLate = [deposit(1, '-150m'), deposit(2, '0s'), deposit(3, '-2h')];
    expect(valueOf({ count: { within: '1h', types: ['payment.deposit'] } }, tooLate)).toBe(2);
  });

  it('names the counted events as evidence, the current one first', () => {
    const events = [deposit(9500, '-2h'), deposit(10, '-1h'), deposit(9600, '0s')];
    const { evidence } = probe({ count: { within: '24h', types: ['payment.deposit'], where: { gte: [{ field: 'amount' }, 9000] } } }, events);
    expect(evidence).toEqual([events[2]!.id, events[0]!.id]);
  });

  it('stops at an error from where', () => {
    expect(valueOf({ count: { within: '1h', types: ['payment.deposit'], where: { gt: [{ div: [{ field: 'amount' }, 0] }, 1] } } }, [deposit(5)])).toEqual({
      error: { code: 'DIVISION_BY_ZERO', message: 'division of 5 by zero' },
    });
  });

  const issues: Array<[string, unknown, RegExp]> = [
    ['refuses a bad duration', { count: { within: '24 hours', types: ['payment.deposit'] } }, /^\/count\/within: "24 hours" is not a duration like 90s/],
    ['refuses an unknown event type', { count: { within: '1h', types: ['payment.refund'] } }, /^\/count\/types\/0: Invalid option/],
    ['refuses of', { count: { within: '1h', types: ['payment.deposit'], of: 'amount' } }, /^\/count\/of: count takes no of/],
    ['refuses an unknown argument', { count: { within: '1h', types: ['payment.deposit'], filter: true } }, /^\/count: Unrecognized key: "filter"/],
    ['refuses a where that is not a condition', { count: { within: '1h', types: ['payment.deposit'], where: { field: 'amount' } } }, /^\/count\/where: where must be boolean/],
    ['checks where fields against the window types', { count: { within: '1h', types: ['account.login'], where: { gt: [{ field: 'amount' }, 1] } } }, /^\/count\/where\/gt\/0\/field: no field amount on account.login/],
    ['refuses a window inside a where', { count: { within: '1h', types: ['payment.deposit'], where: { gt: [{ count: { within: '1h', types: ['payment.deposit'] } }, 1] } } }, /^\/count\/where\/gt\/0\/count: count cannot be used inside a window where/],
  ];
  it.each(issues)('%s', (_, expr, message) => {
    expect(issuesOf(expr)).toEqual([expect.stringMatching(message)]);
  });
});
