import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MmdbDatabase } from './mmdb.js';

const FIXTURES = resolve(import.meta.dirname, 'fixtures');
const CITY = join(FIXTURES, 'test-city.mmdb');
const ASN = join(FIXTURES, 'test-asn.mmdb');

const dir = mkdtempSync(join(tmpdir(), 'vigil-mmdb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

describe('MmdbDatabase, City', () => {
  it('reads the country of IPv4, IPv4-mapped and IPv6 addresses', async () => {
    const db = await MmdbDatabase.open(CITY, 'city');
    expect(db.databaseType).toBe('GeoLite2-City');
    expect(db.dataVer).toMatch(/^mmdb-city:[0-9a-f]{16}$/);
    expect(db.country('81.2.69.160')).toBe('GB');
    expect(db.country('::ffff:89.160.20.1')).toBe('SE');
    expect(db.country('2001:218:1::1')).toBe('JP');
    expect(db.country('2a02:8100::1')).toBe('DE');
  });

  it('falls back to the registered country when the country is unknown', async () => {
    const db = await MmdbDatabase.open(CITY, 'city');
    expect(db.country('175.16.199.5')).toBe('CN');
  });

  it('answers null outside its networks', async () => {
    const db = await MmdbDatabase.open(CITY, 'city');
    expect(db.country('8.8.8.8')).toBeNull();
    expect(db.country('2001:db8::1')).toBeNull();
    expect(db.asn('81.2.69.160')).toBeNull();
  });
});

describe('MmdbDatabase, ASN', () => {
  it('reads the number and organisation of an autonomous system', async () => {
    const db = await MmdbDatabase.open(ASN, 'asn');
    expect(db.databaseType).toBe('GeoLite2-ASN');
    expect(db.asn('1.130.0.1')).toEqual({ number: 1221, organization: 'Telstra Pty Ltd' });
    expect(db.asn('2001:218::5')).toEqual({ number: 2914, organization: 'NTT America, Inc.' });
    expect(db.asn('12.81.92.1')).toEqual({ number: 7018, organization: null });
    expect(db.asn('8.8.8.8')).toBeNull();
  });
});

describe('MmdbDatabase.open', () => {
  it('reports a missing file as INTEL_FILE_UNREADABLE', async () => {
    const file = join(dir, 'absent.mmdb');
    expect(await rejection(MmdbDatabase.open(file, 'city'))).toMatchObject({ code: 'INTEL_FILE_UNREADABLE', context: { file, reason: 'ENOENT' } });
  });

  it('reports a file that is not an MMDB as INTEL_FILE_MALFORMED naming it', async () => {
    const file = join(dir, 'text.mmdb');
    writeFileSync(file, 'this is not a database\n');
    expect(await rejection(MmdbDatabase.open(file, 'city'))).toMatchObject({ code: 'INTEL_FILE_MALFORMED', message: expect.stringContaining(file) });
  });

  it('reports a truncated database as INTEL_FILE_MALFORMED', async () => {
    const file = join(dir, 'truncated.mmdb');
    const bytes = readFileSync(CITY);
    writeFileSync(file, bytes.subarray(0, bytes.length - 200));
    expect(await rejection(MmdbDatabase.open(file, 'city'))).toMatchObject({ code: 'INTEL_FILE_MALFORMED', context: { file } });
  });

  it('reports a database whose search tree is overwritten as INTEL_FILE_MALFORMED', async () => {
    const file = join(dir, 'scrambled.mmdb');
    const bytes = Buffer.from(readFileSync(CITY));
    bytes.fill(0xff, 0, 1024);
    writeFileSync(file, bytes);
    expect(await rejection(MmdbDatabase.open(file, 'city'))).toMatchObject({ code: 'INTEL_FILE_MALFORMED', context: { file } });
  });

  it('refuses an ASN database configured as the City database, and the reverse', async () => {
    expect(await rejection(MmdbDatabase.open(ASN, 'city'))).toMatchObject({ code: 'INTEL_FILE_MALFORMED', message: expect.stringContaining('is a GeoLite2-ASN database') });
    expect(await rejection(MmdbDatabase.open(CITY, 'asn'))).toMatchObject({ code: 'INTEL_FILE_MALFORMED', context: { databaseType: 'GeoLite2-City' } });
  });
});
