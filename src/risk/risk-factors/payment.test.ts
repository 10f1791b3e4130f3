import { describe, expect, it } from 'vitest';
import { context, pairs, profile } from '../test-fixtures.js';
import { paymentFactors } from './payment.js';

describe('payment factors', () => {
  it.each([
    ['card and bank transfer', ['card', 'bank_transfer'], []],
    ['no payment method yet', [], []],
    ['crypto', ['crypto'], [['PAYMENT_CRYPTO', 20]]],
    ['prepaid cards', ['prepaid'], [['PAYMENT_PREPAID', 20]]],
    ['an e-wallet', ['ewallet'], [['PAYMENT_EWALLET', 10]]],
    ['cash', ['cash'], [['PAYMENT_CASH', 15]]],
    ['several, in the fixed method order', ['crypto', 'card', 'ewallet', 'CRYPTO'], [['PAYMENT_EWALLET', 10], ['PAYMENT_CRYPTO', 20]]],
    ['an unknown method, as other once', ['gift_card', 'other', 'barter'], [['PAYMENT_OTHER', 10]]],
  ])('scores %s', (_what, paymentMethods, expected) => {
    expect(pairs(paymentFactors(profile({ paymentMethods }), context()).factors)).toEqual(expected);
  });
});
