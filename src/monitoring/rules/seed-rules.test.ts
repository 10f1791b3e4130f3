import { describe, expect, it } from 'vitest';
import type { RuleAlert } from './alert.js';
import { compileRules } from './compile-rules.js';
import { formatRuleIssue } from './compiler.js';
import { CustomerMonitorState } from './customer-state.js';
import type { EventData, MonitoringEvent } from './event.js';
import { DEFAULT_POLICY } from '../../policy/policy.js';
import { CUSTOMER, deposit, ev } from './test-kit.js';

/** The shipped policy's seed rules (assets/policy/default.yaml). */
const SEED_RULES = DEFAULT_POLICY.monitoring.rules;

const compiled = compileRules(SEED_RULES);
if (!compiled.ok) throw new Error(compiled.errors.map(formatRuleIssue).join('\n'));
const rules = compiled.value;

/** Feeds the stream through the whole seed rule set and returns the alerts of one rule. */
function alertsOf(ruleId: string, events: readonly MonitoringEvent[]): RuleAlert[] {
  const state = new CustomerMonitorState(CUSTOMER);
  const alerts: RuleAlert[] = [];
  for (const e of events) {
    const out = rules.evaluate(e, state);
    expect(out.errors).toEqual([]);
    alerts.push(...out.alerts.filter((a) => a.ruleId === ruleId));
  }
  return alerts;
}

const ids = (...events: MonitoringEvent[]) => events.map((e) => e.id);
const withdrawal = (amount: number, at: string, extra: EventData = {}) => ev('payment.withdrawal', { amount, currency: 'EUR', ...extra }, at);
const crypto = (type: 'crypto.deposit' | 'crypto.withdrawal', address: string, at: string, extra: EventData = {}) => ev(type, { amount: 0.5, asset: 'BTC', address, ...extra }, at);
const usage = (host: string, requests: number, at: string, extra: EventData = {}) => ev('proxy.usage', { host, port: 443, requests, ...extra }, at);
const login = (success: boolean, at: string) => ev('account.login', { success }, at);

