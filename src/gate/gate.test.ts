import { describe, expect, it } from 'vitest';
import { loadGateCategories } from './categories.js';
import { Gate, type GateCheckInput, type GateCustomer } from './gate.js';
import { DEFAULT_GATE_POLICY, GatePolicySchema, type GatePolicyInput } from './gate-policy.js';
import type { CustomerGateOverride } from './overrides.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const LATER = NOW + 3_600_000;
const EARLIER = NOW - 1;

const CATEGORIES = new Map<string, string[]>([
  ['government', ['gov', 'gov.uk']],
  ['banking', ['bank', 'examplebank.com']],
  ['payment', ['pay.shop.example']],
  ['social_media', ['social.example']],
  ['ecommerce', ['shop.example']],
  ['ticketing', ['tickets.example']],
  ['news', ['news.example']],
  ['idn', ['xn--bcher-kva.de']],
]);

const VERIFIED: GateCustomer = { id: 'cus_v', status: 'verified', service: true, targetClasses: ['general', 'social', 'ecommerce'] };
const BASIC: GateCustomer = { id: 'cus_b', status: 'not_verified', service: true, targetClasses: ['general'] };
const SUSPENDED: GateCustomer = { id: 'cus_s', status: 'suspended', service: false, targetClasses: [] };

function gate(policy: GatePolicyInput = {}): Gate {
  return new Gate(GatePolicySchema.parse({ allow: ['allowed.gov.uk', 'x.denied.example'], deny: ['denied.example', '9.9.9.9'], ...policy }), CATEGORIES);
}

function rule(pattern: string, effect: 'allow' | 'deny', until: number | null = null): CustomerGateOverride {
  return { pattern, effect, until, reason: `${effect} ${pattern}`, source: 'operator' };
}

function code(input: Partial<GateCheckInput>, policy?: GatePolicyInput): string {
  return gate(policy).check({ customer: VERIFIED, host: 'example.org', port: 443, now: NOW, ...input }).code;
}

describe('Gate precedence', () => {
  it.each<[string, Partial<GateCheckInput>, string]>([
    ['an invalid host beats an unknown customer', { customer: undefined, host: 'not a host' }, 'invalid_target'],
    ['an invalid port beats an unknown customer', { customer: undefined, port: 0 }, 'invalid_target'],
    ['an unknown customer beats a private target', { customer: undefined, host: '127.0.0.1' }, 'customer_unknown'],
    ['a customer not served beats their allow rules', { customer: SUSPENDED, overrides: [rule('*', 'allow')] }, 'customer_not_served'],
    ['a temporary block beats the customer allow rule', { host: 'example.org', overrides: [rule('example.org', 'allow'), rule('*', 'deny', LATER)] }, 'temporary_block'],
    ['a temporary block beats a private target', { host: '10.0.0.1', overrides: [rule('*', 'deny', LATER)] }, 'temporary_block'],
    ['a private target beats the customer allow rule', { host: '127.0.0.1', overrides: [rule('*', 'allow')] }, 'private_target'],
    ['a private target beats the port policy', { host: '127.0.0.1', port: 25 }, 'private_target'],
    ['the port policy beats the customer allow rule', { host: 'example.org', port: 25, overrides: [rule('example.org', 'allow')] }, 'port_blocked'],
    ['the port policy beats the customer deny rule', { host: 'example.org', port: 25, overrides: [rule('example.org', 'deny')] }, 'port_blocked'],
    ['the customer allow rule beats their deny rule, operator deny and categories', { host: 'denied.example', overrides: [rule('denied.example', 'allow'), rule('*', 'deny')] }, 'customer_allowed'],
    ['the customer deny rule beats the operator allow list', { host: 'www.allowed.gov.uk', overrides: [rule('allowed.gov.uk', 'deny')] }, 'customer_blocked'],
    ['the port policy beats the operator deny list', { host: 'denied.example', port: 25 }, 'port_blocked'],
    ['the operator deny list beats the operator allow list', { host: 'x.denied.example' }, 'operator_denied'],
    ['the operator allow list beats a blocked category', { host: 'www.allowed.gov.uk' }, 'operator_allowed'],
    ['a blocked category beats class entitlement', { customer: BASIC, host: 'pay.shop.example' }, 'category_blocked'],
    ['a missing target class denies', { customer: BASIC, host: 'www.shop.example' }, 'class_not_entitled'],
    ['anything else is allowed', { host: 'example.org' }, 'allowed'],
  ])('%s', (_name, input, expected) => {
    expect(code(input)).toBe(expected);
  });
});

