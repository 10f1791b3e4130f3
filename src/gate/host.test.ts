import { describe, expect, it } from 'vitest';
import { canonicalHost, isPrivateTarget } from './host.js';

const show = (raw: string): string | null => {
  const target = canonicalHost(raw);
  return target && `${target.kind} ${target.host}`;
};

describe('canonicalHost', () => {
  it.each([
    ['example.com', 'name example.com'],
    ['WWW.Example.COM', 'name www.example.com'],
    ['example.com.', 'name example.com'],
    ['münchen.de', 'name xn--mnchen-3ya.de'],
    ['ＥＸＡＭＰＬＥ．com', 'name example.com'],
    ['ex%41mple.com', 'name example.com'],
    ['_dmarc.example.com', 'name _dmarc.example.com'],
    ['localhost', 'name localhost'],
    ['0xford.com', 'name 0xford.com'],
    ['192.0.2.1', 'ip 192.0.2.1'],
    ['127.1', 'ip 127.0.0.1'],
    ['0x7f.0.0.1', 'ip 127.0.0.1'],
    ['2130706433', 'ip 127.0.0.1'],
    ['１２７．０．０．１', 'ip 127.0.0.1'],
    ['[2001:DB8::1]', 'ip 2001:db8::1'],
    ['2001:0db8:0:0:0:0:0:1', 'ip 2001:db8::1'],
    ['[::ffff:10.0.0.1]', 'ip 10.0.0.1'],
    ['fe80::1%eth0', 'ip fe80::1'],
  ])('reads %j as %s', (raw, expected) => {
    expect(show(raw)).toBe(expected);
  });

  it.each(['', ' example.com', 'example.com:443', 'exa mple.com', 'a..b.com', '.example.com', 'example.com..', '-a.com', 'a-.com', `${'a'.repeat(64)}.com`, `${'a.'.repeat(127)}com`, '1.2.3.256', '[1.2.3.4]', '[::1', 'foo.0x1', 'ex\u200dample.com', 'http://example.com/'])(
    'refuses %j',
    (raw) => {
      expect(canonicalHost(raw)).toBeNull();
    },
  );
});

describe('isPrivateTarget', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['192.168.1.1', true],
    ['100.64.0.1', true],
    ['169.254.169.254', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['192.0.2.10', true],
    ['240.0.0.1', true],
    ['::1', true],
    ['::', true],
    ['fc00::1', true],
    ['fe80::1', true],
    ['ff02::1', true],
    ['::7f00:1', true],
    ['64:ff9b::a00:1', true],
    ['2002:7f00:1::', true],
    ['2001:db8::1', true],
    ['::ffff:192.168.0.1', true],
    ['8.8.8.8', false],
    ['203.0.114.1', false],
    ['2606:4700:4700::1111', false],
    ['localhost', true],
    ['db.localhost', true],
    ['printer.local', true],
    ['metadata.google.internal', true],
    ['router.home.arpa', true],
    ['nas.lan', true],
    ['intranet', true],
    ['example.com', false],
    ['localhost.example.com', false],
  ])('%s → %s', (raw, expected) => {
    expect(isPrivateTarget(canonicalHost(raw)!)).toBe(expected);
  });
});
