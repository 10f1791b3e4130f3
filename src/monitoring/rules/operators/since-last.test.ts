import { describe, expect, it } from 'vitest';
import { SINCE_LAST_NEVER } from '../value.js';
import { deposit, ev, issuesOf, probe, valueOf } from '../test-kit.js';

const login = (success: boolean, at: string) => ev('account.login', { success }, at);

describe('since_last', () => {
  const stream = [login(true, '-3h'), login(false, '-90m'), deposit(10, '-1h'), login(true, '0s')];
  const table: Array<[string, unknown, unknown]> = [
    ['measures the time since the most recent earlier event, not the current one', { since_last: { types: ['account.login'] } }, 90 * 60_000],
    ['honours where', { since_last: { types: ['account.login'], where: { eq: [{ field: 'success' }, true] } } }, 3 * 3_600_000],
    ['takes the most recent across types', { since_last: { types: ['account.login', 'payment.deposit'] } }, 3_600_000],
    ['is SINCE_LAST_NEVER when nothing matches', { since_last: { types: ['crypto.deposit'] } }, SINCE_LAST_NEVER],
    ['looks back only as far as within', { since_last: { types: ['account.login'], where: { eq: [{ field: 'success' }, true] }, within: '2h' } }, SINCE_LAST_NEVER],
  ];
  it.each(table)('%s', (_, expr, expected) => {
    expect(valueOf(expr, stream)).toBe(expected);
  });

  it('ignores events stamped after the current one', () => {
    expect(valueOf({ since_last: { types: ['payment.deposit'] } }, [deposit(1, '-1h'), deposit(2, '1h'), deposit(3, '0s')])).toBe(3_600_000);
  });

  it('names the event it measured from as evidence', () => {
    const { evidence } = probe({ since_last: { types: ['account.login'] } }, stream);
    expect(evidence).toEqual([stream[3]!.id, stream[1]!.id]);
  });

  it('refuses a bad within', () => {
    expect(issuesOf({ since_last: { types: ['account.login'], within: 'forever' } })).toEqual([expect.stringMatching(/^\/since_last\/within: "forever" is not a duration/)]);
  });
});
