import { describe, expect, it } from 'vitest';
import { SINCE_LAST_NEVER, evalError, formatValue, toAlertValue, type Value } from './value.js';

describe('formatValue', () => {
  const table: Array<[Value, string]> = [
    [29400, '29,400'],
    [9999.994, '9,999.99'],
    [0.5, '0.5'],
    ['EUR', 'EUR'],
    [false, 'false'],
    [null, 'n/a'],
    [['sanctioned', 'mixer'], 'sanctioned, mixer'],
    [[], 'none'],
    [SINCE_LAST_NEVER, 'never'],
    [evalError('DIVISION_BY_ZERO', 'x'), 'error DIVISION_BY_ZERO'],
  ];
  it.each(table)('renders %j as %j', (v, text) => {
    expect(formatValue(v)).toBe(text);
  });
});

describe('toAlertValue', () => {
  const table: Array<[Value, unknown]> = [
    [3, 3],
    [28599.989999999998, 28599.99],
    [0.1 + 0.2, 0.3],
    ['x', 'x'],
    [true, true],
    [null, null],
    [['a', 'b'], 'a, b'],
    [evalError('TYPE_MISMATCH', 'x'), null],
  ];
  it.each(table)('flattens %j to %j', (v, out) => {
    expect(toAlertValue(v)).toEqual(out);
  });
});
