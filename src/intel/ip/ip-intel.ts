import { VigilError } from '../../core/errors.js';
import { IntelErrors } from '../errors.js';
import { requireIp } from './ip-address.js';
import { formatIp, prefixOf, scopeOf, subscriberOf, type IpScope } from './ip-format.js';
import { loadIpFile, type IpFileFormat, type IpRangeLabel } from './ip-files.js';
import { RangeSet } from './ip-ranges.js';
import { MmdbDatabase, type AsnInfo } from './mmdb.js';

export interface IpIntelOptions {
  torFiles?: string[];
  datacenterFiles?: string[];
  vpnFiles?: string[];
  countryRangeFiles?: string[];
  mmdbCity?: string;
  mmdbAsn?: string;
}

export interface IpSignals {
  /** Canonical text: dotted quad (also for `::ffff:a.b.c.d`), RFC 5952 for IPv6. */
  ip: string;
  version: 4 | 6;
  scope: IpScope;
  tor: boolean;
  /** `range` is the listed range (CIDR or `start-end`), `source` its file's base name. */
  datacenter: { range: string; source: string; provider?: string } | null;
  vpn: { range: string; source: string } | null;
  country: string | null;
  countrySource: 'mmdb' | 'ranges' | null;
  asn: AsnInfo | null;
  /** What one subscriber holds: the IPv4 address, or the IPv6 /64 (sign-up velocity counts per IP by it). */
  subscriber: string;
  /** The network holding the address, /24 (IPv4) or /48 (IPv6): sign-up velocity counts per network by it. */
  prefix: string;
}

export interface IpIntelStats {
  /** Distinct ranges loaded per kind. */
  tor: number;
  datacenter: number;
  vpn: number;
  countryRanges: number;
  /** The MMDB `database_type`, e.g. `GeoLite2-City`, or null when none is configured. */
  mmdbCity: string | null;
  mmdbAsn: string | null;
}

type RangeKind = 'tor' | 'datacenter' | 'vpn' | 'country';

const ACCEPTED: Record<RangeKind, readonly IpFileFormat[]> = {
  tor: ['cidr-list'],
  datacenter: ['cidr-list', 'ipcat-csv'],
  vpn: ['cidr-list', 'ipcat-csv'],
  country: ['range-country-csv'],
};

interface Loaded {
  readonly set: RangeSet<IpRangeLabel>;
  readonly dataVers: string[];
  /** Ranges read from each file, in configured order. */
  readonly files: ReadonlyArray<{ file: string; entries: number }>;
}

async function loadKind(kind: RangeKind, files: readonly string[] = []): Promise<Loaded> {
  const loaded = await Promise.all(files.map((file) => loadIpFile(file, kind)));
  for (const { file, format } of loaded) {
    if (ACCEPTED[kind].includes(format)) continue;
    // A country CSV configured as a datacenter list would flag whole countries as hosting.
    throw new VigilError(IntelErrors.INTEL_FILE_MALFORMED, `${file} reads as ${format}; ${kind} files must be ${ACCEPTED[kind].join(' or ')}`, { file, format });
  }
  return { set: RangeSet.build(loaded.map((f) => f.ranges)), dataVers: loaded.map((f) => f.dataVer), files: loaded.map((f) => ({ file: f.file, entries: f.ranges.length })) };
}

async function openMmdb(file: string | undefined, kind: 'city' | 'asn'): Promise<MmdbDatabase | null> {
  return file === undefined ? null : MmdbDatabase.open(file, kind);
}

/**
 * What the configured files say about an address. Loading is all-or-nothing, so a caller that
 * reloads keeps its previous instance when any file fails.
 */
export class IpIntel {
  private constructor(
    private readonly tor: Loaded,
    private readonly datacenter: Loaded,
    private readonly vpn: Loaded,
    private readonly country: Loaded,
    private readonly city: MmdbDatabase | null,
    private readonly asnDb: MmdbDatabase | null,
  ) {}

  static async load(options: IpIntelOptions): Promise<IpIntel> {
    const [tor, datacenter, vpn, country, city, asn] = await Promise.all([
      loadKind('tor', options.torFiles),
      loadKind('datacenter', options.datacenterFiles),
      loadKind('vpn', options.vpnFiles),
      loadKind('country', options.countryRangeFiles),
      openMmdb(options.mmdbCity, 'city'),
      openMmdb(options.mmdbAsn, 'asn'),
    ]);
    return new IpIntel(tor, datacenter, vpn, country, city, asn);
  }

  check(ip: string): IpSignals {
    const key = requireIp(ip);
    const canonical = formatIp(key.version, key.words);
    const datacenter = this.datacenter.set.match(key);
    const vpn = this.vpn.set.match(key);
    const provider = datacenter?.label.provider;
    // A City database knows where an address is used; registry ranges only where it was assigned.
    const mmdbCountry = this.city?.country(canonical) ?? null;
    const rangeCountry = mmdbCountry === null ? (this.country.set.find(key)?.country ?? null) : null;
    return {
      ip: canonical,
      version: key.version,
      scope: scopeOf(key),
      tor: this.tor.set.find(key) !== null,
      datacenter: datacenter && { range: datacenter.range, source: datacenter.label.source, ...(provider ? { provider } : {}) },
      vpn: vpn && { range: vpn.range, source: vpn.label.source },
      country: mmdbCountry ?? rangeCountry,
      countrySource: mmdbCountry !== null ? 'mmdb' : rangeCountry !== null ? 'ranges' : null,
      asn: this.asnDb?.asn(canonical) ?? this.city?.asn(canonical) ?? null,
      subscriber: subscriberOf(key),
      prefix: prefixOf(key),
    };
  }

  /** Every loaded file's version, kinds in a fixed order and files in configured order. */
  dataVer(): string {
    const mmdb = [this.city, this.asnDb].flatMap((db) => (db ? [db.dataVer] : []));
    return [this.tor, this.datacenter, this.vpn, this.country].flatMap((l) => l.dataVers).concat(mmdb).join(',');
  }

  /** Ranges read from each range file (Tor, data-centre, VPN, country), for the reload's shrink check. */
  fileEntries(): Array<{ file: string; entries: number }> {
    return [this.tor, this.datacenter, this.vpn, this.country].flatMap((l) => l.files);
  }

  stats(): IpIntelStats {
    return {
      tor: this.tor.set.size,
      datacenter: this.datacenter.set.size,
      vpn: this.vpn.set.size,
      countryRanges: this.country.set.size,
      mmdbCity: this.city?.databaseType ?? null,
      mmdbAsn: this.asnDb?.databaseType ?? null,
    };
  }
}
