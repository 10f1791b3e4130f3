import { basename } from 'node:path';
import type { ImportWarning, ListEntity, ListFileInfo } from '../entity.js';
import { EntityBuilder } from './entity-builder.js';
import { listCountry } from './list-country.js';
import { ofacEntityType, personName, splitPrograms } from './ofac-common.js';
import { cell, findSiblings, groupByEntity, ofacRows, type OfacSiblings, type SiblingKind } from './ofac-csv-read.js';
import { applyRemarks } from './ofac-remarks.js';
import type { ListParser } from './parser.js';
import { malformed } from './read.js';

/**
 * OFAC's legacy delimited files (sdn.csv and the consolidated cons_prim.csv): no header, twelve
 * columns — ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
 * Vess_flag, Vess_owner, Remarks — with `-0-` for null and a 0x1A byte at the end. Addresses,
 * strong aliases and the overflow of Remarks live in sibling files joined on ent_num when they
 * sit beside the primary file (see `findSiblings`); each one that is not there is a
 * COMPANION_FILE_MISSING warning, as the list then loads without what it holds. Those are small
 * and read first into maps; the primary file is streamed.
 */

const MAIN_COLUMNS = 12;
const ENT_NUM = /^\d+$/;
/** Remarks longer than this were cut by OFAC and continue in the comments file. */
const REMARKS_LIMIT = 1000;
/** First row of a primary file: number, quoted name, then the type or `-0-`. */
const PRIMARY_ROW = /^\d+,"[^"]*",\s*(?:-0-|"(?:individual|vessel|aircraft)")\s*,/i;

const raw = (value: string | undefined) => (cell(value) === null ? '' : (value ?? ''));

interface Joined {
  add: Map<string, string[][]>;
  alt: Map<string, string[][]>;
  comments: Map<string, string[][]>;
}

/** What a list loses without each companion file. */
const LOST: Record<SiblingKind, string> = {
  alt: 'its aliases (a.k.a., f.k.a. and n.k.a. names), so a search for one finds nothing',
  add: 'its addresses and the countries they give',
  comments: 'the ends of long remarks that OFAC moves there (identifiers, dates and addresses past 1,000 characters)',
};

/** One COMPANION_FILE_MISSING warning per companion file that is not beside the primary one. */
export function companionWarnings(path: string, siblings: OfacSiblings, consolidated: boolean): ImportWarning[] {
  const name = basename(path);
  if (!siblings.expected) {
    const files = consolidated ? 'cons_add.csv, cons_alt.csv and cons_comments.csv' : 'add.csv, alt.csv and sdn_comments.csv';
    const stem = consolidated ? 'cons_prim' : 'sdn';
    return [{ code: 'COMPANION_FILE_MISSING', message: `${name} is not named ${stem}….csv, so its companion files (${files}) were not looked for: the list is imported without aliases, addresses or the overflow of long remarks; rename it as OFAC names it, with the companions beside it, and import again` }];
  }
  const expected = siblings.expected;
  return (['alt', 'add', 'comments'] as const)
    .filter((kind) => siblings[kind] === null)
    .map((kind) => ({ code: 'COMPANION_FILE_MISSING', message: `${expected[kind]} (or ${expected[kind]}.gz) is not beside ${name}: the list is imported without ${LOST[kind]}; put the file beside it and import again` }));
}

/**
 * The one COMPANION_FILE_MISSING warning for an OFAC CSV fetched from a URL (`screening.sources`):
 * a refresh fetches that URL alone, never the companion files, so "put the file beside it" would
 * not help there.
 */
export function urlCompanionWarning(url: string, consolidated: boolean): ImportWarning {
  const files = consolidated ? 'cons_add.csv, cons_alt.csv and cons_comments.csv' : 'add.csv, alt.csv and sdn_comments.csv';
  const instead = consolidated ? 'import cons_prim.csv with its companion files beside it with vigil lists import' : 'configure OFAC\u2019s sdn.xml (format ofac-sdn-xml) instead, as it holds them, or import sdn.csv with its companion files beside it with vigil lists import';
  return { code: 'COMPANION_FILE_MISSING', message: `${url} is fetched alone: a list refresh does not fetch OFAC\u2019s companion files (${files}), so the list is loaded without aliases, addresses or the overflow of long remarks; for those, ${instead}` };
}

async function joinTables(siblings: OfacSiblings): Promise<Joined> {
  const [add, alt, comments] = await Promise.all([
    groupByEntity(siblings.add, 6),
    groupByEntity(siblings.alt, 5),
    groupByEntity(siblings.comments, 2),
  ]);
  return { add, alt, comments };
}

