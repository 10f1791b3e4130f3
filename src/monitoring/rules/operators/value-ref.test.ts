import { describe, expect, it } from 'vitest';
import { compileRules } from '../compile-rules.js';
import { formatRuleIssue } from '../compiler.js';
import { CustomerMonitorState } from '../customer-state.js';
import type { RuleDef } from '../rule-schema.js';
import { CUSTOMER, deposit } from '../test-kit.js';

const rule = (values: RuleDef['values'], when: RuleDef['when']): RuleDef => ({ id: 'r', version: 1, description: 'test', severity: 'low', on: ['payment.deposit'], values, when, action: 'alert' });

function issues(def: RuleDef): string[] {
  const r = compileRules([def]);
  return r.ok ? [] : r.errors.map(formatRuleIssue);
}

describe('value', () => {
  const table: Array<[string, RuleDef['values'], RuleDef['when'], boolean]> = [
    ['refers to a named value', { amount: { field: 'amount' } }, { gt: [{ value: 'amount' }, 10] }, true],
    ['lets a value use an earlier one', { amount: { field: 'amount' }, double: { mul: [2, { value: 'amount' }] } }, { eq: [{ value: 'double' }, 40] }, true],
    ['refers to a literal value', { limit: 25 }, { lt: [{ field: 'amount' }, { value: 'limit' }] }, true],
    ['is false when the condition on it fails', { amount: { field: 'amount' } }, { gt: [{ value: 'amount' }, 100] }, false],
  ];
  it.each(table)('%s', (_, values, when, fires) => {
    const compiled = compileRules([rule(values, when)]);
    if (!compiled.ok) throw new Error(compiled.errors.map(formatRuleIssue).join('\n'));
    const out = compiled.value.evaluate(deposit(20), new CustomerMonitorState(CUSTOMER));
    expect(out.alerts.length === 1).toBe(fires);
  });

  it('copies every value into the alert, lists joined and errors as null', () => {
    const compiled = compileRules([rule({ n: { count: { within: '1h', types: ['payment.deposit'] } }, ratio: { div: [1, 0] }, cur: { field: 'currency' } }, { gte: [{ value: 'n' }, 1] })]);
    if (!compiled.ok) throw new Error('compile');
    const [alert] = compiled.value.evaluate(deposit(20), new CustomerMonitorState(CUSTOMER)).alerts;
    expect(alert?.values).toEqual({ n: 1, ratio: null, cur: 'EUR' });
  });

  const bad: Array<[string, RuleDef['values'], RuleDef['when'], RegExp]> = [
    ['refuses an undeclared name', { amount: { field: 'amount' } }, { gt: [{ value: 'amont' }, 1] }, /at \/when\/gt\/0\/value: no value named amont is declared before this point \(declared: amount\)/],
    ['refuses a forward reference', { a: { value: 'b' }, b: 1 }, { eq: [{ value: 'a' }, 1] }, /at \/values\/a\/value: no value named b is declared before this point/],
    ['refuses a value inside a window where', { a: 1 }, { gt: [{ count: { within: '1h', types: ['payment.deposit'], where: { eq: [{ value: 'a' }, 1] } } }, 1] }, /value cannot be used inside a window where/],
  ];
  it.each(bad)('%s', (_, values, when, message) => {
    expect(issues(rule(values, when))).toEqual([expect.stringMatching(message)]);
  });
});
