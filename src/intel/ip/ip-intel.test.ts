import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IpIntel } from './ip-intel.js';

const FIXTURES = resolve(import.meta.dirname, 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'vigil-ip-intel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

const tor = write('tor.txt', '# exits\n185.220.101.18\n2a0b:f4c2::18\n');
const hosting = write('hosting.txt', '3.0.0.0/8\n2600:1f00::/24\n');
const ipcat = write('ipcat.csv', '3.8.0.0,3.11.255.255,Amazon AWS,http://aws.amazon.com\n');
const vpn = write('vpn.txt', '2.26.157.0/24\n');
const countries = write('countries.csv', '81.2.69.0,81.2.69.255,FR\n2.26.0.0,2.26.255.255,GB\n');

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

describe('IpIntel.check', () => {
  const loaded = IpIntel.load({ torFiles: [tor], datacenterFiles: [hosting, ipcat], vpnFiles: [vpn], countryRangeFiles: [countries] });

  it('reports every signal of a listed address', async () => {
    expect((await loaded).check('2.26.157.7')).toEqual({
      ip: '2.26.157.7',
      version: 4,
      scope: 'public',
      tor: false,
      datacenter: null,
      vpn: { range: '2.26.157.0/24', source: 'vpn.txt' },
      country: 'GB',
      countrySource: 'ranges',
      asn: null,
      subscriber: '2.26.157.7',
      prefix: '2.26.157.0/24',
    });
  });

  it('names the most specific datacenter range and its provider', async () => {
    const intel = await loaded;
    expect(intel.check('3.9.0.1').datacenter).toEqual({ range: '3.8.0.0/14', source: 'ipcat.csv', provider: 'Amazon AWS' });
    expect(intel.check('3.12.0.0').datacenter).toEqual({ range: '3.0.0.0/8', source: 'hosting.txt' });
    expect(intel.check('2600:1f18::1').datacenter?.range).toBe('2600:1f00::/24');
  });

  it('flags Tor exits of both families, and an IPv4-mapped exit in canonical IPv4 form', async () => {
    const intel = await loaded;
    expect(intel.check('185.220.101.18').tor).toBe(true);
    expect(intel.check('185.220.101.19').tor).toBe(false);
    expect(intel.check('2a0b:f4c2:0::18').tor).toBe(true);
    expect(intel.check('::ffff:185.220.101.18')).toMatchObject({ ip: '185.220.101.18', version: 4, tor: true });
  });

  it('reports a private address as such, with no signals', async () => {
    expect((await loaded).check('192.168.1.20')).toMatchObject({ scope: 'private', tor: false, datacenter: null, vpn: null, country: null, countrySource: null });
  });

  it('gives IPv6 addresses in RFC 5952 form with their /64', async () => {
    expect((await loaded).check('2001:0DB8:0000:0000:0001::0001')).toMatchObject({ ip: '2001:db8::1:0:0:1', version: 6, scope: 'reserved', subscriber: '2001:db8::/64', prefix: '2001:db8::/48' });
  });

  it('throws INTEL_IP_INVALID for a string that is not an address', async () => {
    const intel = await loaded;
    expect(() => intel.check('not-an-ip')).toThrow(expect.objectContaining({ code: 'INTEL_IP_INVALID', kind: 'invalid', context: { value: 'not-an-ip' } }));
    expect(() => intel.check('1'.repeat(300))).toThrow(expect.objectContaining({ context: { value: '1'.repeat(64) } }));
  });

  it('reports the data it loaded', async () => {
    const intel = await loaded;
    expect(intel.stats()).toEqual({ tor: 2, datacenter: 3, vpn: 1, countryRanges: 2, mmdbCity: null, mmdbAsn: null });
    expect(intel.dataVer()).toMatch(/^tor:[0-9a-f]{16},datacenter:[0-9a-f]{16},datacenter:[0-9a-f]{16},vpn:[0-9a-f]{16},country:[0-9a-f]{16}$/);
  });
});

describe('IpIntel with MMDB databases', () => {
  const loaded = IpIntel.load({
    countryRangeFiles: [countries],
    mmdbCity: join(FIXTURES, 'test-city.mmdb'),
    mmdbAsn: join(FIXTURES, 'test-asn.mmdb'),
  });

  it('prefers the City database for the country and adds the ASN', async () => {
    expect((await loaded).check('81.2.69.160')).toMatchObject({
      country: 'GB',
      countrySource: 'mmdb',
      asn: { number: 20712, organization: 'Andrews & Arnold Ltd' },
    });
  });

  it('falls back to the country ranges where the City database has no answer', async () => {
    expect((await loaded).check('2.26.1.1')).toMatchObject({ country: 'GB', countrySource: 'ranges', asn: null });
  });

  it('looks IPv6 addresses up in both databases', async () => {
    expect((await loaded).check('2001:218::1')).toMatchObject({ country: 'JP', countrySource: 'mmdb', asn: { number: 2914 } });
  });

  it('reports the databases in stats and their versions last in dataVer', async () => {
    const intel = await loaded;
    expect(intel.stats()).toMatchObject({ mmdbCity: 'GeoLite2-City', mmdbAsn: 'GeoLite2-ASN', countryRanges: 2 });
    expect(intel.dataVer()).toMatch(/^country:[0-9a-f]{16},mmdb-city:[0-9a-f]{16},mmdb-asn:[0-9a-f]{16}$/);
  });
});

describe('IpIntel.load', () => {
  it('loads nothing when nothing is configured', async () => {
    const intel = await IpIntel.load({});
    expect(intel.check('8.8.8.8')).toMatchObject({ tor: false, datacenter: null, vpn: null, country: null, countrySource: null, asn: null });
    expect(intel.dataVer()).toBe('');
  });

  it('fails as a whole when one file is missing, so a reload keeps the previous data', async () => {
    const missing = join(dir, 'missing.txt');
    const err = await rejection(IpIntel.load({ torFiles: [tor], datacenterFiles: [hosting, missing] }));
    expect(err).toMatchObject({ code: 'INTEL_FILE_UNREADABLE', context: { file: missing } });
  });

  it('fails when a file has a malformed line, naming file and line', async () => {
    const bad = write('bad.txt', '1.2.3.4\n1.2.3.999\n');
    const err = await rejection(IpIntel.load({ vpnFiles: [vpn, bad] }));
    expect(err).toMatchObject({ code: 'INTEL_FILE_MALFORMED', message: `${bad} line 2: "1.2.3.999" is not an IP address or CIDR` });
  });

  it('refuses a country file configured as a datacenter list', async () => {
    const err = await rejection(IpIntel.load({ datacenterFiles: [countries] }));
    expect(err).toMatchObject({ code: 'INTEL_FILE_MALFORMED', context: { file: countries, format: 'range-country-csv' } });
  });

  it('refuses a datacenter CSV configured as a Tor list', async () => {
    const err = await rejection(IpIntel.load({ torFiles: [ipcat] }));
    expect(err).toMatchObject({ code: 'INTEL_FILE_MALFORMED', message: expect.stringContaining('tor files must be cidr-list') });
  });

  it('fails when an MMDB file is corrupt', async () => {
    const corrupt = write('corrupt.mmdb', 'garbage');
    expect(await rejection(IpIntel.load({ mmdbCity: corrupt }))).toMatchObject({ code: 'INTEL_FILE_MALFORMED', context: { file: corrupt } });
  });
});