describe('Gate decisions', () => {
  it('explains a blocked category with the closest listing', () => {
    expect(gate().check({ customer: VERIFIED, host: 'WWW.HMRC.GOV.UK.', port: 443 })).toEqual({
      action: 'deny',
      code: 'category_blocked',
      reason: 'www.hmrc.gov.uk is in the blocked category government (gov.uk)',
      category: 'government',
      matched: 'gov.uk',
    });
  });

  it('matches public-suffix entries on label boundaries only', () => {
    expect(code({ host: 'www.irs.gov' })).toBe('category_blocked');
    expect(code({ host: 'gov.example.com' })).toBe('allowed');
    expect(code({ host: 'governor.com' })).toBe('allowed');
    expect(code({ host: 'notexamplebank.com' })).toBe('allowed');
    expect(code({ host: 'my.examplebank.com' })).toBe('category_blocked');
  });

  it('lets verified customers reach class-gated categories and names the category', () => {
    const decision = gate().check({ customer: VERIFIED, host: 'm.social.example', port: 443 });
    expect(decision).toMatchObject({ action: 'allow', code: 'allowed', category: 'social_media', matched: 'social.example' });
    expect(code({ customer: BASIC, host: 'tickets.example' })).toBe('class_not_entitled');
  });

  it('accepts any one of the classes a category is listed under', () => {
    const policy = { classCategories: { social: ['social_media'], premium: ['social_media'] } };
    expect(code({ customer: { ...BASIC, targetClasses: ['premium'] }, host: 'social.example' }, policy)).toBe('allowed');
    expect(code({ customer: BASIC, host: 'social.example' }, policy)).toBe('class_not_entitled');
  });

  it('matches IDN hosts against punycode entries', () => {
    expect(gate().check({ customer: VERIFIED, host: 'www.Bücher.de', port: 443 })).toMatchObject({ category: 'idn', matched: 'xn--bcher-kva.de' });
  });

  it('denies private addresses in every spelling, and allows them when the policy says so', () => {
    for (const host of ['127.0.0.1', '127.1', '0x7f000001', '[::1]', '::ffff:192.168.0.1', 'localhost', 'db.internal', '169.254.169.254']) {
      expect(code({ host }), host).toBe('private_target');
    }
    expect(code({ host: '10.0.0.1' }, { blockPrivateTargets: false })).toBe('allowed');
  });

  it('puts IP literals in the ip_literal category, which policy may block or gate', () => {
    expect(gate().check({ customer: VERIFIED, host: '8.8.8.8', port: 443 })).toMatchObject({ code: 'allowed', category: 'ip_literal' });
    expect(code({ host: '8.8.8.8' }, { blockedCategories: ['ip_literal'] })).toBe('category_blocked');
    expect(code({ customer: BASIC, host: '[2606:4700::1111]' }, { classCategories: { ip: ['ip_literal'] } })).toBe('class_not_entitled');
    expect(code({ host: '9.9.9.9' })).toBe('operator_denied');
  });

  it('applies an operator-wide * deny to everything a customer rule does not allow', () => {
    expect(code({ host: 'example.org' }, { deny: ['*'] })).toBe('operator_denied');
    expect(code({ host: 'example.org', overrides: [rule('example.org', 'allow')] }, { deny: ['*'] })).toBe('customer_allowed');
  });
});

