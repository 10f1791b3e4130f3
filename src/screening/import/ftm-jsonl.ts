import type { EntityType, ListEntity, NameKind } from '../entity.js';
import {
  addIdentifier, addName, addUnique, countryOf, countSkipped, firstLine, isoDate, isRecord, jsonLines, newEntity,
  type ParseInfo, settleNames, strings, topicOf,
} from './list-helpers.js';
import type { ListParser } from './parser.js';
import { malformed } from './read.js';

/**
 * OpenSanctions FollowTheMoney entities, one JSON object per line (`id`, `caption`, `schema`,
 * `properties` of string lists, `datasets`, `first_seen` …). Only parties become entities;
 * relationship and other records (Family, Occupancy, Position, Ownership, Sanction …) are
 * skipped and counted in `info.skipped` by schema.
 *
 * Real exports are looser than the schema: property values are sometimes a bare string instead
 * of a list, dates are free text ("20th century"), countries are upper-case or country names.
 * Such values are read when they make sense and dropped when they do not.
 */
const PARTIES = new Map<string, EntityType>([
  ['Person', 'person'], ['Organization', 'organization'], ['Company', 'organization'], ['LegalEntity', 'organization'],
  ['PublicBody', 'organization'], ['Vessel', 'vessel'], ['Airplane', 'aircraft'],
]);
const NAME_PROPS: [string, NameKind][] = [['name', 'alias'], ['alias', 'alias'], ['weakAlias', 'weak_alias'], ['previousName', 'former']];
const DATE_PROPS = ['birthDate', 'incorporationDate'];
const COUNTRY_PROPS = ['nationality', 'citizenship', 'country', 'jurisdiction', 'mainCountry'];
const ID_PROPS: [string, string][] = [
  ['passportNumber', 'passport'], ['idNumber', 'national_id'], ['innCode', 'tax_id'], ['taxNumber', 'tax_id'], ['vatCode', 'tax_id'],
  ['registrationNumber', 'registration'], ['ogrnCode', 'registration'], ['leiCode', 'lei'], ['swiftBic', 'swift'], ['imoNumber', 'imo'],
];
/** PEP datasets (`sa_wiki_peps_v2`, `wd_peps`) do not always tag their people with `role.pep`. */
const PEP_DATASET = /(?:^|_)peps?(?:_|$)/;
const SCHEMA_KEY = /"schema"\s*:\s*"|"properties"\s*:\s*\{/;

export const ftmJsonlParser: ListParser = {
  format: 'ftm-jsonl',
  defaultList: 'opensanctions',
  detect: (head) => {
    const first = firstLine(head);
    return first.startsWith('{') && SCHEMA_KEY.test(first);
  },
  parse: parseFtm,
};

async function* parseFtm(path: string, info: ParseInfo): AsyncGenerator<ListEntity> {
  for await (const { record, line } of jsonLines(path, info)) {
    const { id, schema } = record;
    if (typeof id !== 'string' || !id || typeof schema !== 'string') {
      throw malformed(path, `line ${line} is not a FollowTheMoney entity (no id or schema)`, { line });
    }
    const type = PARTIES.get(schema);
    const entity = type ? toEntity(id, type, schema, record) : null;
    if (entity) yield entity;
    else countSkipped(info, type ? 'unnamed' : schema);
  }
}

function toEntity(id: string, type: EntityType, schema: string, record: Record<string, unknown>): ListEntity | null {
  const props = isRecord(record.properties) ? record.properties : {};
  const e = newEntity(id, type, topics(type, props, record.datasets));
  readNames(e, schema, record.caption, props);
  if (!e.names.length) return null;
  for (const p of DATE_PROPS) for (const d of strings(props[p])) addUnique(e.dates, isoDate(d));
  for (const p of COUNTRY_PROPS) for (const c of strings(props[p])) addUnique(e.countries, countryOf(c));
  for (const [p, kind] of ID_PROPS) for (const v of strings(props[p])) addIdentifier(e, kind, v);
  for (const a of strings(props.address)) addUnique(e.addresses, a);
  for (const p of [...strings(props.program), ...strings(props.programId)]) addUnique(e.programs, p);
  // OpenSanctions' first sighting is the nearest thing to a listing date an FtM export carries.
  e.listedAt = isoDate(typeof record.first_seen === 'string' ? record.first_seen : null);
  e.remarks = strings(props.position).join('; ') || null;
  return e;
}

/** The caption is OpenSanctions' display name; `name` values beside it are aliases. */
function readNames(e: ListEntity, schema: string, caption: unknown, props: Record<string, unknown>): void {
  // A party without names gets its schema label as caption ("Person"): not a name.
  if (typeof caption === 'string' && caption !== schema) addName(e, caption, 'primary');
  for (const [prop, kind] of NAME_PROPS) for (const n of strings(props[prop])) addName(e, n, kind);
  if (!e.names.length) {
    addName(e, ['firstName', 'middleName', 'lastName'].flatMap((p) => strings(props[p]).slice(0, 1)).join(' '), 'primary');
  }
  settleNames(e.names);
}

function topics(type: EntityType, props: Record<string, unknown>, datasets: unknown): string[] {
  const out: string[] = [];
  for (const t of strings(props.topics)) addUnique(out, topicOf(t));
  if (!out.length && type === 'person' && strings(datasets).some((d) => PEP_DATASET.test(d))) out.push('pep');
  return out;
}
