import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../core/errors.js';
import { parseCidr, parseIp, requireIp } from './ip-address.js';
import { formatIp, formatRange, prefixOf, scopeOf, subscriberOf } from './ip-format.js';

const text = (ip: string): string | null => {
  const key = parseIp(ip);
  return key && `v${key.version} ${formatIp(key.version, key.words)}`;
};

describe('parseIp', () => {
  it.each([
    ['1.2.3.4', 'v4 1.2.3.4'],
    ['0.0.0.0', 'v4 0.0.0.0'],
    ['255.255.255.255', 'v4 255.255.255.255'],
    ['::ffff:81.2.69.1', 'v4 81.2.69.1'],
    ['::FFFF:5102:4501', 'v4 81.2.69.1'],
    ['2001:DB8:0:0:0:0:0:1', 'v6 2001:db8::1'],
    ['2001:db8::', 'v6 2001:db8::'],
    ['::', 'v6 ::'],
    ['::1', 'v6 ::1'],
    ['fe80::1%eth0', 'v6 fe80::1'],
    ['64:ff9b::192.0.2.33', 'v6 64:ff9b::c000:221'],
    ['1:2:3:4:5:6:7:8', 'v6 1:2:3:4:5:6:7:8'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', 'v6 2001:db8::1:0:0:1'],
  ])('reads %s as %s', (input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '010.1.1.1',
    '3232235777',
    '0x7f.0.0.1',
    '1.2.3.4 ',
    '1..2.3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1::2::3',
    ':::',
    '1:',
    ':1',
    '12345::1',
    'g::1',
    '::1.2.3',
    '1.2.3.4::',
    '1:2:3:4:5:6:7:1.2.3.4',
  ])('refuses %j', (input) => {
    expect(parseIp(input)).toBeNull();
  });
});

describe('parseCidr', () => {
  const bounds = (cidr: string): string | null => {
    const block = parseCidr(cidr);
    return block && `${formatIp(block.first.version, block.first.words)} ${formatIp(block.last.version, block.last.words)}`;
  };

  it.each([
    ['10.0.0.0/8', '10.0.0.0 10.255.255.255'],
    ['10.1.2.3/8', '10.0.0.0 10.255.255.255'],
    ['1.2.3.4', '1.2.3.4 1.2.3.4'],
    ['1.2.3.4/32', '1.2.3.4 1.2.3.4'],
    ['0.0.0.0/0', '0.0.0.0 255.255.255.255'],
    ['2001:db8::/32', '2001:db8:: 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['2001:db8::/33', '2001:db8:: 2001:db8:7fff:ffff:ffff:ffff:ffff:ffff'],
    ['::/0', ':: ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['::ffff:1.2.3.0/120', '1.2.3.0 1.2.3.255'],
  ])('bounds %s as %s', (cidr, expected) => {
    expect(bounds(cidr)).toBe(expected);
  });

  it.each(['1.2.3.0/33', '1.2.3.0/', '1.2.3.0/-1', '1.2.3.0/2x', '2001:db8::/129', 'x/8'])('refuses %j', (cidr) => {
    expect(parseCidr(cidr)).toBeNull();
  });
});

describe('formatRange', () => {
  const range = (start: string, end: string): string => {
    const a = parseIp(start)!;
    const b = parseIp(end)!;
    return formatRange(a.version, a.words, b.words);
  };

  it('names a range that is one block in CIDR notation', () => {
    expect(range('3.8.0.0', '3.11.255.255')).toBe('3.8.0.0/14');
    expect(range('1.2.3.4', '1.2.3.4')).toBe('1.2.3.4/32');
    expect(range('0.0.0.0', '255.255.255.255')).toBe('0.0.0.0/0');
    expect(range('2001:db8::', '2001:db8:0:ffff:ffff:ffff:ffff:ffff')).toBe('2001:db8::/48');
    expect(range('::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toBe('::/0');
  });

  it('names any other range start-end', () => {
    expect(range('14.102.144.0', '14.102.146.255')).toBe('14.102.144.0-14.102.146.255');
    expect(range('1.2.3.1', '1.2.3.2')).toBe('1.2.3.1-1.2.3.2');
    expect(range('2001:db8::1', '2001:db8::ffff')).toBe('2001:db8::1-2001:db8::ffff');
  });
});

describe('subscriberOf', () => {
  it('keeps an IPv4 address whole and gives the /64 of an IPv6 address', () => {
    expect(subscriberOf(parseIp('81.2.69.160')!)).toBe('81.2.69.160');
    expect(subscriberOf(parseIp('::ffff:81.2.69.160')!)).toBe('81.2.69.160');
    expect(subscriberOf(parseIp('2a02:c7f:1234:5678::11')!)).toBe('2a02:c7f:1234:5678::/64');
    expect(subscriberOf(parseIp('2a02:c7f:1234:5678:a:b:c:d')!)).toBe('2a02:c7f:1234:5678::/64');
  });
});

describe('prefixOf', () => {
  it('gives the /24 of an IPv4 and the /48 of an IPv6 address', () => {
    expect(prefixOf(parseIp('81.2.69.160')!)).toBe('81.2.69.0/24');
    expect(prefixOf(parseIp('2001:db8:1:2:3:4:5:6')!)).toBe('2001:db8:1::/48');
    expect(prefixOf(parseIp('::ffff:81.2.69.160')!)).toBe('81.2.69.0/24');
  });
});

describe('scopeOf', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['10.1.2.3', 'private'],
    ['192.168.0.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['2001:4860:4860::8888', 'public'],
    ['2002:5102:4501::1', 'public'],
    ['fd00::1', 'private'],
    ['fe80::1', 'private'],
    ['2001:db8::1', 'reserved'],
    ['ff02::1', 'reserved'],
    ['::ffff:10.0.0.1', 'private'],
  ])('%s is %s', (ip, scope) => {
    expect(scopeOf(parseIp(ip)!)).toBe(scope);
  });
});

describe('requireIp', () => {
  it('trims the spaces of forwarded-for lists', () => {
    expect(requireIp(' 1.2.3.4 ').words).toEqual([0x01020304]);
  });

  it('throws INTEL_IP_INVALID with the value cut to 64 characters', () => {
    const long = 'x'.repeat(100);
    let caught: unknown;
    try {
      requireIp(long);
    } catch (err) {
      caught = err;
    }
    expect(isVigilError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'INTEL_IP_INVALID', kind: 'invalid', context: { value: 'x'.repeat(64) } });
  });
});