describe('Gate ports', () => {
  it('blocks SMTP for everyone and keeps login and mail ports for verified customers', () => {
    expect(code({ port: 25 })).toBe('port_blocked');
    expect(code({ customer: BASIC, port: 22 })).toBe('port_requires_verification');
    expect(code({ customer: BASIC, port: 587 })).toBe('port_requires_verification');
    expect(code({ customer: VERIFIED, port: 22 })).toBe('allowed');
    expect(code({ customer: BASIC, port: 8443 })).toBe('allowed');
  });

  it('limits ports to an allowed list with ranges, a blocked port staying blocked', () => {
    const policy = { ports: { allowed: [80, 443, '8000-8999'], blocked: [25, 8025] } };
    expect(code({ port: 8080 }, policy)).toBe('allowed');
    expect(code({ port: 8025 }, policy)).toBe('port_blocked');
    expect(code({ port: 9000 }, policy)).toBe('port_not_allowed');
    expect(code({ port: 25 }, policy)).toBe('port_blocked');
  });

  it.each([0, -1, 65536, 1.5, Number.NaN])('refuses port %s as an invalid target', (port) => {
    expect(code({ port })).toBe('invalid_target');
  });

  // Customer rules name targets: an allow rule lifts categories and operator denials, never the port policy.
  const allowOnly = { ports: { allowed: [80, 443] } };
  it.each<[string, Partial<GateCheckInput>, GatePolicyInput | undefined, string]>([
    ['SMTP to an allowed domain', { host: 'facebook.com', port: 25, overrides: [rule('facebook.com', 'allow')] }, undefined, 'port_blocked'],
    ['SMTP to an MX host under an allow for *', { host: 'gmail-smtp-in.l.google.com', port: 25, overrides: [rule('*', 'allow')] }, undefined, 'port_blocked'],
    ['SMTP to an IP under an allow for *', { host: '8.8.8.8', port: 25, overrides: [rule('*', 'allow')] }, undefined, 'port_blocked'],
    ['SMTP to an allowed address range', { host: '8.8.8.8', port: 25, overrides: [rule('8.8.8.0/24', 'allow')] }, undefined, 'port_blocked'],
    ['a database port for an unverified customer under an allow for *', { customer: BASIC, host: 'example.org', port: 3306, overrides: [rule('*', 'allow')] }, undefined, 'port_requires_verification'],
    ['a login port for an unverified customer under an allowed domain', { customer: BASIC, host: 'example.org', port: 22, overrides: [rule('example.org', 'allow')] }, undefined, 'port_requires_verification'],
    ['a port outside the allowed list under an allow for *', { host: 'example.org', port: 8080, overrides: [rule('*', 'allow')] }, allowOnly, 'port_not_allowed'],
    ['a database port for a verified customer under an allow for *', { host: 'example.org', port: 3306, overrides: [rule('*', 'allow')] }, undefined, 'customer_allowed'],
    ['a blocked category on an open port under an allowed domain', { customer: BASIC, host: 'www.irs.gov', port: 8443, overrides: [rule('irs.gov', 'allow')] }, undefined, 'customer_allowed'],
    ['an allowed port under an allow for *, with an allowed list', { host: 'denied.example', port: 443, overrides: [rule('*', 'allow')] }, allowOnly, 'customer_allowed'],
  ])('holds the port policy against customer allow rules: %s', (_name, input, policy, expected) => {
    expect(code(input, policy)).toBe(expected);
  });
});

describe('Gate customer rules', () => {
  it('applies address ranges on the operator lists and in customer rules, the narrowest rule first', () => {
    const policy = { deny: ['93.184.216.0/24'], allow: ['93.184.216.128/25'] };
    expect(code({ host: '93.184.216.7' }, policy)).toBe('operator_denied');
    expect(code({ host: '93.184.217.7' }, policy)).toBe('allowed');
    expect(code({ host: '93.184.216.200' }, { deny: ['93.184.216.0/24'] })).toBe('operator_denied');
    const overrides = [rule('151.101.64.0/24', 'deny', LATER), rule('2a00:1450::/32', 'deny'), rule('151.101.64.9', 'allow')];
    expect(code({ host: '151.101.64.77', overrides })).toBe('temporary_block');
    expect(code({ host: '[2a00:1450:4001::5]', overrides })).toBe('customer_blocked');
    expect(code({ host: '151.101.65.77', overrides })).toBe('allowed');
    const narrow = [rule('151.101.0.0/16', 'deny'), rule('151.101.64.0/24', 'deny')];
    expect(gate().check({ customer: VERIFIED, host: '151.101.64.1', port: 443, now: NOW, overrides: narrow }).reason).toContain('151.101.64.0/24');
  });

  it('ignores expired rules', () => {
    expect(code({ overrides: [rule('*', 'deny', EARLIER)] })).toBe('allowed');
    expect(code({ host: 'denied.example', overrides: [rule('denied.example', 'allow', EARLIER)] })).toBe('operator_denied');
  });

  it('reports the temporary block with its source and end', () => {
    const block = { pattern: 'example.org', effect: 'deny', until: LATER, reason: 'DDoS pattern from this customer', source: 'monitoring:proxy_ddos' } as const;
    expect(gate().check({ customer: VERIFIED, host: 'api.example.org', port: 443, overrides: [block], now: NOW })).toEqual({
      action: 'deny',
      code: 'temporary_block',
      reason: 'The customer is blocked from example.org until 2026-03-01T13:00:00.000Z: DDoS pattern from this customer',
      matched: 'example.org',
      source: 'monitoring:proxy_ddos',
      until: LATER,
    });
  });

  it('reports the most specific matching rule and reads patterns as hosts are read', () => {
    const overrides = [rule('*', 'deny'), rule('WWW.Example.ORG.', 'allow'), rule('not a pattern', 'allow')];
    expect(gate().check({ customer: VERIFIED, host: 'www.example.org', port: 443, overrides })).toMatchObject({ code: 'customer_allowed', matched: 'WWW.Example.ORG.' });
    expect(gate().check({ customer: VERIFIED, host: 'other.example.org', port: 443, overrides })).toMatchObject({ code: 'customer_blocked', matched: '*' });
  });

  it('uses the clock when no time is passed', () => {
    const g = gate();
    expect(g.check({ customer: VERIFIED, host: 'example.org', port: 443, overrides: [rule('*', 'deny', Date.now() + 60_000)] }).code).toBe('temporary_block');
    expect(g.check({ customer: VERIFIED, host: 'example.org', port: 443, overrides: [rule('*', 'deny', Date.now() - 1)] }).code).toBe('allowed');
  });
});

