import { describe, expect, it } from 'vitest';
import { CUSTOMER, T0, deposit, ev, issuesOf, valueOf } from '../test-kit.js';

const pay = deposit(9500, 0, { method: 'card', payerNameMatches: false });
const crypto = ev('crypto.deposit', { amount: 1, asset: 'BTC', address: 'bc1qxyz', addressFlags: ['sanctioned', 'mixer'] });

describe('field', () => {
  const table: Array<[string, unknown, unknown]> = [
    ['reads a number', { field: 'amount' }, 9500],
    ['reads a string', { field: 'currency' }, 'EUR'],
    ['reads a boolean', { field: 'payerNameMatches' }, false],
    ['reads the event type', { field: 'type' }, 'payment.deposit'],
    ['reads occurredAt', { field: 'occurredAt' }, T0],
    ['reads the customer id', { field: 'customerId' }, CUSTOMER],
    ['gives unknown (null) for an absent optional field', { field: 'instrument' }, null],
  ];
  it.each(table)('%s', (_, expr, expected) => {
    expect(valueOf(expr, [pay])).toEqual(expected);
  });

  it('reads a list field', () => {
    expect(valueOf({ field: 'addressFlags' }, [crypto])).toEqual(['sanctioned', 'mixer']);
  });

  it('accepts a field present on only some of the rule types', () => {
    expect(valueOf({ field: 'currency' }, [crypto], ['payment.deposit', 'crypto.deposit'])).toBeNull();
  });

  const issues: Array<[string, unknown, RegExp]> = [
    ['refuses a field no triggering type has', { field: 'host' }, /^\/field: no field host on payment.deposit$/],
    ['suggests a near miss', { field: 'ammount' }, /did you mean amount\?/],
    ['refuses a non-string name', { field: 3 }, /^\/field: field takes a field name/],
  ];
  it.each(issues)('%s', (_, expr, message) => {
    expect(issuesOf(expr)).toEqual([expect.stringMatching(message)]);
  });
});
