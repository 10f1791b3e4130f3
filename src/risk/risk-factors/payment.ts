import { PAYMENT_METHODS, type PaymentMethod } from '../risk-policy.js';
import type { FactorGroupRule, RiskFactor } from '../risk.js';

const MEANING: Record<PaymentMethod, string> = {
  card: 'by card',
  bank_transfer: 'by bank transfer',
  ewallet: 'with an e-wallet, which may hide the funding source',
  crypto: 'in crypto-assets, which are hard to trace to a person',
  prepaid: 'with prepaid or gift cards, which are bought anonymously',
  cash: 'in cash, which leaves no trail',
  other: 'by a method the policy does not name',
};

/**
 * How the customer pays: card and bank transfer come through institutions that did their own
 * KYC; crypto, prepaid cards and e-wallets may not. Each method counts once; a method outside
 * the known set counts as `other` rather than being dropped.
 */
export const paymentFactors: FactorGroupRule = (p, { policy }) => {
  const used = new Set(p.paymentMethods.map(methodOf));
  const factors: RiskFactor[] = [];
  for (const method of PAYMENT_METHODS) {
    const points = policy.factors.payment[method];
    if (!used.has(method) || points === 0) continue;
    factors.push({ group: 'payment', code: `PAYMENT_${method.toUpperCase()}`, points, detail: `The customer pays ${MEANING[method]}` });
  }
  return { factors, conditions: [] };
};

function methodOf(raw: string): PaymentMethod {
  const m = raw.trim().toLowerCase();
  return (PAYMENT_METHODS as readonly string[]).includes(m) ? (m as PaymentMethod) : 'other';
}
