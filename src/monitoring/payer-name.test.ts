import { describe, expect, it } from 'vitest';
import { payerNameMatch } from './payer-name.js';

describe('payerNameMatch', () => {
  it.each([
    ['John Smith', 'John Smith', true],
    ['SMITH JOHN', 'John Smith', true],
    ['J SMITH', 'John Smith', true],
    ['J SMITH', 'Jane Smith', true],
    ['Mohamed Ali', 'Muhammad Ali', true],
    ['John Smyth', 'John Smith', true],
    ['Jane Doe', 'John Smith', false],
    ['John Brown', 'John Smith', false],
    ['Bob Jones', 'Jane Smith', false],
    ['J D', 'John Doe', false],
    // Nothing to compare is unknown, not a mismatch.
    ['Bob Jones', undefined, undefined],
    ['Bob Jones', '', undefined],
    ['', 'John Smith', undefined],
  ])('%s paying for %s → %s', (payer, customer, expected) => {
    expect(payerNameMatch(payer, customer)).toBe(expected);
  });
});