describe('seed rules', () => {
  it('compile, one per id, each with an explanation template', () => {
    expect(rules.rules.map((r) => r.id)).toEqual(SEED_RULES.map((r) => r.id));
    expect(SEED_RULES.every((r) => r.explain && r.description.length > 40)).toBe(true);
  });

  it('structuring: fires on the third deposit just under the threshold within 24h', () => {
    const [a, b, c, d, e] = [deposit(9800, '-20h'), deposit(9600, '-10h'), deposit(10000, '-3h'), ev('payment.deposit', { amount: 9700, currency: 'USD' }, '-2h'), deposit(9990, '0s')];
    const [alert, ...more] = alertsOf('structuring', [a!, b!, c!, d!, e!]);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ ruleId: 'structuring', ruleVersion: 1, severity: 'high', action: 'alert', customerId: CUSTOMER, triggeredBy: e!.id });
    expect(alert!.evidence).toEqual(ids(e!, b!, a!));
    expect(alert!.explanation).toBe('3 deposits between 9,000 and 9,999.99 EUR within 24h (sum 29,390 EUR)');
    expect(alert!.values).toEqual({ count: 3, total: 29390, currency: 'EUR' });
  });

  it('structuring: stays silent when the first deposit is more than 24h earlier', () => {
    expect(alertsOf('structuring', [deposit(9800, '-25h'), deposit(9600, '-10h'), deposit(9990, '0s')])).toEqual([]);
  });

  it('rapid_in_out: fires on a withdrawal of most of the recent deposits with little activity between', () => {
    const [d1, d2, l, w] = [deposit(500, '-30h'), deposit(1500, '-5h'), login(true, '-4h'), withdrawal(1700, '0s')];
    const [alert] = alertsOf('rapid_in_out', [d1!, d2!, l!, w!]);
    expect(alert!.evidence).toEqual(ids(w!, l!, d2!, d1!));
    expect(alert!.explanation).toBe('Withdrawal of 1,700 EUR is 85 % of the 2 deposit(s) totalling 2,000 EUR in the last 48h, with only 1 other event(s) in between');
  });

  it('rapid_in_out: stays silent when the customer used the service in between', () => {
    const stream = [deposit(500, '-30h'), deposit(1500, '-5h'), usage('a.example', 40, '-4h'), usage('a.example', 60, '-3h'), login(true, '-2h'), withdrawal(1700, '0s')];
    expect(alertsOf('rapid_in_out', stream)).toEqual([]);
  });

  it('ticket_spike: fires on a deposit over 5 times the average of at least 5 earlier ones', () => {
    const history = ['-5d', '-4d', '-3d', '-2d', '-1d'].map((at) => deposit(100, at));
    const spike = deposit(600, '0s');
    const [alert] = alertsOf('ticket_spike', [...history, spike]);
    expect(alert!.evidence).toEqual([spike.id]);
    expect(alert!.explanation).toBe("Deposit of 600 EUR is 6 times the customer's average deposit of 100 EUR (over 5 earlier deposits)");
  });

  it('ticket_spike: stays silent with only 4 earlier deposits', () => {
    expect(alertsOf('ticket_spike', [...['-4d', '-3d', '-2d', '-1d'].map((at) => deposit(100, at)), deposit(600, '0s')])).toEqual([]);
  });

  it('payer_name_mismatch: fires once per instrument within the cooldown', () => {
    const first = deposit(250, '-1h', { payerNameMatches: false, instrument: 'fp_card_9' });
    const again = deposit(80, '0s', { payerNameMatches: false, instrument: 'fp_card_9' });
    const other = withdrawal(40, '1h', { payerNameMatches: false, instrument: 'fp_iban_2' });
    const alerts = alertsOf('payer_name_mismatch', [first, again, other]);
    expect(alerts.map((a) => [a.triggeredBy, a.key])).toEqual([
      [first.id, 'fp_card_9'],
      [other.id, 'fp_iban_2'],
    ]);
    expect(alerts[0]!.evidence).toEqual([first.id]);
    expect(alerts[0]!.explanation).toBe("Payment of 250 EUR (payment.deposit) by a payer whose name is not the customer's (instrument fp_card_9)");
  });

  it("payer_name_mismatch: stays silent when the name matches or was not compared", () => {
    expect(alertsOf('payer_name_mismatch', [deposit(250, '0s', { payerNameMatches: true }), deposit(250, '1m')])).toEqual([]);
  });

  it('many_crypto_addresses: fires at the fifth address within 7 days', () => {
    const stream = [crypto('crypto.deposit', 'bc1qa', '-6d'), crypto('crypto.withdrawal', 'bc1qb', '-5d'), crypto('crypto.deposit', 'bc1qa', '-4d'), crypto('crypto.deposit', 'bc1qc', '-3d'), crypto('crypto.withdrawal', 'bc1qd', '-2d'), crypto('crypto.deposit', 'bc1qe', '0s')];
    const [alert] = alertsOf('many_crypto_addresses', stream);
    expect(alert!.triggeredBy).toBe(stream[5]!.id);
    expect(alert!.evidence).toEqual(ids(...[...stream].reverse()));
    expect(alert!.explanation).toBe('5 different crypto addresses used for deposits and withdrawals within 7 days');
  });

  it('many_crypto_addresses: stays silent when the first address is older than 7 days', () => {
    const stream = [crypto('crypto.deposit', 'bc1qa', '-8d'), crypto('crypto.withdrawal', 'bc1qb', '-5d'), crypto('crypto.deposit', 'bc1qc', '-3d'), crypto('crypto.withdrawal', 'bc1qd', '-2d'), crypto('crypto.deposit', 'bc1qe', '0s')];
    expect(alertsOf('many_crypto_addresses', stream)).toEqual([]);
  });

  it('crypto_high_risk_address: fires on a high score or a sanctioned flag', () => {
    const risky = crypto('crypto.deposit', 'bc1qrisky', '0s', { addressRisk: 80 });
    const sanctioned = crypto('crypto.deposit', 'bc1qsdn', '1m', { addressRisk: 10, addressFlags: ['sanctioned'] });
    const alerts = alertsOf('crypto_high_risk_address', [risky, sanctioned]);
    expect(alerts.map((a) => [a.severity, a.key, a.evidence])).toEqual([
      ['critical', 'bc1qrisky', [risky.id]],
      ['critical', 'bc1qsdn', [sanctioned.id]],
    ]);
    expect(alerts.map((a) => a.explanation)).toEqual([
      'Crypto deposit of 0.5 BTC from address bc1qrisky, screened with risk 80 and flags n/a',
      'Crypto deposit of 0.5 BTC from address bc1qsdn, screened with risk 10 and flags sanctioned',
    ]);
  });

  it('crypto_high_risk_address: stays silent for a moderate score without the flag', () => {
    const stream = [crypto('crypto.deposit', 'bc1qok', '0s', { addressRisk: 74, addressFlags: ['exchange'] }), crypto('crypto.withdrawal', 'bc1qw', '1m', { addressRisk: 99 })];
    expect(alertsOf('crypto_high_risk_address', stream)).toEqual([]);
  });

  it('payment_velocity: fires on the tenth payment within an hour', () => {
    const stream = Array.from({ length: 10 }, (_, i) => (i % 3 === 2 ? withdrawal(5, `${i * 6}m`) : deposit(5, `${i * 6}m`)));
    const [alert, ...more] = alertsOf('payment_velocity', stream);
    expect(more).toEqual([]);
    expect(alert!.evidence).toEqual(ids(...[...stream].reverse()));
    expect(alert!.explanation).toBe('10 payments within 1 hour');
  });

  it('payment_velocity: stays silent for ten payments over two hours', () => {
    expect(alertsOf('payment_velocity', Array.from({ length: 10 }, (_, i) => deposit(5, `${i * 13}m`)))).toEqual([]);
  });

  it('proxy_ddos: blocks a target receiving 10,000 requests within a minute', () => {
    const [a, other, b] = [usage('victim.example', 6000, '-30s'), usage('other.example', 9000, '-20s'), usage('victim.example', 5000, '0s')];
    const [alert, ...more] = alertsOf('proxy_ddos', [a!, other!, b!]);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ action: 'block_target', hours: 24, key: 'victim.example', evidence: ids(b!, a!) });
    expect(alert!.explanation).toBe('11,000 requests to victim.example within 1 minute (usually 6,000 per report, 1 report(s) of history)');
  });

  it('proxy_ddos: blocks a target at 20 times its usual rate once it has 10 reports of history', () => {
    const history = Array.from({ length: 10 }, (_, i) => usage('victim.example', 100, `-${10 - i}m`));
    const burst = usage('victim.example', 2500, '0s');
    const [alert] = alertsOf('proxy_ddos', [...history, burst]);
    expect(alert).toMatchObject({ key: 'victim.example', evidence: [burst.id] });
    expect(alert!.explanation).toBe('2,500 requests to victim.example within 1 minute (usually 100 per report, 10 report(s) of history)');
  });

  it('proxy_ddos: stays silent for the same burst with 9 reports of history', () => {
    const history = Array.from({ length: 9 }, (_, i) => usage('victim.example', 100, `-${10 - i}m`));
    expect(alertsOf('proxy_ddos', [...history, usage('victim.example', 2500, '0s')])).toEqual([]);
  });

  it('proxy_brute_force: blocks a target after 200 failed logins within 5 minutes', () => {
    const fail = (requests: number, at: string, extra: EventData) => usage('shop.example', requests, at, { status: 401, ...extra });
    const stream = [fail(80, '-4m', { method: 'POST', path: '/wp-login.php' }), usage('shop.example', 500, '-3m', { status: 200, method: 'GET', path: '/' }), fail(70, '-2m', { method: 'GET', path: '/Account/SignIn' }), fail(60, '0s', { method: 'POST', path: '/api' })];
    const [alert] = alertsOf('proxy_brute_force', stream);
    expect(alert).toMatchObject({ action: 'block_target', hours: 24, key: 'shop.example', triggeredBy: stream[3]!.id });
    expect(alert!.evidence).toEqual(ids(stream[3]!, stream[2]!, stream[0]!));
    expect(alert!.explanation).toBe('210 failed authentication requests (401/403) to shop.example within 5 minutes');
  });

  it('proxy_brute_force: stays silent for failures on ordinary pages', () => {
    const stream = [usage('shop.example', 150, '-2m', { status: 403, method: 'GET', path: '/images/1.png' }), usage('shop.example', 150, '0s', { status: 401, method: 'GET', path: '/admin' })];
    expect(alertsOf('proxy_brute_force', stream)).toEqual([]);
  });

  it('proxy_spam: suspends a customer making 20 attempts on mail ports within an hour', () => {
    const stream = [usage('mx1.example', 8, '-50m', { port: 25 }), usage('web.example', 400, '-40m'), usage('mx2.example', 7, '-30m', { port: 587 }), usage('mx1.example', 6, '0s', { port: 25 })];
    const [alert] = alertsOf('proxy_spam', stream);
    expect(alert).toMatchObject({ action: 'suspend', hours: 24, evidence: ids(stream[3]!, stream[2]!, stream[0]!) });
    expect(alert!.key).toBeUndefined();
    expect(alert!.explanation).toBe('21 connection attempts to mail ports (25, 465, 587) on 2 host(s) within 1 hour');
  });

  it('proxy_spam: stays silent below 20 attempts in the hour', () => {
    const stream = [usage('mx1.example', 8, '-70m', { port: 25 }), usage('mx2.example', 7, '-30m', { port: 587 }), usage('mx1.example', 6, '0s', { port: 25 })];
    expect(alertsOf('proxy_spam', stream)).toEqual([]);
  });

  it('proxy_scraping: fires at 50,000 requests to one host within an hour', () => {
    const stream = ['-50m', '-40m', '-30m', '-20m', '-10m', '0s'].map((at) => usage('catalog.example', 9000, at, { intervalSeconds: 600 }));
    const [alert] = alertsOf('proxy_scraping', stream);
    expect(alert).toMatchObject({ severity: 'medium', action: 'alert', key: 'catalog.example', evidence: ids(...[...stream].reverse()) });
    expect(alert!.explanation).toBe('54,000 requests to catalog.example within 1 hour');
  });

  it('proxy_scraping: stays silent for the same volume over two hours', () => {
    const stream = ['-110m', '-88m', '-66m', '-44m', '-22m', '0s'].map((at) => usage('catalog.example', 9000, at, { intervalSeconds: 600 }));
    expect(alertsOf('proxy_scraping', stream)).toEqual([]);
  });

  it('login_velocity: fires on the tenth failed login within 10 minutes', () => {
    const stream = [...Array.from({ length: 5 }, (_, i) => login(false, `${i * 50}s`)), login(true, '250s'), ...Array.from({ length: 5 }, (_, i) => login(false, `${300 + i * 50}s`))];
    const [alert, ...more] = alertsOf('login_velocity', stream);
    expect(more).toEqual([]);
    expect(alert!.evidence).toEqual(ids(...[...stream].reverse().filter((e) => e.data['success'] === false)));
    expect(alert!.explanation).toBe('10 failed logins within 10 minutes');
  });

  it('login_velocity: stays silent for nine failures', () => {
    expect(alertsOf('login_velocity', [...Array.from({ length: 9 }, (_, i) => login(false, `${i}m`)), login(true, '9m')])).toEqual([]);
  });
});
