import { readIntelFile } from '../read-file.js';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { VigilError } from '../../core/errors.js';
import { sha256Hex } from '../../core/hash.js';
import { IntelErrors } from '../errors.js';
import { RangeList } from './ip-ranges.js';

/**
 * Range files, told apart by content rather than name (publishers rename files freely):
 * - `cidr-list`: one CIDR, bare address or `start-end` per line (X4BNet lists, Tor's
 *   torbulkexitlist); `#` and `;` start comments.
 * - `ipcat-csv`: `start,end,provider,url` (client9/ipcat).
 * - `range-country-csv`: `start,end,CC` (ip-location-db), often gzipped.
 * CSV files have no header as published; a first line naming its columns is skipped. Any of
 * them may be gzipped, recognised by gzip's magic bytes.
 */
export type IpFileFormat = 'cidr-list' | 'ipcat-csv' | 'range-country-csv';

export interface IpRangeLabel {
  /** The file's base name. */
  readonly source: string;
  readonly provider?: string;
  readonly country?: string;
}

export interface IpFile {
  readonly file: string;
  readonly format: IpFileFormat;
  readonly ranges: RangeList<IpRangeLabel>;
  /** `tag:` and the first 16 hex digits of the file's SHA-256, so a decision can name its data. */
  readonly dataVer: string;
}

type LineParser = (line: string) => string | null;

const gunzipAsync = promisify(gunzip);

export async function loadIpFile(file: string, tag: string): Promise<IpFile> {
  const bytes = await readIntelFile(file, 'IP list');
  const { format, ranges } = parseIpText(await decode(bytes, file), file);
  return { file, format, ranges, dataVer: `${tag}:${sha256Hex(bytes).slice(0, 16)}` };
}

async function decode(bytes: Buffer, file: string): Promise<string> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes.toString('utf8');
  try {
    return (await gunzipAsync(bytes)).toString('utf8');
  } catch (err) {
    throw new VigilError(IntelErrors.INTEL_FILE_MALFORMED, `${file} starts like gzip but does not decompress: ${(err as Error).message}`, { file }, { cause: err });
  }
}

function malformed(file: string, line: number, problem: string): VigilError {
  return new VigilError(IntelErrors.INTEL_FILE_MALFORMED, `${file} line ${line}: ${problem}`, { file, line });
}

/** Parses a range file's text; `file` names it in errors and, by base name, in labels. */
export function parseIpText(text: string, file: string): { format: IpFileFormat; ranges: RangeList<IpRangeLabel> } {
  const ranges = new RangeList<IpRangeLabel>();
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  let format: IpFileFormat | null = null;
  let parse: LineParser = () => null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (format === null) {
      format = detectFormat(line, file, i + 1);
      if (format === null) continue;
      parse = lineParser(format, ranges, basename(file));
      if (format !== 'cidr-list' && isHeader(line)) continue;
    }
    const problem = parse(line);
    if (problem) throw malformed(file, i + 1, problem.length > 200 ? `${problem.slice(0, 200)}…` : problem);
  }
  if (format === null || ranges.length === 0) throw new VigilError(IntelErrors.INTEL_FILE_MALFORMED, `${file} lists no IP ranges`, { file });
  return { format, ranges };
}

/** The format of a file from its first data line; null for a line that is only a comment. */
function detectFormat(line: string, file: string, lineNumber: number): IpFileFormat | null {
  const data = stripComment(line);
  if (data === '') return null;
  if (!data.includes(',')) return 'cidr-list';
  const fields = splitCsv(line);
  if (!fields) throw malformed(file, lineNumber, 'a quoted field is not closed');
  if (fields.length === 3) return 'range-country-csv';
  if (fields.length === 4) return 'ipcat-csv';
  throw malformed(file, lineNumber, `cannot tell the format from ${fields.length} comma-separated fields (expected a CIDR per line, start,end,CC or start,end,provider,url)`);
}

/** `start,end,...` or `ip_from,...`, never a mistyped address, which must be reported instead. */
function isHeader(line: string): boolean {
  return /^[A-Za-z][\w -]*,/.test(line);
}

function stripComment(line: string): string {
  const at = line.search(/[#;]/);
  return at < 0 ? line : line.slice(0, at).trim();
}

function splitPlain(line: string): string[] {
  const fields: string[] = [];
  for (let from = 0; ; ) {
    const comma = line.indexOf(',', from);
    fields.push((comma < 0 ? line.slice(from) : line.slice(from, comma)).trim());
    if (comma < 0) return fields;
    from = comma + 1;
  }
}

/** Splits one CSV line, honouring quotes (ipcat quotes providers such as "ThePlanet.com, Inc."). */
function splitCsv(line: string): string[] | null {
  if (!line.includes('"')) return splitPlain(line);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      fields.push(field.trim());
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field.trim());
  return quoted ? null : fields;
}

function lineParser(format: IpFileFormat, ranges: RangeList<IpRangeLabel>, source: string): LineParser {
  const labels = new Map<string, IpRangeLabel>();
  const intern = (key: string, make: () => IpRangeLabel): IpRangeLabel => {
    let label = labels.get(key);
    if (!label) labels.set(key, (label = make()));
    return label;
  };
  const plain: IpRangeLabel = { source };
  switch (format) {
    case 'cidr-list':
      return (line) => {
        const token = stripComment(line);
        if (token === '') return null;
        if (/[\s,]/.test(token)) return `expected one address or CIDR, found "${token}"`;
        const dash = token.indexOf('-');
        if (dash < 0) return ranges.addCidr(token, plain);
        // Name the whole token: half of "not-an-ip" tells the reader nothing.
        const problem = ranges.addRange(token.slice(0, dash), token.slice(dash + 1), plain);
        return problem && problem.endsWith('is not an IP address') ? `"${token}" is not an IP address, a CIDR or a first-last range` : problem;
      };
    case 'ipcat-csv':
      return csvLine(4, 'start,end,provider,url', ([start, end, provider]) =>
        ranges.addRange(start!, end!, intern(provider!, () => (provider ? { source, provider } : plain))),
      );
    case 'range-country-csv':
      return csvLine(3, 'start,end,CC', ([start, end, code]) => {
        const country = code!.toUpperCase();
        if (!/^[A-Z]{2}$/.test(country)) return `"${code}" is not a two-letter country code`;
        return ranges.addRange(start!, end!, intern(country, () => ({ source, country })));
      });
  }
}

function csvLine(count: number, columns: string, handle: (fields: string[]) => string | null): LineParser {
  return (line) => {
    const fields = splitCsv(line);
    if (!fields) return 'a quoted field is not closed';
    return fields.length === count ? handle(fields) : `expected ${columns}, found ${fields.length} fields`;
  };
}
