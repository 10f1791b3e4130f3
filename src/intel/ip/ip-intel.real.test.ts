import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { IpIntel } from './ip-intel.js';

const DATA = resolve(import.meta.dirname, '../../../../shared/data/ip');
const file = (name: string): string => join(DATA, name);

describe.skipIf(!existsSync(DATA))(`IpIntel on the published lists (needs ${DATA})`, () => {
  let intel: IpIntel;

  beforeAll(async () => {
    intel = await IpIntel.load({
      torFiles: [file('tor_exit_torbulkexitlist_2022-08-17.txt')],
      datacenterFiles: [file('x4bnet/datacenter_ipv4.txt'), file('x4bnet/datacenter_ipv6.txt'), file('ipcat_datacenters_2019-02-20.csv')],
      vpnFiles: [file('x4bnet/vpn_ipv4.txt'), file('x4bnet/vpn_ipv6.txt')],
      countryRangeFiles: [file('asn-country-ipv4_2020-07-27.csv.gz'), file('asn-country-ipv6_2020-07-27.csv.gz')],
    });
  });

  it('loads every range of every file', () => {
    // 42,566 + 8,752 X4BNet CIDRs and 3,429 ipcat ranges, of which 846 repeat an X4BNet CIDR.
    expect(intel.stats()).toEqual({ tor: 1396, datacenter: 53_901, vpn: 10_862 + 498, countryRanges: 113_813 + 50_299, mmdbCity: null, mmdbAsn: null });
    expect(intel.dataVer().split(',')).toHaveLength(8);
  });

  it('flags the first and last exits of the Tor list, and not their neighbours', () => {
    expect(intel.check('93.95.230.253').tor).toBe(true);
    expect(intel.check('5.181.77.33').tor).toBe(true);
    expect(intel.check('185.220.101.18').tor).toBe(true);
    expect(intel.check('::ffff:185.220.101.18').tor).toBe(true);
    expect(intel.check('93.95.230.252').tor).toBe(false);
  });

  it('names the datacenter CIDR holding an address, up to its boundaries', () => {
    expect(intel.check('1.12.0.0').datacenter).toEqual({ range: '1.12.0.0/14', source: 'datacenter_ipv4.txt' });
    expect(intel.check('1.15.255.255').datacenter?.range).toBe('1.12.0.0/14');
    expect(intel.check('1.16.0.0').datacenter).toBeNull();
    expect(intel.check('1.11.255.255').datacenter).toBeNull();
  });

  it('finds IPv6 datacenter and VPN ranges', () => {
    expect(intel.check('2001:310::1').datacenter).toEqual({ range: '2001:310::/32', source: 'datacenter_ipv6.txt' });
    expect(intel.check('2001:678:8b4::1').vpn).toEqual({ range: '2001:678:8b4::/48', source: 'vpn_ipv6.txt' });
    expect(intel.check('2001:678:8b5::1').vpn).toBeNull();
  });

  it('lets the smaller of overlapping ipcat and X4BNet ranges name the match', () => {
    // ipcat's 3.8.0.0-3.11.255.255 sits inside X4BNet's 3.8.0.0/13.
    expect(intel.check('3.8.0.1').datacenter).toEqual({ range: '3.8.0.0/14', source: 'ipcat_datacenters_2019-02-20.csv', provider: 'Amazon AWS' });
    // X4BNet's 5.10.96.0/19 sits inside ipcat's SoftLayer 5.10.64.0/18.
    expect(intel.check('5.10.100.1').datacenter).toEqual({ range: '5.10.96.0/19', source: 'datacenter_ipv4.txt' });
    expect(intel.check('5.10.64.1').datacenter).toEqual({ range: '5.10.64.0/18', source: 'ipcat_datacenters_2019-02-20.csv', provider: 'SoftLayer' });
  });

  it('names an ipcat range that is not one CIDR block by its ends', () => {
    expect(intel.check('14.102.146.255').datacenter).toMatchObject({ range: '14.102.144.0-14.102.146.255', provider: 'IP ServerOne' });
    expect(intel.check('14.102.147.0').datacenter).toBeNull();
  });

  it('flags a VPN provider range', () => {
    expect(intel.check('2.26.157.7').vpn).toEqual({ range: '2.26.157.0/24', source: 'vpn_ipv4.txt' });
  });

  it('finds no signal on a residential address, only its country', () => {
    expect(intel.check('73.15.20.1')).toEqual({
      ip: '73.15.20.1',
      version: 4,
      scope: 'public',
      tor: false,
      datacenter: null,
      vpn: null,
      country: 'US',
      countrySource: 'ranges',
      asn: null,
      subscriber: '73.15.20.1',
      prefix: '73.15.20.0/24',
    });
  });

  it('gives countries from the gzipped range files for both families', () => {
    expect(intel.check('8.8.8.8')).toMatchObject({ country: 'US', countrySource: 'ranges' });
    expect(intel.check('1.0.0.1').country).toBe('AU');
    expect(intel.check('2001:200::1').country).toBe('JP');
  });
});
