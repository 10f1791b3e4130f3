import { readIntelFile } from '../read-file.js';
import { Reader, type AsnResponse, type CityResponse } from 'maxmind';
import { VigilError } from '../../core/errors.js';
import { sha256Hex } from '../../core/hash.js';
import { IntelErrors } from '../errors.js';

export type MmdbKind = 'city' | 'asn';

export interface AsnInfo {
  readonly number: number;
  readonly organization: string | null;
}

/** City and Country records, ASN records, or an Enterprise record carrying both. */
type MmdbRecord = CityResponse & Partial<AsnResponse>;

const EXPECTED: Record<MmdbKind, { pattern: RegExp; wanted: string }> = {
  city: { pattern: /city|country|enterprise/i, wanted: 'a City or Country database' },
  asn: { pattern: /asn|isp|enterprise/i, wanted: 'an ASN or ISP database' },
};

// An address in every real database; looking it up at open walks the tree and decodes a record,
// so a damaged file fails at load rather than on a customer's request.
const PROBE = '1.1.1.1';

/**
 * A MaxMind GeoIP2/GeoLite2 or DB-IP database (DB-IP's lite files share the layout and field
 * names), read wholly into memory.
 */
export class MmdbDatabase {
  private constructor(
    private readonly reader: Reader<MmdbRecord>,
    readonly file: string,
    readonly databaseType: string,
    readonly dataVer: string,
  ) {}

  static async open(file: string, kind: MmdbKind): Promise<MmdbDatabase> {
    const bytes = await readIntelFile(file, 'MMDB database');
    const reader = openReader(bytes, file);
    const { databaseType } = reader.metadata;
    if (!EXPECTED[kind].pattern.test(databaseType)) {
      throw new VigilError(IntelErrors.INTEL_FILE_MALFORMED, `${file} is a ${databaseType} database; ${kind} lookups need ${EXPECTED[kind].wanted}`, { file, databaseType });
    }
    return new MmdbDatabase(reader, file, databaseType, `mmdb-${kind}:${sha256Hex(bytes).slice(0, 16)}`);
  }

  /** The country the address is used in, else the one its network is registered to. */
  country(ip: string): string | null {
    const record = this.get(ip);
    return record?.country?.iso_code ?? record?.registered_country?.iso_code ?? null;
  }

  asn(ip: string): AsnInfo | null {
    const record = this.get(ip);
    const number = record?.autonomous_system_number ?? record?.traits?.autonomous_system_number;
    if (number === undefined) return null;
    const organization = record?.autonomous_system_organization ?? record?.traits?.autonomous_system_organization;
    return { number, organization: organization ?? null };
  }

  private get(ip: string): MmdbRecord | null {
    if (this.reader.metadata.ipVersion === 4 && ip.includes(':')) return null;
    try {
      return this.reader.get(ip);
    } catch (err) {
      throw new VigilError(IntelErrors.INTEL_FILE_MALFORMED, `${this.file} is damaged: looking up ${ip} failed (${(err as Error).message})`, { file: this.file }, { cause: err });
    }
  }
}

function openReader(bytes: Buffer, file: string): Reader<MmdbRecord> {
  try {
    const reader = new Reader<MmdbRecord>(bytes);
    reader.get(PROBE);
    return reader;
  } catch (err) {
    throw new VigilError(IntelErrors.INTEL_FILE_MALFORMED, `${file} is not a readable MMDB database (${(err as Error).message})`, { file }, { cause: err });
  }
}