describe('Gate host cache', () => {
  it('stays within its bound and keeps answering correctly after evictions', () => {
    const g = gate({ hostCacheSize: 3 });
    for (let i = 0; i < 20; i++) expect(g.check({ customer: VERIFIED, host: `h${i}.gov.uk`, port: 443 }).code).toBe('category_blocked');
    expect(g.cachedHosts).toBeLessThanOrEqual(3);
    expect(g.cachedHosts).toBeGreaterThan(0);
    expect(g.check({ customer: VERIFIED, host: 'h0.gov.uk', port: 443 }).code).toBe('category_blocked');
  });

  it('hands out the same frozen decision for a repeated host', () => {
    const g = gate();
    const first = g.check({ customer: VERIFIED, host: 'example.org', port: 443 });
    expect(g.check({ customer: VERIFIED, host: 'example.org', port: 443 })).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('can run without a cache', () => {
    const g = gate({ hostCacheSize: 0 });
    expect(g.check({ customer: VERIFIED, host: 'www.irs.gov', port: 443 }).code).toBe('category_blocked');
    expect(g.cachedHosts).toBe(0);
  });
});

describe('Gate with the bundled categories and default policy', () => {
  const customers = { VERIFIED, BASIC };
  it.each<[string, keyof typeof customers, string, string | undefined]>([
    ['www.hmrc.gov.uk', 'VERIFIED', 'category_blocked', 'government'],
    ['www.army.mod.uk', 'VERIFIED', 'category_blocked', 'military'],
    ['secure.chase.com', 'VERIFIED', 'category_blocked', 'banking'],
    ['online.hsbc', 'VERIFIED', 'category_blocked', 'banking'],
    ['www.paypal.com', 'VERIFIED', 'category_blocked', 'payment'],
    ['pay.amazon.com', 'VERIFIED', 'category_blocked', 'payment'],
    ['www.ercot.com', 'VERIFIED', 'category_blocked', 'critical_infrastructure'],
    ['www.instagram.com', 'BASIC', 'class_not_entitled', 'social_media'],
    ['www.instagram.com', 'VERIFIED', 'allowed', 'social_media'],
    ['www.amazon.de', 'BASIC', 'class_not_entitled', 'ecommerce'],
    ['www.ticketmaster.co.uk', 'BASIC', 'class_not_entitled', 'ticketing'],
    ['news.ycombinator.com', 'BASIC', 'allowed', undefined],
  ])('%s for a %s customer → %s', async (host, customer, expected, category) => {
    const { categories } = await loadGateCategories();
    const decision = new Gate(DEFAULT_GATE_POLICY, categories).check({ customer: customers[customer], host, port: 443 });
    expect(decision.code).toBe(expected);
    expect(decision.category).toBe(category);
  });
});
