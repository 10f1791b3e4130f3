import { describe, expect, it } from 'vitest';
import type { MonitoringEvent } from '../event.js';
import { deposit, ev, issuesOf, valueOf } from '../test-kit.js';

const AVG_TICKET = { baseline: { name: 'avg_ticket', of: 'amount', types: ['payment.deposit'], alpha: 0.2, key: 'currency' } };
// baseline_count needs the baseline declared somewhere in the rule set; here it is declared beside it and multiplied away.
const historyOf = (events: MonitoringEvent[]) => valueOf({ add: [{ baseline_count: { name: 'avg_ticket' } }, { mul: [0, { coalesce: [AVG_TICKET, 0] }] }] }, events);

describe('baseline_count', () => {
  const table: Array<[string, MonitoringEvent[], number]> = [
    ['is zero without history', [deposit(100)], 0],
    ['counts earlier events, not the current one', [deposit(100, '-2h'), deposit(100, '-1h'), deposit(1)], 2],
    ['counts per key value', [deposit(100, '-2h'), ev('payment.deposit', { amount: 5, currency: 'USD' }, '-1h'), deposit(1)], 1],
  ];
  it.each(table)('%s', (_, events, expected) => {
    expect(historyOf(events)).toBe(expected);
  });

  it('refuses a baseline that no rule declares', () => {
    expect(issuesOf({ gte: [{ baseline_count: { name: 'nothing' } }, 5] })).toEqual([expect.stringMatching(/^\/gte\/0\/baseline_count\/name: no baseline named nothing is declared/)]);
  });
});
