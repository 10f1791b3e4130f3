import { describe, expect, it } from 'vitest';
import { ev, issuesOf, valueOf } from '../test-kit.js';

const usage = (path?: string) => ev('proxy.usage', { host: 'a.example', port: 443, requests: 1, ...(path === undefined ? {} : { path }) });

describe('matches', () => {
  const table: Array<[string, unknown, string | undefined, unknown]> = [
    ['matches a pattern anywhere', { matches: [{ field: 'path' }, 'login|auth|signin'] }, '/api/v2/auth/token', true],
    ['does not match', { matches: [{ field: 'path' }, 'login|auth|signin'] }, '/products/42', false],
    ['is case-sensitive by default', { matches: [{ field: 'path' }, 'login'] }, '/LOGIN', false],
    ['takes the i flag', { matches: [{ field: 'path' }, 'login', 'i'] }, '/LOGIN', true],
    ['anchors when asked', { matches: [{ field: 'path' }, '^/login$'] }, '/login/extra', false],
    ['is unknown for an absent field', { matches: [{ field: 'path' }, 'login'] }, undefined, null],
  ];
  it.each(table)('%s', (_, expr, path, expected) => {
    expect(valueOf(expr, [usage(path)])).toBe(expected);
  });

  const issues: Array<[string, unknown, RegExp]> = [
    ['refuses a broken pattern', { matches: [{ field: 'path' }, '(login'] }, /^\/matches\/1: invalid regular expression/],
    ['refuses a pattern that is not a literal', { matches: [{ field: 'path' }, { field: 'host' }] }, /^\/matches\/1: the pattern must be a string literal/],
    ['refuses the g flag, which would make test() stateful', { matches: [{ field: 'path' }, 'x', 'g'] }, /^\/matches\/2: flags may only hold i, m, s and u/],
    ['refuses a number subject', { matches: [{ field: 'port' }, '25'] }, /^\/matches\/0: the text matched must be string/],
  ];
  it.each(issues)('%s', (_, expr, message) => {
    expect(issuesOf(expr, ['proxy.usage'])).toEqual([expect.stringMatching(message)]);
  });
});
