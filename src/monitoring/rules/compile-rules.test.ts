import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileRules } from './compile-rules.js';
import { formatRuleIssue } from './compiler.js';
import { CustomerMonitorState } from './customer-state.js';
import type { MonitoringEvent } from './event.js';
import type { RuleDef } from './rule-schema.js';
import { ruleSetSchema } from './rule-schema.js';
import { CUSTOMER, deposit, ev } from './test-kit.js';

const base: RuleDef = { id: 'big_deposit', version: 2, description: 'A large deposit', severity: 'low', on: ['payment.deposit'], when: { gte: [{ field: 'amount' }, 1000] }, action: 'alert' };
const rule = (over: Record<string, unknown>): RuleDef => ({ ...base, ...over }) as RuleDef;

function issues(rules: unknown[]): string[] {
  const r = compileRules(rules as RuleDef[]);
  return r.ok ? [] : r.errors.map(formatRuleIssue);
}

function compiled(rules: RuleDef[]) {
  const r = compileRules(rules);
  if (!r.ok) throw new Error(r.errors.map(formatRuleIssue).join('\n'));
  return r.value;
}

describe('compileRules', () => {
  const broken: Array<[string, unknown, string]> = [
    ['an unknown operator', rule({ when: { gte: [{ fild: 'amount' }, 1] } }), 'rule big_deposit at /when/gte/0/fild: unknown operator \'fild\' (did you mean field?)'],
    ['a wrong arity', rule({ when: { gte: [{ field: 'amount' }] } }), 'rule big_deposit at /when/gte: gte takes 2 arguments, got 1: gte: [a, b]'],
    ['a when that is not a condition', rule({ when: { add: [{ field: 'amount' }, 1] } }), 'rule big_deposit at /when: when must be a condition (true or false), but (amount + 1) is a number'],
    ['an unknown event type', rule({ on: ['payment.refund'] }), 'rule big_deposit at /on/0: Invalid option: expected one of "payment.deposit"|"payment.withdrawal"|"crypto.deposit"|"crypto.withdrawal"|"proxy.usage"|"account.login"'],
    ['an unparseable cooldown', rule({ cooldown: '1 day' }), 'rule big_deposit at /cooldown: must be a duration like 90s, 10m, 24h or 7d (units ms, s, m, h, d, w)'],
    ['an unparseable window', rule({ when: { gt: [{ count: { within: 'a day', types: ['payment.deposit'] } }, 1] } }), 'rule big_deposit at /when/gt/0/count/within: "a day" is not a duration like 90s, 10m, 24h or 7d (units ms, s, m, h, d, w)'],
    ['a bad id', rule({ id: 'Big-Deposit' }), 'rule Big-Deposit at /id: must be lower_snake_case, starting with a letter'],
    ['an unknown key', rule({ severity: 'low', level: 3 }), 'rule big_deposit at /: Unrecognized key: "level"'],
    ['block_target without a key', rule({ action: 'block_target', hours: 24 }), 'rule big_deposit at /key: block_target needs a key naming the target (e.g. { field: host })'],
    ['suspend without hours', rule({ action: 'suspend' }), 'rule big_deposit at /hours: action suspend needs hours'],
    ['hours on an alert', rule({ hours: 3 }), 'rule big_deposit at /hours: hours applies only to block_target and suspend'],
    ['an explain placeholder without a value', rule({ values: { amount: { field: 'amount' } }, explain: 'Deposit of {amount} {currency}' }), 'rule big_deposit at /explain: explain refers to {currency}, which is not among the rule\'s values'],
    ['a condition as key', rule({ key: { gt: [{ field: 'amount' }, 1] } }), 'rule big_deposit at /key: key must name something (a host, an address), but amount > 1 is a condition'],
    ['an operator node with two keys', rule({ when: { gt: [1, 2], lt: [1, 2] } }), 'rule big_deposit at /when: an expression is a literal or an object with exactly one operator key'],
  ];
  it.each(broken)('refuses %s with the rule id and a JSON path', (_, def, message) => {
    expect(issues([def])).toEqual([message]);
  });

  it('reports every problem of every rule at once', () => {
    const out = issues([rule({ when: { gt: [{ field: 'amout' }, 'x'] } }), rule({ id: 'second', on: [] }), rule({})]);
    expect(out).toEqual([
      'rule big_deposit at /when/gt/0/field: no field amout on payment.deposit (did you mean amount?)',
      'rule second at /on: Too small: expected array to have >=1 items',
      'rule big_deposit at /id: another rule already has the id big_deposit',
    ]);
  });

  it('names a rule without a usable id by its position', () => {
    expect(issues([{ ...base, id: 7 }])[0]).toMatch(/^rule #1 at \/id: /);
  });

  it('checks disabled rules against the schema only, and does not run them', () => {
    const set = compiled([rule({ enabled: false }), rule({ id: 'other', when: { gte: [{ field: 'amount' }, 1] } })]);
    expect(set.rules.map((r) => r.id)).toEqual(['other']);
    expect(issues([rule({ enabled: false, severity: 'urgent' })])).toHaveLength(1);
  });

  it('exposes the longest window, the baselines and the event types the rules read', () => {
    const set = compiled([
      rule({ when: { gt: [{ count: { within: '7d', types: ['crypto.deposit'] } }, 1] } }),
      rule({ id: 'spike', when: { gt: [{ field: 'amount' }, { coalesce: [{ baseline: { name: 'avg', of: 'amount', types: ['payment.deposit'], alpha: 0.5 } }, 0] }] } }),
    ]);
    expect(set.maxWindowMs).toBe(7 * 86_400_000);
    expect(set.baselines).toEqual([{ name: 'avg', of: 'amount', types: ['payment.deposit'], alpha: 0.5, key: null }]);
    expect(set.eventTypes).toEqual(['payment.deposit', 'crypto.deposit']);
  });

  it('compiles rules written in YAML', () => {
    const yaml = `
- id: structuring
  version: 1
  description: Several deposits just under the reporting threshold within 24 hours
  severity: high
  on: [payment.deposit]
  values:
    count: { count: { within: 24h, types: [payment.deposit], where: { between: [{ field: amount }, 9000, 9999.99] } } }
  when:
    all:
      - between: [{ field: amount }, 9000, 9999.99]
      - gte: [{ value: count }, 3]
  action: alert
  cooldown: 24h
  explain: "{count} deposits just under 10,000"
`;
    const rules = ruleSetSchema.parse(parse(yaml));
    const set = compiled(rules);
    const state = new CustomerMonitorState(CUSTOMER);
    const alerts = [deposit(9100, '-2h'), deposit(9200, '-1h'), deposit(9300, '0s')].flatMap((e) => set.evaluate(e, state).alerts);
    expect(alerts.map((a) => a.explanation)).toEqual(['3 deposits just under 10,000']);
  });
});

describe('CompiledRuleSet.evaluate', () => {
  it('reports a rule whose condition fails to evaluate, without firing it or stopping the others', () => {
    const set = compiled([rule({ id: 'broken', when: { gt: [{ div: [{ field: 'amount' }, { sub: [{ field: 'amount' }, 2000] }] }, 1] } }), rule({})]);
    const e = deposit(2000);
    const out = set.evaluate(e, new CustomerMonitorState(CUSTOMER));
    expect(out.alerts.map((a) => a.ruleId)).toEqual(['big_deposit']);
    expect(out.errors).toEqual([{ ruleId: 'broken', ruleVersion: 2, eventId: e.id, code: 'DIVISION_BY_ZERO', message: 'division of 2000 by zero' }]);
  });

  it('explains a rule without a template from the values it compared', () => {
    const set = compiled([rule({ when: { all: [{ gte: [{ count: { within: '1h', types: ['payment.deposit'] } }, 2] }, { any: [{ eq: [{ field: 'method' }, 'cash'] }, { gt: [{ field: 'amount' }, 1000] }] }] } })]);
    const state = new CustomerMonitorState(CUSTOMER);
    set.evaluate(deposit(10, '-5m'), state);
    const [alert] = set.evaluate(deposit(1500, '0s', { method: 'card' }), state).alerts;
    expect(alert!.explanation).toBe('count(payment.deposit within 1h) (2) ≥ 2 and amount (1,500) > 1,000');
    expect(alert!.values).toEqual({});
  });

  it('holds a fired rule back for the cooldown, per key', () => {
    const set = compiled([rule({ on: ['proxy.usage'], when: { gt: [{ field: 'requests' }, 100] }, key: { field: 'host' }, cooldown: '1h', action: 'block_target', hours: 2 })]);
    const state = new CustomerMonitorState(CUSTOMER);
    const fired = [
      ['a.example', '0s'],
      ['a.example', '30m'],
      ['b.example', '31m'],
      ['a.example', '61m'],
    ].map(([host, at]) => set.evaluate(ev('proxy.usage', { host: host!, port: 443, requests: 500 }, at), state).alerts.map((a) => [a.key, a.action, a.hours]));
    expect(fired).toEqual([[['a.example', 'block_target', 2]], [], [['b.example', 'block_target', 2]], [['a.example', 'block_target', 2]]]);
  });

  it('does not evaluate a rule without a key while its cooldown runs, so its condition can fail only outside it', () => {
    const set = compiled([rule({ id: 'ratio', when: { gt: [{ div: [{ field: 'amount' }, { sub: [{ field: 'amount' }, 2000] }] }, 1] }, cooldown: '1h' })]);
    const state = new CustomerMonitorState(CUSTOMER);
    const outcomes = [deposit(3000, '0s'), deposit(2000, '30m'), deposit(2000, '61m')].map((e) => set.evaluate(e, state)).map((o) => [o.alerts.length, o.errors.map((e) => e.code)]);
    expect(outcomes).toEqual([[1, []], [0, []], [0, ['DIVISION_BY_ZERO']]]);
  });

  it('caps the evidence at 50 ids, the triggering event and the newest others', () => {
    const set = compiled([rule({ when: { gte: [{ count: { within: '1d', types: ['payment.deposit'] } }, 60] } })]);
    const state = new CustomerMonitorState(CUSTOMER);
    const events = Array.from({ length: 60 }, (_, i) => deposit(1, i * 1000));
    const alerts = events.flatMap((e) => set.evaluate(e, state).alerts);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.evidence).toEqual(events.slice(10).reverse().map((e) => e.id));
  });

  it('refuses a state that belongs to another customer', () => {
    const set = compiled([rule({})]);
    const out = set.evaluate(deposit(5000), new CustomerMonitorState('cus_other'));
    expect(out.alerts).toEqual([]);
    expect(out.errors[0]).toMatchObject({ code: 'STATE_MISMATCH' });
  });

  it('refuses a malformed event instead of throwing', () => {
    const set = compiled([rule({})]);
    const bad = { ...deposit(5000), data: null } as unknown as MonitoringEvent;
    expect(set.evaluate(bad, new CustomerMonitorState(CUSTOMER)).errors[0]).toMatchObject({ code: 'EVENT_MALFORMED' });
  });

  it('updates baselines after the rules saw the event', () => {
    const set = compiled([rule({ values: { avg: { baseline: { name: 'avg', of: 'amount', types: ['payment.deposit'], alpha: 1 } } }, when: { eq: [{ coalesce: [{ value: 'avg' }, -1] }, -1] } })]);
    const state = new CustomerMonitorState(CUSTOMER);
    expect(set.evaluate(deposit(10, '-1m'), state).alerts).toHaveLength(1);
    expect(set.evaluate(deposit(20), state).alerts).toHaveLength(0);
    expect(state.baseline('avg', '')).toEqual({ avg: 20, n: 2, at: expect.any(Number) });
  });
});
