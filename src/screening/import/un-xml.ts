import type { ListEntity, ListFileInfo, NameKind } from '../entity.js';
import { circaDate, listDate, yearRange } from './dates.js';
import { EntityBuilder } from './entity-builder.js';
import { listCountry } from './list-country.js';
import type { ListParser } from './parser.js';
import { malformed } from './read.js';
import { type XmlNode, childrenNamed, textOf, xmlRecords } from './xml-records.js';

/**
 * The UN Security Council Consolidated List XML (sc-sanctions.xsd): root `CONSOLIDATED_LIST`
 * with `dateGenerated`, then INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY. Names are split over
 * FIRST_NAME … FOURTH_NAME in display order; the list repeats empty placeholder elements
 * (`<INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>`), which are skipped.
 */

const RECORDS = new Set(['INDIVIDUAL', 'ENTITY']);
const NAME_PARTS = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'];
const ADDRESS_PARTS = ['STREET', 'CITY', 'STATE_PROVINCE', 'ZIP_CODE', 'COUNTRY'];

/** Every `<VALUE>` of a wrapper such as `<NATIONALITY><VALUE>Iraq</VALUE></NATIONALITY>`. */
const values = (node: XmlNode, wrapper: string): string[] =>
  childrenNamed(node, wrapper).flatMap((w) => childrenNamed(w, 'VALUE').map((v) => v.text.trim()).filter(Boolean));

function toEntity(path: string, node: XmlNode): ListEntity {
  const person = node.name === 'INDIVIDUAL';
  const id = textOf(node, 'DATAID');
  if (!id) throw malformed(path, `an ${node.name} has no DATAID`);
  const b = new EntityBuilder(id, person ? 'person' : 'organization');
  b.name(NAME_PARTS.map((p) => textOf(node, p)).filter(Boolean).join(' '), 'primary');
  if (!b.hasPrimaryName()) throw malformed(path, `${node.name} ${id} has no name`, { record: id });
  b.name(textOf(node, 'NAME_ORIGINAL_SCRIPT'), 'original_script');
  for (const alias of childrenNamed(node, person ? 'INDIVIDUAL_ALIAS' : 'ENTITY_ALIAS')) addAlias(b, alias);
  b.program(textOf(node, 'UN_LIST_TYPE')).program(textOf(node, 'REFERENCE_NUMBER'));
  b.listedAt(listDate(textOf(node, 'LISTED_ON')?.slice(0, 10)));
  for (const n of values(node, 'NATIONALITY')) b.country(listCountry(n));
  for (const a of childrenNamed(node, person ? 'INDIVIDUAL_ADDRESS' : 'ENTITY_ADDRESS')) addAddress(b, a);
  for (const d of childrenNamed(node, 'INDIVIDUAL_DATE_OF_BIRTH')) b.date(birthDate(d));
  for (const d of childrenNamed(node, 'INDIVIDUAL_DOCUMENT')) addDocument(b, d);
  const designation = values(node, 'DESIGNATION').join('; ');
  b.remark(designation ? `Designation: ${designation}` : null).remark(textOf(node, 'COMMENTS1'));
  return b.build();
}

/** QUALITY Good / a.k.a. → alias, Low → weak_alias, f.k.a. → former. */
function addAlias(b: EntityBuilder, alias: XmlNode): void {
  const quality = (textOf(alias, 'QUALITY') ?? '').toLowerCase();
  const kind: NameKind = quality === 'low' ? 'weak_alias' : quality.startsWith('f.k.a') ? 'former' : 'alias';
  b.name(textOf(alias, 'ALIAS_NAME'), kind);
  // An alias may carry the birth date used under that name.
  b.date(listDate(textOf(alias, 'DATE_OF_BIRTH')));
}

function addAddress(b: EntityBuilder, address: XmlNode): void {
  b.address(ADDRESS_PARTS.map((p) => textOf(address, p)).filter(Boolean).join(', '));
  b.country(listCountry(textOf(address, 'COUNTRY')));
}

/** TYPE_OF_DATE EXACT (DATE or YEAR), APPROXIMATELY (a year either side), BETWEEN (FROM_YEAR..TO_YEAR). */
function birthDate(d: XmlNode): string | null {
  const type = textOf(d, 'TYPE_OF_DATE')?.toUpperCase();
  const exact = listDate(textOf(d, 'DATE') ?? textOf(d, 'YEAR'));
  if (type === 'BETWEEN') {
    const from = textOf(d, 'FROM_YEAR');
    const to = textOf(d, 'TO_YEAR');
    return from && to ? yearRange(from, to) : exact;
  }
  if (type === 'APPROXIMATELY' && exact) return circaDate(exact);
  return exact;
}

/** Passports and national ids; the type text is free-form, so only the kind is normalised. */
function addDocument(b: EntityBuilder, doc: XmlNode): void {
  const value = textOf(doc, 'NUMBER');
  if (!value) return;
  const label = `${textOf(doc, 'TYPE_OF_DOCUMENT') ?? ''} ${textOf(doc, 'TYPE_OF_DOCUMENT2') ?? ''}`.toLowerCase();
  const type = /passport|pasaporte|passeport/.test(label)
    ? 'passport'
    : /ident|national|civil|tazkira|id card|personal/.test(label) ? 'national_id' : 'other';
  const country = listCountry(textOf(doc, 'ISSUING_COUNTRY') ?? textOf(doc, 'COUNTRY_OF_ISSUE'));
  b.identifier(country ? { type, value, country } : { type, value });
}

async function* parse(path: string, info: ListFileInfo): AsyncGenerator<ListEntity> {
  const onRoot = (name: string, attributes: Record<string, string>) => {
    if (name !== 'CONSOLIDATED_LIST') throw malformed(path, `root element is <${name}>, expected <CONSOLIDATED_LIST>`);
    info.publishedAt = attributes.dateGenerated?.trim() || null;
  };
  for await (const node of xmlRecords(path, { records: RECORDS, onRoot, progress: info })) yield toEntity(path, node);
}

export const unXmlParser: ListParser = {
  format: 'un-xml',
  defaultList: 'un',
  detect: (head) => /<CONSOLIDATED_LIST[\s>]/.test(head),
  parse,
};
