import type { VigilError } from '../../core/errors.js';
import type { EntityIdentifier, EntityType, ListEntity, ListFileInfo } from '../entity.js';
import { addIdentifier, addName, addUnique, countryOf, csvRows, firstLine, isRecord, jsonLines, newEntity, settleNames, strings, topicOf } from './list-helpers.js';
import type { ListParser } from './parser.js';
import { malformed, readHead, type ReadProgress } from './read.js';

/**
 * Vigil's generic list format, for PEP, adverse-media and in-house lists (format `csv`, list
 * `internal` unless named). Also documented in docs/list-format.md.
 *
 * CSV: UTF-8, comma-separated, RFC 4180 quoting, a header row first. Header names are matched
 * case-insensitively; a column not listed below refuses the file, naming it, so a typo such as
 * `birthdate` never drops data silently. Empty cells are absent values.
 *
 * | column        | required | content                                                                  |
 * |---------------|----------|--------------------------------------------------------------------------|
 * | `id`          | yes      | the record's stable id, unique in the file (entity id `<list>:<id>`)     |
 * | `name`        | yes      | the display name                                                         |
 * | `type`        | no       | `person` (default), `organization`, `vessel` or `aircraft`               |
 * | `aliases`     | no       | other names, `;`-separated; names in non-Latin scripts are kept as such  |
 * | `birth_date`  | no       | `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `YYYY..YYYY`, `;`-separated           |
 * | `countries`   | no       | ISO 3166-1 alpha-2 codes or English names, `;`-separated                 |
 * | `identifiers` | no       | `type:value`, `;`-separated (`passport:X1234567;tax_id:123`)             |
 * | `topics`      | no       | `pep`, `crime`, `sanction`, `debarment`, `watchlist` (or `role.pep` …)   |
 * | `programs`    | no       | programme or source names, `;`-separated                                 |
 * | `listed_at`   | no       | `YYYY-MM-DD`                                                             |
 * | `remarks`     | no       | free text                                                                |
 *
 * JSON lines (`.jsonl` / `.ndjson`): one object per line with the same keys. List fields take an
 * array of strings (a lone string is one value; it is not split on `;`); `identifiers` also
 * takes objects `{"type","value","country"?}`. Unknown keys refuse the file.
 *
 * The parser tells the two apart by content (a first line starting with `{` is JSON lines).
 * Any invalid value — an unknown type, country or topic, a malformed date, a repeated id —
 * fails the whole file with SCREENING_FILE_MALFORMED naming the line.
 */
const COLUMNS = ['id', 'name', 'type', 'aliases', 'birth_date', 'countries', 'identifiers', 'topics', 'programs', 'listed_at', 'remarks'] as const;
type Column = (typeof COLUMNS)[number];
const KNOWN = new Set<string>(COLUMNS);
const LIST_COLUMNS = new Set<string>(['aliases', 'birth_date', 'countries', 'identifiers', 'topics', 'programs']);
const TYPES = new Set<string>(['person', 'organization', 'vessel', 'aircraft']);
const TOPICS = new Set(['pep', 'crime', 'sanction', 'debarment', 'watchlist']);
const BIRTH_DATE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$|^\d{4}\.\.\d{4}$/;
const LISTED_AT = /^\d{4}-\d{2}-\d{2}$/;
const IDENTIFIER_TYPE = /^[a-z][a-z0-9_]*$/;
const JSON_KEYS = /"id"\s*:.*"name"\s*:|"name"\s*:.*"id"\s*:/;
const FOREIGN_JSON = /"schema"\s*:|"RECORD_ID"\s*:/;
const QUOTES = /^\s*"|"\s*$/g;

/** One record as read: every field a list of strings, identifiers already split. */
interface Raw {
  fields: Partial<Record<Column, string[]>>;
  identifiers: EntityIdentifier[];
}
type Fail = (message: string) => VigilError;

