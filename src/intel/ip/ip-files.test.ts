import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../core/hash.js';
import { loadIpFile, parseIpText } from './ip-files.js';
import { RangeSet } from './ip-ranges.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-ip-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

function setOf(text: string, file = '/data/list.txt') {
  const parsed = parseIpText(text, file);
  return { format: parsed.format, set: RangeSet.build([parsed.ranges]) };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

describe('parseIpText', () => {
  it('reads a CIDR list with comments, blank lines, CRLF, bare addresses and IPv6', () => {
    const { format, set } = setOf('# exits\r\n\r\n1.2.3.4\r\n10.0.0.0/8 # inline note\r\n  2001:db8::/32  \r\n; another comment\r\n5.6.7.8 ; trailing\r\n9.9.9.9 # seen twice, once in 2022\r\n');
    expect(format).toBe('cidr-list');
    expect(set.size).toBe(5);
    expect(set.find('1.2.3.4')).toEqual({ source: 'list.txt' });
    expect(set.find('9.9.9.9')).not.toBeNull();
    expect(set.find('10.200.0.1')).not.toBeNull();
    expect(set.find('2001:db8:ffff::1')).not.toBeNull();
    expect(set.find('5.6.7.8')).not.toBeNull();
    expect(set.find('1.2.3.5')).toBeNull();
  });

  it('accepts start-end lines in a CIDR list', () => {
    const { set } = setOf('1.0.0.1-1.0.0.9\n');
    expect(set.match('1.0.0.9')?.range).toBe('1.0.0.1-1.0.0.9');
    expect(set.find('1.0.0.10')).toBeNull();
  });

  it('reads ipcat CSV with quoted providers and an empty URL, labelling each provider', () => {
    const { format, set } = setOf('3.0.0.0,3.1.255.255,Amazon AWS,http://www.amazon.com/aws/\n64.5.32.0,64.5.63.255,"ThePlanet.com Internet Services, Inc.",http://theplanet.com\n9.9.9.0,9.9.9.255,"Say ""hi""",\n', '/x/ipcat.csv');
    expect(format).toBe('ipcat-csv');
    expect(set.find('3.1.0.1')).toEqual({ source: 'ipcat.csv', provider: 'Amazon AWS' });
    expect(set.find('64.5.40.1')).toEqual({ source: 'ipcat.csv', provider: 'ThePlanet.com Internet Services, Inc.' });
    expect(set.find('9.9.9.9')?.provider).toBe('Say "hi"');
  });

  it('reads start,end,CC ranges for both families and skips a header row', () => {
    const { format, set } = setOf('start,end,country\n1.0.0.0,1.0.0.255,AU\n2001:200::,2001:200:ffff:ffff:ffff:ffff:ffff:ffff,jp\n', '/x/cc.csv');
    expect(format).toBe('range-country-csv');
    expect(set.find('1.0.0.7')).toEqual({ source: 'cc.csv', country: 'AU' });
    expect(set.find('2001:200:1::1')?.country).toBe('JP');
    expect(set.size).toBe(2);
  });

  it.each([
    ['a bad address on the first line of a CSV file', '1.2.3,1.2.3.255,AU\n', 'line 1: "1.2.3" is not an IP address'],
    ['a bad address in a CIDR list', '1.2.3.4\n\n# c\n1.2.3.300\n', 'list.txt line 4: "1.2.3.300" is not an IP address or CIDR'],
    ['a word in a CIDR list', '1.2.3.4\nnot-an-ip\n', 'line 2: "not-an-ip" is not an IP address, a CIDR or a first-last range'],
    ['two tokens on a line', '1.2.3.4 5.6.7.8\n', 'line 1: expected one address or CIDR, found "1.2.3.4 5.6.7.8"'],
    ['a reversed range', '1.0.0.0,1.0.0.255,AU\n2.0.0.9,2.0.0.1,FR\n', 'line 2: the range ends before it starts'],
    ['a bad country code', '1.0.0.0,1.0.0.255,AU\n2.0.0.0,2.0.0.255,France\n', 'line 2: "France" is not a two-letter country code'],
    ['a short ipcat row', '1.0.0.0,1.0.0.255,Acme,http://acme\n2.0.0.0,2.0.0.255,Acme\n', 'line 2: expected start,end,provider,url, found 3 fields'],
    ['an unclosed quote', '1.0.0.0,1.0.0.255,"Acme,http://acme\n', 'line 1: a quoted field is not closed'],
    ['five columns', '1.0.0.0,1.0.0.255,a,b,c\n', 'line 1: cannot tell the format from 5 comma-separated fields'],
    ['a comma in a CIDR list', '1.2.3.4\n1.2.3.5,1.2.3.6\n', 'line 2: expected one address or CIDR, found "1.2.3.5,1.2.3.6"'],
  ])('names the file and line of %s', (_what, text, message) => {
    expect(() => parseIpText(text, '/data/list.txt')).toThrow(expect.objectContaining({ code: 'INTEL_FILE_MALFORMED', message: expect.stringContaining(message) }));
  });

  it('puts the file and line in the error context', () => {
    try {
      parseIpText('1.2.3.4\nnope\n', '/data/list.txt');
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ context: { file: '/data/list.txt', line: 2 } });
    }
  });

  it('refuses a file without ranges, which is more likely a failed download than an empty list', () => {
    expect(() => parseIpText('# nothing here\n\n', '/data/empty.txt')).toThrow(expect.objectContaining({ code: 'INTEL_FILE_MALFORMED', message: '/data/empty.txt lists no IP ranges' }));
  });
});

describe('loadIpFile', () => {
  it('reads a gzipped file and versions it by the SHA-256 of its bytes', async () => {
    const bytes = gzipSync('1.0.0.0,1.0.0.255,AU\n');
    const file = write('cc.csv.gz', bytes);
    const loaded = await loadIpFile(file, 'country');
    expect(loaded.format).toBe('range-country-csv');
    expect(loaded.dataVer).toBe(`country:${sha256Hex(bytes).slice(0, 16)}`);
    expect(loaded.dataVer).toMatch(/^country:[0-9a-f]{16}$/);
    expect(RangeSet.build([loaded.ranges]).find('1.0.0.1')?.country).toBe('AU');
  });

  it('reports a missing file as INTEL_FILE_UNREADABLE naming it', async () => {
    const file = join(dir, 'absent.txt');
    expect(await rejection(loadIpFile(file, 'tor'))).toMatchObject({ code: 'INTEL_FILE_UNREADABLE', message: expect.stringContaining(file), context: { file, reason: 'ENOENT' } });
  });

  it('reports a damaged gzip file as INTEL_FILE_MALFORMED', async () => {
    const file = write('broken.csv.gz', gzipSync('1.0.0.0,1.0.0.255,AU\n'.repeat(50)).subarray(0, 30));
    expect(await rejection(loadIpFile(file, 'country'))).toMatchObject({ code: 'INTEL_FILE_MALFORMED', message: expect.stringContaining(file) });
  });

  it('reports a binary file as malformed at line 1', async () => {
    const file = write('binary.dat', Buffer.from([0xab, 0xcd, 0xef, 0x00, 0x10, 0x0a]));
    expect(await rejection(loadIpFile(file, 'tor'))).toMatchObject({ code: 'INTEL_FILE_MALFORMED', context: { file, line: 1 } });
  });
});
