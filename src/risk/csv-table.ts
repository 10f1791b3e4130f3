import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { countryCode } from '../screening/countries.js';
import { VigilError } from '../core/errors.js';
import { RiskErrors } from './errors.js';

/** One data row with the line it ends on, so every complaint can point at the file. */
export interface CsvRow {
  line: number;
  get(column: string): string;
}

/**
 * Reads a small reference table strictly: the header must hold every required column, each row
 * must have as many fields as the header, and any failure names the file and line. Lines starting
 * with `#` are comments so curated files can say where they come from.
 */
export function readCsvTable(text: string, file: string, required: readonly string[]): CsvRow[] {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => checkHeader(header.map((h) => h.trim()), headerLine(text), file, required),
      comment: '#',
      comment_no_infix: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (err) {
    if (err instanceof VigilError) throw err;
    const line = err instanceof CsvError ? Number(err.lines) : null;
    throw malformedAt(file, line, err instanceof Error ? err.message : String(err), err);
  }
  return records.map(({ record, info }) => ({ line: info.lines, get: (column: string) => record[column] ?? '' }));
}

function checkHeader(header: string[], line: number, file: string, required: readonly string[]): string[] {
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) throw malformedAt(file, line, `the header lacks column(s) ${missing.join(', ')}`);
  return header;
}

/** The header is the first line that is neither blank nor a comment. */
function headerLine(text: string): number {
  const index = text.replace(/^\uFEFF/, '').split(/\r?\n/).findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
  return index + 1;
}

export function malformedAt(file: string, line: number | null, problem: string, cause?: unknown): VigilError {
  const where = line === null ? file : `${file} line ${line}`;
  return new VigilError(RiskErrors.RISK_LIST_MALFORMED, `${where}: ${problem}`, { file, line }, cause === undefined ? undefined : { cause });
}

/** An upper-case ISO 3166-1 alpha-2 code of a real country (XK for Kosovo included), or null. */
export function isoCountry(raw: string): string | null {
  return /^[A-Z]{2}$/.test(raw) && countryCode(raw) === raw ? raw : null;
}