export const genericCsvParser: ListParser = {
  format: 'csv',
  defaultList: 'internal',
  detect: (head) => {
    const first = firstLine(head);
    if (first.startsWith('{')) return JSON_KEYS.test(first) && !FOREIGN_JSON.test(first);
    const header = headerNames(first.split(','));
    // Claimed by its id and name columns alone (it is tried last), so a typo in another column
    // is refused naming that column instead of leaving the format unknown.
    return header.includes('id') && header.includes('name');
  },
  parse: parseGeneric,
};

async function* parseGeneric(path: string, info: ListFileInfo): AsyncGenerator<ListEntity> {
  const json = firstLine(await readHead(path, 1024)).startsWith('{');
  const seen = new Map<string, number>();
  for await (const { raw, line } of json ? jsonRecords(path, info) : csvRecords(path, info)) {
    const fail: Fail = (message) => malformed(path, `line ${line}: ${message}`, { line });
    const entity = build(raw, fail);
    const first = seen.get(entity.sourceId);
    if (first !== undefined) throw fail(`id "${entity.sourceId}" repeats the record on line ${first}`);
    seen.set(entity.sourceId, line);
    yield entity;
  }
}

const headerNames = (cells: string[]): string[] => cells.map((c) => c.replace(QUOTES, '').trim().toLowerCase());

async function* csvRecords(path: string, progress: ReadProgress): AsyncGenerator<{ raw: Raw; line: number }> {
  let header: string[] | null = null;
  for await (const { row, line } of csvRows(path, progress)) {
    const fail: Fail = (message) => malformed(path, `line ${line}: ${message}`, { line });
    if (!header) {
      header = checkHeader(headerNames(row), fail);
      continue;
    }
    if (row.length !== header.length) throw fail(`${row.length} columns where the header has ${header.length}`);
    const raw: Raw = { fields: {}, identifiers: [] };
    header.forEach((column, i) => setField(raw, column as Column, cellValues(column, row[i] ?? ''), fail));
    yield { raw, line };
  }
  if (!header) throw malformed(path, 'the file is empty: a header row (id,name,…) is required');
}

function checkHeader(header: string[], fail: Fail): string[] {
  const unknown = header.filter((h) => !KNOWN.has(h));
  if (unknown.length) throw fail(`unknown column(s) ${unknown.map((u) => `"${u}"`).join(', ')}; allowed: ${COLUMNS.join(', ')}`);
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (repeated.length) throw fail(`column(s) ${repeated.join(', ')} appear twice`);
  const missing = ['id', 'name'].filter((c) => !header.includes(c));
  if (missing.length) throw fail(`the header lacks the required column(s) ${missing.join(', ')}`);
  return header;
}

function cellValues(column: string, cell: string): string[] {
  const value = cell.trim();
  if (!value) return [];
  return LIST_COLUMNS.has(column) ? value.split(';').map((v) => v.trim()).filter(Boolean) : [value];
}

async function* jsonRecords(path: string, progress: ReadProgress): AsyncGenerator<{ raw: Raw; line: number }> {
  for await (const { record, line } of jsonLines(path, progress)) {
    const fail: Fail = (message) => malformed(path, `line ${line}: ${message}`, { line });
    const unknown = Object.keys(record).filter((k) => !KNOWN.has(k));
    if (unknown.length) throw fail(`unknown key(s) ${unknown.map((u) => `"${u}"`).join(', ')}; allowed: ${COLUMNS.join(', ')}`);
    const raw: Raw = { fields: {}, identifiers: [] };
    for (const [key, value] of Object.entries(record)) {
      if (key === 'identifiers') raw.identifiers.push(...jsonIdentifiers(value, fail));
      else setField(raw, key as Column, jsonValues(key, value, fail), fail);
    }
    yield { raw, line };
  }
}

