import type { EntityType, ListEntity, ListFileInfo, NameKind } from '../entity.js';
import { addIdentifier, addName, addUnique, countryOf, csvRows, newEntity, settleNames, ymd } from './list-helpers.js';
import type { ListParser } from './parser.js';
import { malformed } from './read.js';

/**
 * HM Treasury / OFSI consolidated list, `ConList.csv` layout: a `Last Updated,DD/MM/YYYY` line,
 * a header (`Name 6` = surname or entity name, `Name 1`…`Name 5`, `Title`, `Name Non-Latin
 * Script`, `DOB`, `Nationality`, `Passport Number`, … `Alias Type`, `Regime`, `Listed On`, …
 * `Group ID`), then one row per alias × date of birth. Rows are grouped by `Group ID` into one
 * entity; columns are found by header name, so reordered or added columns still read.
 */
const REQUIRED = ['Name 6', 'Group ID'];
const NAME_PARTS = ['Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5', 'Name 6'];
const ADDRESS_PARTS = ['Address 1', 'Address 2', 'Address 3', 'Address 4', 'Address 5', 'Address 6', 'Post/Zip Code'];
const GROUP_TYPES = new Map<string, EntityType>([['individual', 'person'], ['entity', 'organization'], ['ship', 'vessel']]);

/** `28/09/1955`; `00` stands for an unknown day or month (`00/00/1960` is the year 1960). */
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
/** Multi-valued cells enumerate: `(1) Russian (2) Ukrainian`. */
const ENUMERATION = /\s*\(\d+\)\s*/;
/** A trailing note: `Pakistan (location as at May 2008)`, `3520025509842-7 (Pakistani)`. */
const TRAILING_NOTE = /\s*\([^()]*\)\s*$/;
const LAST_UPDATED = /^\uFEFF?Last Updated,/;

export const ukHmtCsvParser: ListParser = {
  format: 'uk-hmt-csv',
  defaultList: 'uk-hmt',
  detect: (head) => LAST_UPDATED.test(head) || head.includes('Name 6,Name 1,Name 2'),
  parse: parseUkHmt,
};

interface Group {
  entity: ListEntity;
  notes: string[];
}

class Columns {
  private readonly index = new Map<string, number>();
  readonly width: number;

  constructor(header: string[], path: string) {
    header.forEach((name, i) => this.index.set(name.trim(), i));
    this.width = header.length;
    const missing = REQUIRED.filter((name) => !this.index.has(name));
    if (missing.length) throw malformed(path, `the header lacks ${missing.join(', ')}; this is not an OFSI ConList.csv`, { line: 2 });
  }

  get(row: string[], name: string): string {
    const i = this.index.get(name);
    return i === undefined ? '' : (row[i] ?? '').trim();
  }
}

async function* parseUkHmt(path: string, info: ListFileInfo): AsyncGenerator<ListEntity> {
  // The real ConList sorts rows by name, so one Group ID's aliases are scattered through the
  // file: every group is held until the end (a few MB for the full list).
  const groups = new Map<string, Group>();
  let columns: Columns | null = null;
  for await (const { row, line } of csvRows(path, info)) {
    if (columns) {
      if (row.length !== columns.width) throw malformed(path, `line ${line} has ${row.length} columns, the header ${columns.width}`, { line });
      addRow(groups, columns, row, { path, line });
    } else if (row[0]?.trim() === 'Last Updated') {
      info.publishedAt = dmy(row[1]);
    } else {
      columns = new Columns(row, path);
    }
  }
  if (!columns) throw malformed(path, 'no header row: the file is empty or not an OFSI ConList.csv');
  for (const group of groups.values()) yield finish(group);
}

