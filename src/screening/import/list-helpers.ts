import { CsvError, parse as parseCsv } from 'csv-parse';
import { countryCode } from '../countries.js';
import type { EntityName, EntityType, ListEntity, ListFileInfo, NameKind } from '../entity.js';
import { lines, malformed, openText, streamFailure, type ReadProgress } from './read.js';

/**
 * Shared pieces of the EU, UK, FollowTheMoney, Senzing and generic parsers: entity drafts with
 * de-duplicated names and values, date and topic normalisation, and JSON-lines / CSV record
 * streams that name the line of any broken record. (The OFAC/UN parsers keep their own.)
 */

/** A letter of a script other than Latin. Common/Inherited are allowed so that "ʿ" or "·" in a
 *  transliteration does not turn "Osāma bin ʿAwaḍ" into an original-script name. */
const NON_LATIN_LETTER = /[^\P{L}\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;
const SPACES = /\s+/g;
const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|T)/;
const YEAR = /^\d{4}$/;
const BOM = /^\uFEFF/;
const LEADING_BLANKS = /^\uFEFF?\s*/;

export const isOriginalScript = (name: string): boolean => NON_LATIN_LETTER.test(name);

/** An empty entity; sanctions lists pass `['sanction']` as the OFAC/UN parsers do. */
export function newEntity(sourceId: string, type: EntityType, topics: string[] = []): ListEntity {
  return {
    sourceId, type, names: [], dates: [], countries: [], identifiers: [], addresses: [],
    cryptoAddresses: [], programs: [], topics, listedAt: null, remarks: null,
  };
}

/** Adds a name once. Non-Latin names are always `original_script`; a repeated name seen again as
 *  `primary` is promoted, because lists repeat the same spelling under several alias types. */
export function addName(entity: ListEntity, raw: string | null | undefined, kind: NameKind): void {
  const full = raw?.replace(SPACES, ' ').trim();
  if (!full) return;
  const actual: NameKind = isOriginalScript(full) ? 'original_script' : kind;
  const existing = entity.names.find((n) => n.full === full);
  if (!existing) entity.names.push({ full, kind: actual });
  else if (actual === 'primary') existing.kind = 'primary';
}

/** Puts the first primary name first; with none, promotes the first Latin-script name. */
export function settleNames(names: EntityName[]): void {
  let index = names.findIndex((n) => n.kind === 'primary');
  if (index < 0) {
    index = names.findIndex((n) => n.kind !== 'original_script');
    const promoted = names[index];
    if (promoted) promoted.kind = 'primary';
  }
  if (index > 0) names.unshift(...names.splice(index, 1));
}

export function addUnique(list: string[], value: string | null | undefined): void {
  const v = value?.trim();
  if (v && !list.includes(v)) list.push(v);
}

export function addIdentifier(entity: ListEntity, type: string, value: string | null | undefined, country?: string | null): void {
  const v = value?.trim();
  if (!v || entity.identifiers.some((i) => i.type === type && i.value === v)) return;
  entity.identifiers.push(country ? { type, value: v, country } : { type, value: v });
}

/** ISO alpha-2 for a code in any case (FtM writes `sa`) or a country name; null when unknown. */
export function countryOf(raw: string | null | undefined): string | null {
  const v = raw?.trim();
  if (!v) return null;
  return countryCode(v.length === 2 ? v.toUpperCase() : v);
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` from an ISO date or timestamp; zero parts are dropped
 *  ("1960-00-00" is a year). Free text ("20th century", "NA") gives null. */
export function isoDate(raw: string | null | undefined): string | null {
  const m = raw ? ISO_DATE.exec(raw.trim()) : null;
  if (!m) return null;
  return ymd(m[1] ?? '', m[2], m[3]);
}

/** Joins date parts, dropping a month or day that is absent, zero or out of range. */
export function ymd(year: string, month?: string, day?: string): string | null {
  if (!YEAR.test(year) || year === '0000') return null;
  const mm = Number(month);
  if (!(mm >= 1 && mm <= 12)) return year;
  const dd = Number(day);
  const m2 = String(mm).padStart(2, '0');
  return dd >= 1 && dd <= 31 ? `${year}-${m2}-${String(dd).padStart(2, '0')}` : `${year}-${m2}`;
}

/** OpenSanctions topics → Vigil topics; exact first, then by the part before the first dot. */
const TOPICS = new Map<string, string>([
  ['sanction', 'sanction'], ['asset.frozen', 'sanction'], ['sanction.counter', 'watchlist'],
  ['role.pep', 'pep'], ['role.rca', 'pep'], ['crime', 'crime'], ['wanted', 'crime'],
  ['debarment', 'debarment'], ['corp.disqual', 'debarment'], ['poi', 'watchlist'],
  ['reg', 'watchlist'], ['export', 'watchlist'],
]);

export function topicOf(raw: string): string | null {
  const t = raw.trim().toLowerCase();
  const dot = t.indexOf('.');
  return TOPICS.get(t) ?? (dot > 0 ? TOPICS.get(t.slice(0, dot)) : undefined) ?? null;
}

/** Parsers may count what they skip (relationship records, unnamed parties) by reason. */
export type ParseInfo = ListFileInfo;

export function countSkipped(info: ParseInfo, reason: string): void {
  const skipped = (info.skipped ??= {});
  skipped[reason] = (skipped[reason] ?? 0) + 1;
}

/** The first non-blank line of a file head, without a byte-order mark (for `detect`). */
export function firstLine(head: string): string {
  const text = head.replace(LEADING_BLANKS, '');
  const end = text.indexOf('\n');
  return (end < 0 ? text : text.slice(0, end)).trim();
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON value as a list of non-empty strings: a string, or the strings of an array. */
export function strings(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
}

export const records = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isRecord) : []);


/** Each non-blank line of a JSON-lines file as an object; a line that is not one fails the file. */
export async function* jsonLines(path: string, progress?: ReadProgress): AsyncGenerator<{ record: Record<string, unknown>; line: number }> {
  let line = 0;
  try {
    for await (const text of lines(openText(path, progress))) {
      line++;
      if (text.trim()) yield { record: jsonObject(path, line === 1 ? text.replace(BOM, '') : text, line), line };
    }
  } catch (err) {
    throw streamFailure(path, err);
  }
}

function jsonObject(path: string, text: string, line: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw malformed(path, `line ${line} is not valid JSON (${(err as Error).message})`, { line });
  }
  if (!isRecord(value)) throw malformed(path, `line ${line} is not a JSON object`, { line });
  return value;
}

/** Rows of a CSV file as string arrays with the line each ends on. Column counts are left to the
 *  caller because list files open with a short "Last Updated" line before the header. */
export async function* csvRows(path: string, progress?: ReadProgress): AsyncGenerator<{ row: string[]; line: number }> {
  const parser = parseCsv({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
  const source = openText(path, progress);
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { row: item.record, line: item.info.lines };
    }
  } catch (err) {
    if (!(err instanceof CsvError)) throw streamFailure(path, err);
    const line = err.lines;
    throw malformed(path, `CSV error${typeof line === 'number' ? ` at line ${line}` : ''}: ${err.message}`, { line });
  } finally {
    source.destroy();
  }
}