/** Scalars must be strings (an id may be a number); list fields a string or an array. */
function jsonValues(key: string, value: unknown, fail: Fail): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'number' && key === 'id') return [String(value)];
  if (typeof value === 'string' || (Array.isArray(value) && LIST_COLUMNS.has(key))) return strings(value);
  throw fail(`"${key}" must be ${LIST_COLUMNS.has(key) ? 'an array of strings' : 'a string'}`);
}

/** `"type:value"` strings or `{type, value, country?}` objects, in the order given. */
function jsonIdentifiers(value: unknown, fail: Fail): EntityIdentifier[] {
  if (value === null || value === undefined) return [];
  const items: unknown[] = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    if (typeof item === 'string') return identifierText(item, fail);
    if (isRecord(item)) return identifierObject(item, fail);
    throw fail('"identifiers" must hold "type:value" strings or {"type","value","country"} objects');
  });
}

function setField(raw: Raw, column: Column, values: string[], fail: Fail): void {
  if (column === 'identifiers') raw.identifiers.push(...values.map((v) => identifierText(v, fail)));
  else if (values.length) raw.fields[column] = values;
}

function identifierText(text: string, fail: Fail): EntityIdentifier {
  const colon = text.indexOf(':');
  const type = text.slice(0, colon).trim().toLowerCase();
  const value = text.slice(colon + 1).trim();
  if (colon < 0 || !IDENTIFIER_TYPE.test(type) || !value) throw fail(`identifier "${text}" is not type:value (e.g. passport:X1234567)`);
  return { type, value };
}

function identifierObject(o: Record<string, unknown>, fail: Fail): EntityIdentifier {
  const id = identifierText(`${String(o.type ?? '')}:${String(o.value ?? '')}`, fail);
  if (o.country === undefined || o.country === null) return id;
  const country = countryOf(String(o.country));
  if (!country) throw fail(`unknown identifier country "${String(o.country)}"`);
  return { ...id, country };
}

function build(raw: Raw, fail: Fail): ListEntity {
  const f = raw.fields;
  const id = f.id?.[0];
  const name = f.name?.[0];
  if (!id || !name) throw fail('a record needs an id and a name');
  const type = (f.type?.[0] ?? 'person').toLowerCase();
  if (!TYPES.has(type)) throw fail(`type "${type}" is not one of ${[...TYPES].join(', ')}`);
  const e = newEntity(id, type as EntityType);
  addName(e, name, 'primary');
  for (const alias of f.aliases ?? []) addName(e, alias, 'alias');
  settleNames(e.names);
  for (const i of raw.identifiers) addIdentifier(e, i.type, i.value, i.country);
  for (const p of f.programs ?? []) addUnique(e.programs, p);
  const listedAt = f.listed_at?.[0] ?? null;
  if (listedAt && !LISTED_AT.test(listedAt)) throw fail(`listed_at "${listedAt}" is not YYYY-MM-DD`);
  e.listedAt = listedAt;
  e.remarks = f.remarks?.[0] ?? null;
  addChecked(e, f, fail);
  return e;
}

/** Dates, countries and topics, each refused with the offending value when not understood. */
function addChecked(e: ListEntity, f: Raw['fields'], fail: Fail): void {
  for (const d of f.birth_date ?? []) {
    if (!BIRTH_DATE.test(d)) throw fail(`birth_date "${d}" is not YYYY-MM-DD, YYYY-MM, YYYY or YYYY..YYYY`);
    addUnique(e.dates, d);
  }
  for (const c of f.countries ?? []) {
    const code = countryOf(c);
    if (!code) throw fail(`unknown country "${c}" (use ISO 3166-1 alpha-2 codes or English names)`);
    addUnique(e.countries, code);
  }
  for (const t of f.topics ?? []) {
    const topic = TOPICS.has(t.toLowerCase()) ? t.toLowerCase() : topicOf(t);
    if (!topic) throw fail(`unknown topic "${t}"; allowed: ${[...TOPICS].join(', ')}`);
    addUnique(e.topics, topic);
  }
}