function addRow(groups: Map<string, Group>, col: Columns, row: string[], at: { path: string; line: number }): void {
  const id = col.get(row, 'Group ID');
  if (!id) throw malformed(at.path, `line ${at.line} has no Group ID`, { line: at.line });
  let group = groups.get(id);
  if (!group) {
    group = { entity: newEntity(id, GROUP_TYPES.get(col.get(row, 'Group Type').toLowerCase()) ?? 'unknown', ['sanction']), notes: [] };
    groups.set(id, group);
  }
  const e = group.entity;
  addName(e, NAME_PARTS.map((n) => col.get(row, n)).filter(Boolean).join(' '), aliasKind(col.get(row, 'Alias Type'), col.get(row, 'Alias Quality')));
  addName(e, col.get(row, 'Name Non-Latin Script'), 'original_script');
  addUnique(e.dates, dmy(col.get(row, 'DOB')));
  for (const n of listed(col.get(row, 'Nationality'))) addUnique(e.countries, nationalityCode(n));
  addUnique(e.countries, countryOf(col.get(row, 'Country').replace(TRAILING_NOTE, '')));
  for (const p of listed(col.get(row, 'Passport Number'))) addIdentifier(e, 'passport', p.replace(TRAILING_NOTE, ''));
  for (const n of listed(col.get(row, 'National Identification Number'))) addIdentifier(e, 'national_id', n.replace(TRAILING_NOTE, ''));
  addUnique(e.addresses, address(col, row));
  addUnique(e.programs, col.get(row, 'Regime'));
  e.listedAt ??= dmy(col.get(row, 'Listed On'));
  addUnique(group.notes, col.get(row, 'Position'));
  addUnique(group.notes, col.get(row, 'Other Information'));
}

function aliasKind(type: string, quality: string): NameKind {
  const t = type.toLowerCase();
  // Older files say "Prime Alias"/"AKA"; newer ones "Primary name"/"Alias"/"Primary name variation".
  if (t === 'prime alias' || t === 'primary name') return 'primary';
  if (quality.toLowerCase().startsWith('low')) return 'weak_alias';
  return t === 'fka' || t.startsWith('formerly') ? 'former' : 'alias';
}

function dmy(raw: string | undefined): string | null {
  const m = raw ? DMY.exec(raw.trim()) : null;
  return m ? ymd(m[3] ?? '', m[2], m[1]) : null;
}

const listed = (cell: string): string[] => cell.split(ENUMERATION).map((v) => v.trim()).filter(Boolean);

function address(col: Columns, row: string[]): string | null {
  const parts = ADDRESS_PARTS.map((n) => col.get(row, n)).filter(Boolean);
  if (!parts.length) return null;
  const country = col.get(row, 'Country');
  return (country ? [...parts, country] : parts).join(', ');
}

/** Nationality cells hold demonyms ("Pakistani", "Syrian", "Ukrainian") as often as names. */
const DEMONYMS = new Map([
  ['british', 'GB'], ['saudi', 'SA'], ['afghan', 'AF'], ['emirati', 'AE'], ['filipino', 'PH'], ['swiss', 'CH'],
  ['dutch', 'NL'], ['french', 'FR'], ['turkish', 'TR'], ['north korean', 'KP'], ['south korean', 'KR'], ['korean', 'KP'],
]);
const DEMONYM_SUFFIXES: [string, string][] = [['ian', 'ia'], ['ian', ''], ['ian', 'e'], ['an', 'a'], ['an', ''], ['i', ''], ['ese', ''], ['ese', 'a'], ['ish', '']];
const nationalityCache = new Map<string, string | null>();

function nationalityCode(raw: string): string | null {
  const text = raw.replace(TRAILING_NOTE, '').trim();
  let code = nationalityCache.get(text);
  if (code === undefined) {
    code = countryOf(text) ?? fromDemonym(text.toLowerCase());
    if (nationalityCache.size < 5_000) nationalityCache.set(text, code);
  }
  return code;
}

function fromDemonym(word: string): string | null {
  const known = DEMONYMS.get(word);
  if (known) return known;
  for (const [suffix, replacement] of DEMONYM_SUFFIXES) {
    const stem = word.endsWith(suffix) ? word.slice(0, -suffix.length) + replacement : '';
    // A two-letter stem would be read as an ISO code, which a demonym never is.
    const code = stem.length > 2 ? countryOf(stem) : null;
    if (code) return code;
  }
  return null;
}

function finish(group: Group): ListEntity {
  settleNames(group.entity.names);
  group.entity.remarks = group.notes.length ? group.notes.join('\n') : null;
  return group.entity;
}
