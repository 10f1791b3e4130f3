import { describe, expect, it } from 'vitest';
import { thrownCode } from '../../test/helpers/errors.js';
import { canonicalHost } from './host.js';
import { coversName, parseGatePattern, patternMatches, requireGatePattern } from './pattern.js';

describe('parseGatePattern', () => {
  it.each([
    ['*', { kind: 'any', value: '*' }],
    ['Example.CO.UK', { kind: 'name', value: 'example.co.uk', publicSuffix: false }],
    ['.example.com', { kind: 'name', value: 'example.com', publicSuffix: false }],
    ['*.example.com', { kind: 'name', value: 'example.com', publicSuffix: false }],
    ['gov.uk', { kind: 'name', value: 'gov.uk', publicSuffix: true }],
    ['gov', { kind: 'name', value: 'gov', publicSuffix: true }],
    ['github.io', { kind: 'name', value: 'github.io', publicSuffix: true }],
    ['bücher.de', { kind: 'name', value: 'xn--bcher-kva.de', publicSuffix: false }],
    ['203.0.113.9', { kind: 'ip', value: '203.0.113.9' }],
    ['[2001:DB8::1]', { kind: 'ip', value: '2001:db8::1' }],
  ])('reads %j', (text, expected) => {
    expect(parseGatePattern(text)).toEqual(expected);
  });

  it.each(['', '**', '*.*', 'exa mple.com', 'example.com/path', '10.0.0.0/8'])('refuses %j', (text) => {
    expect(parseGatePattern(text)).toBeNull();
  });

  it('throws GATE_PATTERN_INVALID for a typed rule that is not a target', () => {
    expect(thrownCode(() => requireGatePattern('not a host'))).toBe('GATE_PATTERN_INVALID');
  });
});

describe('pattern matching', () => {
  it.each([
    ['example.co.uk', 'example.co.uk', true],
    ['example.co.uk', 'a.b.example.co.uk', true],
    ['example.co.uk', 'co.uk', false],
    ['example.co.uk', 'badexample.co.uk', false],
    ['example.co.uk', 'example.co.uk.evil.com', false],
    ['gov.uk', 'www.hmrc.gov.uk', true],
    ['gov', 'www.irs.gov', true],
    ['gov', 'gov.uk', false],
  ])('%s covers %s: %s', (suffix, host, expected) => {
    expect(coversName(suffix, host)).toBe(expected);
  });

  it('matches addresses only exactly, never as suffixes', () => {
    const ip = parseGatePattern('192.0.2.4')!;
    expect(patternMatches(ip, canonicalHost('192.0.2.4')!)).toBe(true);
    expect(patternMatches(ip, canonicalHost('1.192.0.2.4.example.com')!)).toBe(false);
    expect(patternMatches(parseGatePattern('example.com')!, canonicalHost('192.0.2.4')!)).toBe(false);
    expect(patternMatches(parseGatePattern('*')!, canonicalHost('192.0.2.4')!)).toBe(true);
  });
});
