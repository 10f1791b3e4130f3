import { describe, expect, it } from 'vitest';
import { formatIp } from './ip-format.js';
import { RangeList, RangeSet } from './ip-ranges.js';

/** Builds a set from `cidr` or `start-end` strings, each labelled with its own text. */
function setOf(...ranges: string[]): RangeSet<string> {
  const list = new RangeList<string>();
  for (const range of ranges) {
    const [start, end] = range.split('-');
    const problem = end === undefined ? list.addCidr(range, range) : list.addRange(start!, end, range);
    if (problem) throw new Error(problem);
  }
  return RangeSet.build([list]);
}

describe('RangeSet', () => {
  it('finds the first and last address of a range, and nothing either side', () => {
    const set = setOf('10.0.0.0/24', '2001:db8::/48');
    expect(set.find('10.0.0.0')).toBe('10.0.0.0/24');
    expect(set.find('10.0.0.255')).toBe('10.0.0.0/24');
    expect(set.find('9.255.255.255')).toBeNull();
    expect(set.find('10.0.1.0')).toBeNull();
    expect(set.find('2001:db8::')).toBe('2001:db8::/48');
    expect(set.find('2001:db8:0:ffff:ffff:ffff:ffff:ffff')).toBe('2001:db8::/48');
    expect(set.find('2001:db8:1::')).toBeNull();
    expect(set.find('2001:db7:ffff:ffff:ffff:ffff:ffff:ffff')).toBeNull();
  });

  it('lets the most specific range win where ranges nest', () => {
    const set = setOf('10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24');
    expect(set.find('10.0.0.1')).toBe('10.0.0.0/8');
    expect(set.find('10.1.0.1')).toBe('10.1.0.0/16');
    expect(set.find('10.1.2.3')).toBe('10.1.2.0/24');
    expect(set.find('10.1.3.0')).toBe('10.1.0.0/16');
    expect(set.find('10.2.0.0')).toBe('10.0.0.0/8');
    expect(set.size).toBe(3);
  });

  it('gives the smaller range the overlap of two partially overlapping ranges', () => {
    const set = setOf('1.0.0.10-1.0.0.30', '1.0.0.20-1.0.0.35');
    expect(set.find('1.0.0.19')).toBe('1.0.0.10-1.0.0.30');
    expect(set.find('1.0.0.20')).toBe('1.0.0.20-1.0.0.35');
    expect(set.find('1.0.0.31')).toBe('1.0.0.20-1.0.0.35');
    expect(set.find('1.0.0.36')).toBeNull();
  });

  it('lets the range added first win between equal sizes, and counts a repeated range once', () => {
    const list = new RangeList<string>();
    list.addCidr('5.5.5.0/24', 'first');
    list.addCidr('5.5.5.0/24', 'second');
    list.addCidr('5.5.5.128/25', 'half');
    const set = RangeSet.build([list]);
    expect(set.find('5.5.5.1')).toBe('first');
    expect(set.find('5.5.5.200')).toBe('half');
    expect(set.size).toBe(2);
  });

  it('keeps adjacent ranges apart', () => {
    const set = setOf('1.0.0.0/25', '1.0.0.128/25');
    expect(set.find('1.0.0.127')).toBe('1.0.0.0/25');
    expect(set.find('1.0.0.128')).toBe('1.0.0.128/25');
  });

  it('handles ranges that reach the last address of each family', () => {
    const set = setOf('255.255.255.0/24', 'ffff::/16', '0.0.0.0/32');
    expect(set.find('255.255.255.255')).toBe('255.255.255.0/24');
    expect(set.find('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toBe('ffff::/16');
    expect(set.find('0.0.0.0')).toBe('0.0.0.0/32');
    expect(set.find('0.0.0.1')).toBeNull();
  });

  it('looks up an IPv4-mapped IPv6 address as IPv4, and keeps the families apart', () => {
    const set = setOf('81.2.69.0/24');
    expect(set.find('::ffff:81.2.69.160')).toBe('81.2.69.0/24');
    // The same 32 bits at the top of an IPv6 address are another address.
    expect(set.find('5102:4500::')).toBeNull();
    expect(setOf('::ffff:81.2.69.0/120').find('81.2.69.1')).toBe('::ffff:81.2.69.0/120');
  });

  it('names the matched range as listed', () => {
    const set = setOf('3.8.0.0-3.11.255.255', '14.102.144.0-14.102.146.255', '2001:db8::/32');
    expect(set.match('3.9.1.1')).toEqual({ label: '3.8.0.0-3.11.255.255', range: '3.8.0.0/14' });
    expect(set.match('14.102.146.255')?.range).toBe('14.102.144.0-14.102.146.255');
    expect(set.match('2001:db8:5::1')?.range).toBe('2001:db8::/32');
    expect(set.match('14.102.147.0')).toBeNull();
  });

  it('answers null from an empty set and throws on an invalid address', () => {
    expect(RangeSet.empty<string>().find('1.2.3.4')).toBeNull();
    expect(RangeSet.empty<string>().size).toBe(0);
    expect(() => setOf('1.2.3.0/24').find('1.2.3')).toThrow(expect.objectContaining({ code: 'INTEL_IP_INVALID' }));
  });

  it('merges several lists, interning labels across them', () => {
    const a = new RangeList<string>();
    a.addCidr('1.0.0.0/8', 'a');
    const b = new RangeList<string>();
    b.addCidr('1.2.0.0/16', 'b');
    b.addCidr('2.0.0.0/8', 'a');
    const set = RangeSet.build([a, b]);
    expect([set.find('1.1.1.1'), set.find('1.2.1.1'), set.find('2.2.2.2')]).toEqual(['a', 'b', 'a']);
  });
});

describe('RangeList', () => {
  it('explains what is wrong with a range it refuses', () => {
    const list = new RangeList<string>();
    expect(list.addRange('1.2.3.9', '1.2.3.1', 'x')).toBe('the range ends before it starts');
    expect(list.addRange('2001:db8::9', '2001:db8::1', 'x')).toBe('the range ends before it starts');
    expect(list.addRange('1.2.3.1', '2001:db8::1', 'x')).toBe('the range mixes IPv4 and IPv6');
    expect(list.addRange('1.2.3', '1.2.3.4', 'x')).toBe('"1.2.3" is not an IP address');
    expect(list.addCidr('1.2.3.0/40', 'x')).toBe('"1.2.3.0/40" is not an IP address or CIDR');
    expect(list.length).toBe(0);
  });
});

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('RangeSet against a brute-force scan', () => {
  it.each([1, 2, 3, 4, 5])('agrees on random overlapping IPv4 ranges (seed %i)', (seed) => {
    const next = random(seed);
    const ranges: { start: number; end: number; label: number }[] = [];
    const list = new RangeList<number>();
    for (let label = 0; label < 60; label++) {
      const start = Math.floor(next() * 1000);
      const end = start + Math.floor(next() * (next() < 0.5 ? 20 : 300));
      ranges.push({ start, end, label });
      list.addRange(formatIp(4, [start]), formatIp(4, [end]), label);
    }
    const set = RangeSet.build([list]);
    for (let address = 0; address < 1400; address++) {
      const holding = ranges.filter((r) => r.start <= address && address <= r.end);
      holding.sort((a, b) => a.end - a.start - (b.end - b.start) || a.label - b.label);
      expect(set.find(formatIp(4, [address])), `address ${address}`).toBe(holding[0]?.label ?? null);
    }
  });

  it('agrees on random overlapping IPv6 ranges that differ in the low word', () => {
    const next = random(7);
    const ranges: { start: number; end: number; label: number }[] = [];
    const list = new RangeList<number>();
    const at = (low: number): string => formatIp(6, [0x20010db8, 0, 1, low]);
    for (let label = 0; label < 40; label++) {
      const start = Math.floor(next() * 500);
      const end = start + Math.floor(next() * 100);
      ranges.push({ start, end, label });
      list.addRange(at(start), at(end), label);
    }
    const set = RangeSet.build([list]);
    for (let low = 0; low < 700; low++) {
      const holding = ranges.filter((r) => r.start <= low && low <= r.end);
      holding.sort((a, b) => a.end - a.start - (b.end - b.start) || a.label - b.label);
      expect(set.find(at(low)), `low word ${low}`).toBe(holding[0]?.label ?? null);
    }
  });
});
