import type { Condition, FactorGroupRule, RiskFactor } from '../risk.js';

const DAY_MS = 86_400_000;

/** What each sign-up code means, so the score's explanation reads as sentences, not codes. */
const SIGNUP_MEANING: Record<string, string> = {
  SIGNUP_DISPOSABLE_EMAIL: 'signed up with a disposable email address',
  SIGNUP_EMAIL_NO_MX: 'signed up with an email domain that accepts no mail',
  SIGNUP_TOR: 'signed up from a Tor exit node',
  SIGNUP_VPN: 'signed up through a VPN',
  SIGNUP_DATACENTER: 'signed up from a data-centre IP address',
  SIGNUP_VOIP_PHONE: 'gave a VoIP phone number',
  SIGNUP_COUNTRY_MISMATCH: 'gave declared, IP and phone countries that disagree',
  SIGNUP_VELOCITY_IP: 'signed up from an IP address used for many sign-ups',
  SIGNUP_VELOCITY_NETWORK: 'signed up from a network used for many sign-ups',
  SIGNUP_VELOCITY_DEVICE: 'signed up from a device used for many sign-ups',
  SIGNUP_VELOCITY_EMAIL: 'signed up with an email address used for many sign-ups',
  SIGNUP_LINKED_ACCOUNT: 'shares a device, contact or payment fingerprint with other customers',
  SIGNUP_LINKED_TO_BLOCKED: 'is linked to a restricted, suspended or offboarded customer',
  SIGNUP_EXISTING_CUSTOMER_BLOCKED: 'signed up again under the reference of a blocked customer',
  SIGNUP_MINFRAUD_HIGH: 'had a high minFraud risk score at sign-up',
};

/** Whole days since the account was created; a clock behind the record counts as day 0. */
export function accountAgeDays(createdAt: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(createdAt)) / DAY_MS));
}

/**
 * Who the customer is: how new the account is, what the sign-up gate saw, whether a company's
 * owners are known, PEP status and a confirmed sanctions match. Factors come in that order,
 * sign-up codes sorted, so the same customer always explains alike.
 */
export const customerFactors: FactorGroupRule = (p, { policy, now }) => {
  const rules = policy.factors.customer;
  const factors: RiskFactor[] = [];
  const conditions: Condition[] = [];
  const add = (code: string, points: number, detail: string) => {
    if (points > 0) factors.push({ group: 'customer', code, points, detail });
  };

  const age = accountAgeDays(p.createdAt, now);
  const band = rules.accountAge.find((b) => age < b.underDays);
  if (band) add('CUSTOMER_NEW_ACCOUNT', band.points, `The account is ${age} day(s) old, under ${band.underDays} days`);
  if (p.type === 'company') {
    add('CUSTOMER_COMPANY', rules.company, 'The customer is a legal entity: the people behind it must be known too');
    if (p.uboCount === null || p.uboCount === undefined) add('CUSTOMER_UBO_UNKNOWN', rules.uboUnknown, 'The company’s beneficial owners are not established yet');
  }
  if (p.pep) {
    const detail = 'The customer is a politically exposed person';
    add('CUSTOMER_PEP', rules.pep, detail);
    conditions.push({ condition: 'pep', code: 'CUSTOMER_PEP', detail });
  }
  if (p.sanctionsConfirmed) {
    const detail = 'A sanctions screening hit on the customer (or one of its directors or beneficial owners) was confirmed as a true match';
    add('CUSTOMER_SANCTIONS_CONFIRMED', rules.sanctionsConfirmed, detail);
    conditions.push({ condition: 'sanctionsConfirmed', code: 'CUSTOMER_SANCTIONS_CONFIRMED', detail });
  }
  for (const code of [...new Set(p.signupFactors)].sort()) {
    if (!Object.hasOwn(rules.signup, code)) continue;
    add(code, rules.signup[code] ?? 0, `The customer ${SIGNUP_MEANING[code] ?? `was flagged ${code} by the sign-up gate`}`);
  }
  return { factors, conditions };
};
