import { describe, expect, it } from 'vitest';
import { thrownCode } from '../../test/helpers/errors.js';
import { canonicalHost } from './host.js';
import { coversName, parseGatePattern, patternMatches, requireGatePattern, specificity } from './pattern.js';

describe('parseGatePattern', () => {
  it.each([
    ['*', { kind: 'any', value: '*' }],
    ['Example.CO.UK', { kind: 'name', value: 'example.co.uk' }],
    ['.example.com', { kind: 'name', value: 'example.com' }],
    ['*.example.com', { kind: 'name', value: 'example.com' }],
    ['gov.uk', { kind: 'name', value: 'gov.uk' }],
    ['gov', { kind: 'name', value: 'gov' }],
    ['github.io', { kind: 'name', value: 'github.io' }],
    ['bücher.de', { kind: 'name', value: 'xn--bcher-kva.de' }],
    ['203.0.113.9', { kind: 'ip', value: '203.0.113.9' }],
    ['[2001:DB8::1]', { kind: 'ip', value: '2001:db8::1' }],
  ])('reads %j', (text, expected) => {
    expect(parseGatePattern(text)).toEqual(expected);
  });

  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    [' 203.0.113.0/24 ', '203.0.113.0/24'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['192.0.2.7/32', '192.0.2.7/32'],
  ])('reads the address range %j', (text, value) => {
    expect(parseGatePattern(text)).toMatchObject({ kind: 'cidr', value });
  });

  it.each(['', '**', '*.*', 'exa mple.com', 'example.com/path', '10.0.0.1/8', '10.0.0.0/33', '2001:db8::1/32', '/24'])('refuses %j', (text) => {
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

  it('matches an address range to the addresses in it, of its own family only', () => {
    const v4 = parseGatePattern('198.51.100.0/22')!;
    const v6 = parseGatePattern('2001:db8::/32')!;
    const host = (h: string) => canonicalHost(h)!;
    expect(['198.51.100.0', '198.51.103.255', '[::ffff:198.51.101.7]'].map((h) => patternMatches(v4, host(h)))).toEqual([true, true, true]);
    expect(['198.51.104.0', '198.51.99.255', '2001:db8::1', 'example.com'].map((h) => patternMatches(v4, host(h)))).toEqual([false, false, false, false]);
    expect(['2001:db8:ffff::1', '2001:db9::1', '198.51.100.1'].map((h) => patternMatches(v6, host(h)))).toEqual([true, false, false]);
    expect(specificity(parseGatePattern('198.51.100.7')!)).toBeGreaterThan(specificity(parseGatePattern('198.51.100.0/24')!));
    expect(specificity(parseGatePattern('198.51.100.0/24')!)).toBeGreaterThan(specificity(v4));
  });
});
