import { describe, expect, it } from 'vitest';
import type { MonitoringEvent } from '../event.js';
import { deposit, ev, issuesOf, valueOf } from '../test-kit.js';

const crypto = (flags?: string[]) => ev('crypto.deposit', { amount: 1, asset: 'BTC', address: 'bc1q', ...(flags ? { addressFlags: flags } : {}) });
const usage = ev('proxy.usage', { host: 'a.example', port: 465, requests: 1 });

describe('in', () => {
  const table: Array<[string, unknown, MonitoringEvent[], unknown]> = [
    ['finds a number in a literal list', { in: [{ field: 'port' }, [25, 465, 587]] }, [usage], true],
    ['misses a number not in the list', { in: [{ field: 'port' }, [80, 443]] }, [usage], false],
    ['finds a string in a literal list', { in: [{ field: 'currency' }, ['EUR', 'USD']] }, [deposit(1)], true],
    ['looks a literal up in a list field', { in: ['sanctioned', { field: 'addressFlags' }] }, [crypto(['mixer', 'sanctioned'])], true],
    ['misses in a list field', { in: ['sanctioned', { field: 'addressFlags' }] }, [crypto([])], false],
    ['is unknown when the list field is absent', { in: ['sanctioned', { field: 'addressFlags' }] }, [crypto()], null],
    ['is unknown when the value is absent', { in: [{ field: 'method' }, ['card']] }, [deposit(1)], null],
  ];
  it.each(table)('%s', (_, expr, events, expected) => {
    expect(valueOf(expr, events)).toBe(expected);
  });

  const issues: Array<[string, unknown, RegExp]> = [
    ['refuses a scalar as the list', { in: [{ field: 'currency' }, 'EUR'] }, /^\/in\/1: in's second operand must be list/],
    ['refuses items of another type than the value', { in: [{ field: 'currency' }, ['EUR', 3]] }, /^\/in\/1\/1: the list holds number 3 but currency is string/],
    ['refuses an expression inside a list literal', { in: [{ field: 'currency' }, [{ field: 'currency' }]] }, /^\/in\/1\/0: a list literal holds only numbers, strings and booleans/],
  ];
  it.each(issues)('%s', (_, expr, message) => {
    expect(issuesOf(expr)).toEqual([expect.stringMatching(message)]);
  });
});
