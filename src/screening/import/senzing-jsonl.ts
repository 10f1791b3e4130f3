import type { EntityType, ListEntity, NameKind } from '../entity.js';
import {
  addIdentifier, addName, addUnique, countryOf, countSkipped, firstLine, isoDate, jsonLines, newEntity,
  type ParseInfo, records, settleNames, topicOf,
} from './list-helpers.js';
import type { ListParser } from './parser.js';
import { malformed } from './read.js';

/**
 * Senzing entity-resolution JSON lines, as OpenSanctions exports its datasets: `RECORD_ID`,
 * `RECORD_TYPE` (PERSON / ORGANIZATION …) and feature lists — `NAMES` (`NAME_TYPE`, `NAME_FULL`
 * or `NAME_ORG` or `NAME_FIRST`/`NAME_MIDDLE`/`NAME_LAST`), `DATES` (`DATE_OF_BIRTH`,
 * `REGISTRATION_DATE`), `COUNTRIES` (`NATIONALITY`, `CITIZENSHIP` …, lower-case ISO2),
 * `IDENTIFIERS`, `ADDRESSES`, `RISKS` (`TOPIC`: OpenSanctions topics). Senzing also allows the
 * same attributes flat on the record, so the record itself is read as one more feature.
 * Records without a party type (OpenSanctions writes positions with `RECORD_TYPE: null`) are
 * skipped and counted in `info.skipped`.
 */
const RECORD_TYPES = new Map<string, EntityType>([['PERSON', 'person'], ['ORGANIZATION', 'organization'], ['VESSEL', 'vessel'], ['AIRCRAFT', 'aircraft']]);
const NAME_KINDS = new Map<string, NameKind>([['PRIMARY', 'primary'], ['ALIAS', 'alias'], ['AKA', 'alias'], ['FORMER', 'former'], ['FKA', 'former'], ['NATIVE', 'original_script']]);
const COUNTRY_KEYS = ['NATIONALITY', 'CITIZENSHIP', 'REGISTRATION_COUNTRY', 'COUNTRY_OF_ASSOCIATION'];
/** Number attribute, its country attribute, Vigil identifier kind. */
const ID_KEYS: [string, string, string][] = [
  ['PASSPORT_NUMBER', 'PASSPORT_COUNTRY', 'passport'], ['NATIONAL_ID_NUMBER', 'NATIONAL_ID_COUNTRY', 'national_id'],
  ['TAX_ID_NUMBER', 'TAX_ID_COUNTRY', 'tax_id'], ['DUNS_NUMBER', '', 'registration'], ['LEI_NUMBER', '', 'lei'],
];
const OTHER_ID_TYPES = new Map([['IMO', 'imo'], ['INN', 'tax_id'], ['OGRN', 'registration'], ['SWIFT', 'swift'], ['SWIFT_BIC', 'swift'], ['LEI', 'lei']]);
/** Database references rather than documents: OpenSanctions' own id (already the sourceId) and Wikidata. */
const REFERENCES = new Set(['OPEN_SANCTIONS', 'WIKIDATA']);
const ADDRESS_KEYS = ['ADDR_LINE1', 'ADDR_LINE2', 'ADDR_LINE3', 'ADDR_LINE4', 'ADDR_LINE5', 'ADDR_LINE6', 'ADDR_CITY', 'ADDR_STATE', 'ADDR_POSTAL_CODE', 'ADDR_COUNTRY'];
const RECORD_ID_KEY = /"RECORD_ID"\s*:/;

type Feature = Record<string, unknown>;

export const senzingJsonlParser: ListParser = {
  format: 'senzing-jsonl',
  defaultList: 'opensanctions-senzing',
  detect: (head) => {
    const first = firstLine(head);
    return first.startsWith('{') && RECORD_ID_KEY.test(first);
  },
  parse: parseSenzing,
};

async function* parseSenzing(path: string, info: ParseInfo): AsyncGenerator<ListEntity> {
  for await (const { record, line } of jsonLines(path, info)) {
    const id = text(record.RECORD_ID);
    if (!id) throw malformed(path, `line ${line} is not a Senzing record (no RECORD_ID)`, { line });
    const type = RECORD_TYPES.get(text(record.RECORD_TYPE).toUpperCase());
    const entity = type ? toEntity(id, type, record) : null;
    if (entity) yield entity;
    else countSkipped(info, type ? 'unnamed' : text(record.RECORD_TYPE) || 'untyped');
  }
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** A feature list plus the record itself, where flat attributes live. */
const features = (record: Feature, key: string): Feature[] => [...records(record[key]), record];

function toEntity(id: string, type: EntityType, record: Feature): ListEntity | null {
  const e = newEntity(id, type);
  for (const n of features(record, 'NAMES')) addName(e, nameOf(n), NAME_KINDS.get(text(n.NAME_TYPE).toUpperCase()) ?? 'alias');
  if (!e.names.length) return null;
  settleNames(e.names);
  for (const r of features(record, 'RISKS')) addUnique(e.topics, topicOf(text(r.TOPIC)));
  for (const d of features(record, 'DATES')) {
    addUnique(e.dates, isoDate(text(d.DATE_OF_BIRTH)));
    addUnique(e.dates, isoDate(text(d.REGISTRATION_DATE)));
  }
  for (const c of features(record, 'COUNTRIES')) for (const key of COUNTRY_KEYS) addUnique(e.countries, countryOf(text(c[key])));
  for (const i of features(record, 'IDENTIFIERS')) readIdentifier(e, i);
  for (const a of features(record, 'ADDRESSES')) readAddress(e, a);
  return e;
}

function nameOf(n: Feature): string {
  return text(n.NAME_FULL) || text(n.NAME_ORG) || [n.NAME_FIRST, n.NAME_MIDDLE, n.NAME_LAST].map(text).filter(Boolean).join(' ');
}

function readIdentifier(e: ListEntity, f: Feature): void {
  for (const [number, country, kind] of ID_KEYS) addIdentifier(e, kind, text(f[number]), countryOf(text(f[country])));
  for (const prefix of ['OTHER_ID', 'TRUSTED_ID']) {
    const label = text(f[`${prefix}_TYPE`]).toUpperCase();
    if (!REFERENCES.has(label)) addIdentifier(e, OTHER_ID_TYPES.get(label) ?? 'other', text(f[`${prefix}_NUMBER`]), countryOf(text(f[`${prefix}_COUNTRY`])));
  }
}

function readAddress(e: ListEntity, f: Feature): void {
  const country = countryOf(text(f.ADDR_COUNTRY));
  addUnique(e.countries, country);
  const full = text(f.ADDR_FULL) || ADDRESS_KEYS.map((k) => text(f[k])).filter(Boolean).join(', ');
  // A bare country is residence, already counted above, not an address.
  if (full && !(country && full === text(f.ADDR_COUNTRY))) addUnique(e.addresses, full);
}