function toEntity(path: string, row: string[], joined: Joined): ListEntity {
  const id = (row[0] ?? '').trim();
  if (!ENT_NUM.test(id)) throw malformed(path, `ent_num "${id}" is not a number`, { record: id });
  const type = ofacEntityType(cell(row[2]));
  const isPerson = type === 'person';
  const b = new EntityBuilder(id, type);
  const name = cell(row[1]);
  b.name(name && isPerson ? personName(name) : name, 'primary');
  for (const p of splitPrograms(cell(row[3]))) b.program(p);
  addVessel(b, row);
  for (const alt of joined.alt.get(id) ?? []) addAlias(b, alt, isPerson);
  for (const add of joined.add.get(id) ?? []) addAddress(b, add);
  // Joined untrimmed: OFAC cuts Remarks mid-word and the comments row carries on from there.
  const main = raw(row[11]);
  const comments = (joined.comments.get(id) ?? []).map((c) => raw(c[1])).join('');
  const remarks = `${main}${comments}`.trim();
  if (remarks) applyRemarks(b, remarks, isPerson, comments !== '' || main.length < REMARKS_LIMIT);
  const title = cell(row[4]);
  b.remark(title ? `Title: ${title}` : null).remark(remarks);
  if (!b.hasPrimaryName()) throw malformed(path, `record ${id} has no name`, { record: id });
  return b.build();
}

function addVessel(b: EntityBuilder, row: string[]): void {
  const callSign = cell(row[5]);
  if (callSign) b.identifier({ type: 'call_sign', value: callSign });
  b.country(listCountry(cell(row[9])));
}

/** alt.csv: ent_num, alt_num, alt_type (aka / fka / nka), alt_name, alt_remarks. */
function addAlias(b: EntityBuilder, alt: string[], isPerson: boolean): void {
  const name = cell(alt[3]);
  if (!name) return;
  const kind = (cell(alt[2]) ?? '').toLowerCase();
  const weak = /\bweak\b/i.test(cell(alt[4]) ?? '');
  const full = isPerson ? personName(name) : name;
  b.name(full, kind === 'fka' ? 'former' : weak ? 'weak_alias' : 'alias');
}

/** add.csv: ent_num, add_num, address, "city, state/province, postal code", country, remarks. */
function addAddress(b: EntityBuilder, add: string[]): void {
  const parts = [cell(add[2]), cell(add[3]), cell(add[4])].filter((p): p is string => p !== null);
  if (parts.length > 0) b.address(parts.join(', '));
  b.country(listCountry(cell(add[4])));
}

function parseOfacCsv(consolidated: boolean) {
  return async function* (path: string, info: ListFileInfo): AsyncGenerator<ListEntity> {
    const siblings = await findSiblings(path);
    const joined = await joinTables(siblings);
    info.warnings = [...(info.warnings ?? []), ...companionWarnings(path, siblings, consolidated)];
    const ids = new Set<string>();
    for await (const row of ofacRows(path, MAIN_COLUMNS, info, true)) {
      const entity = toEntity(path, row, joined);
      ids.add(entity.sourceId);
      yield entity;
    }
    // OFAC publishes the files together, so a companion row for an ent_num the primary file lacks means the primary was cut short.
    for (const kind of ['alt', 'add', 'comments'] as const) {
      const dangling = [...joined[kind].keys()].filter((id) => !ids.has(id));
      if (dangling.length > 0) {
        const companion = basename(siblings[kind]!);
        throw malformed(path, `${companion} has rows for ${dangling.length} ent_num(s) this file lacks (${dangling.slice(0, 3).join(', ')}${dangling.length > 3 ? ', …' : ''}): the file is cut short or the companion is from another date; fetch the set again`, { companion, dangling: dangling.length, reason: 'dangling_reference' });
      }
    }
  };
}

const looksLikeOfacCsv = (head: string) => PRIMARY_ROW.test(head.replace(/^\uFEFF/, ''));
const isConsolidatedName = (fileName: string) => /^cons/i.test(basename(fileName));

export const ofacSdnCsvParser: ListParser = {
  format: 'ofac-sdn-csv',
  defaultList: 'ofac-sdn',
  detect: (head, fileName) => looksLikeOfacCsv(head) && !isConsolidatedName(fileName),
  parse: parseOfacCsv(false),
};

export const ofacConsCsvParser: ListParser = {
  format: 'ofac-cons-csv',
  defaultList: 'ofac-cons',
  detect: (head, fileName) => looksLikeOfacCsv(head) && isConsolidatedName(fileName),
  parse: parseOfacCsv(true),
};
