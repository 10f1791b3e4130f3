import { describe, expect, it } from 'vitest';
import { payerNameAgrees, payerNameMatch } from './payer-name.js';

describe('payerNameAgrees', () => {
  it.each([
    ['John Smith', 'John Smith', true],
    ['SMITH JOHN', 'John Smith', true],
    ['J SMITH', 'John Smith', true],
    ['Mohamed Ali', 'Muhammad Ali', true],
    ['John Smyth', 'John Smith', true],
    ['Jane Doe', 'John Smith', false],
    ['John Brown', 'John Smith', false],
    ['J D', 'John Doe', false],
    ['', 'John Smith', false],
  ])('%s paying for %s → %s', (payer, customer, expected) => {
    expect(payerNameAgrees(payer, customer)).toBe(expected);
  });
});

describe('payerNameMatch', () => {
  it.each([
    ['J SMITH', 'Jane Smith', true],
    ['Bob Jones', 'Jane Smith', false],
    ['Bob Jones', undefined, undefined],
    ['Bob Jones', '', undefined],
    ['', 'Jane Smith', undefined],
  ])('%s paying for %s → %s', (payer, customer, expected) => {
    expect(payerNameMatch(payer, customer)).toBe(expected);
  });
});
