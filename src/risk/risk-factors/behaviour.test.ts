import { describe, expect, it } from 'vitest';
import { context, pairs, profile } from '../test-fixtures.js';
import { behaviourFactors } from './behaviour.js';

const alerts = (low: number, medium: number, high: number, critical: number) => ({ low, medium, high, critical });

describe('behaviour factors', () => {
  it.each([
    ['no open alerts', alerts(0, 0, 0, 0), [], null],
    ['one low alert', alerts(1, 0, 0, 0), [['BEHAVIOUR_OPEN_ALERTS', 2]], '1 open monitoring alert(s) in the last 90 days: 1 low'],
    ['a mix under the cap', alerts(2, 1, 1, 0), [['BEHAVIOUR_OPEN_ALERTS', 24]], '4 open monitoring alert(s) in the last 90 days: 1 high, 1 medium, 2 low'],
    ['exactly the cap', alerts(0, 2, 2, 0), [['BEHAVIOUR_OPEN_ALERTS', 40]], '4 open monitoring alert(s) in the last 90 days: 2 high, 2 medium'],
    ['over the cap', alerts(0, 0, 1, 2), [['BEHAVIOUR_OPEN_ALERTS', 40]], '3 open monitoring alert(s) in the last 90 days: 2 critical, 1 high (75 points, capped at 40)'],
  ])('scores %s', (_what, openAlerts, expected, detail) => {
    const { factors } = behaviourFactors(profile({ openAlerts }), context());
    expect(pairs(factors)).toEqual(expected);
    expect(factors[0]?.detail ?? null).toBe(detail);
  });
});
