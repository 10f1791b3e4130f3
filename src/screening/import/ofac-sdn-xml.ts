import type { ListEntity, ListFileInfo, NameKind } from '../entity.js';
import { listDate, usDate } from './dates.js';
import { EntityBuilder } from './entity-builder.js';
import { listCountry } from './list-country.js';
import { joinName, ofacEntityType } from './ofac-common.js';
import { cryptoFor, identifierFor } from './ofac-ids.js';
import type { ListParser } from './parser.js';
import { malformed } from './read.js';
import { type XmlNode, child, childrenNamed, textOf, xmlRecords } from './xml-records.js';

/**
 * OFAC's `sdn.xml` (namespace http://tempuri.org/sdnList.xsd): `publshInformation` (sic) with
 * Publish_Date (MM/DD/YYYY) and Record_Count, then one `sdnEntry` per record. Unlike the CSV,
 * the XML already separates ids, aliases, addresses, nationalities and birth dates, so nothing
 * is read out of the free-text remarks.
 */

const NAMESPACE = 'http://tempuri.org/sdnList.xsd';
const RECORDS = new Set(['sdnEntry', 'publshInformation']);

/** The `<xList><x>…</x></xList>` items of an entry. */
const items = (entry: XmlNode, list: string, item: string): XmlNode[] => {
  const container = child(entry, list);
  return container ? childrenNamed(container, item) : [];
};

function toEntity(path: string, entry: XmlNode): ListEntity {
  const uid = textOf(entry, 'uid');
  if (!uid) throw malformed(path, 'an sdnEntry has no uid');
  const type = ofacEntityType(textOf(entry, 'sdnType'));
  const b = new EntityBuilder(uid, type);
  b.name(joinName(textOf(entry, 'firstName'), textOf(entry, 'lastName')), 'primary');
  if (!b.hasPrimaryName()) throw malformed(path, `sdnEntry ${uid} has no name`, { record: uid });
  for (const p of items(entry, 'programList', 'program')) b.program(p.text);
  for (const aka of items(entry, 'akaList', 'aka')) b.name(joinName(textOf(aka, 'firstName'), textOf(aka, 'lastName')), akaKind(aka));
  addIds(b, entry);
  addPlaces(b, entry);
  for (const dob of items(entry, 'dateOfBirthList', 'dateOfBirthItem')) b.date(listDate(textOf(dob, 'dateOfBirth')));
  addVessel(b, child(entry, 'vesselInfo'));
  const title = textOf(entry, 'title');
  b.remark(title ? `Title: ${title}` : null).remark(textOf(entry, 'remarks'));
  const pob = items(entry, 'placeOfBirthList', 'placeOfBirthItem').map((p) => textOf(p, 'placeOfBirth')).filter(Boolean);
  // ListEntity has no place of birth; keep it for the reviewer, not as a country to match on.
  if (pob.length > 0) b.remark(`POB ${pob.join(' / ')}`);
  return b.build();
}

/** a.k.a. strong → alias, a.k.a. weak → weak_alias, f.k.a. → former, n.k.a. → alias. */
function akaKind(aka: XmlNode): NameKind {
  const type = (textOf(aka, 'type') ?? '').toLowerCase();
  if (type.startsWith('f.k.a')) return 'former';
  return textOf(aka, 'category')?.toLowerCase() === 'weak' ? 'weak_alias' : 'alias';
}

function addIds(b: EntityBuilder, entry: XmlNode): void {
  for (const id of items(entry, 'idList', 'id')) {
    const label = textOf(id, 'idType') ?? '';
    const value = textOf(id, 'idNumber') ?? '';
    const crypto = cryptoFor(label, value);
    if (crypto) {
      b.crypto(crypto);
      continue;
    }
    if (label === 'Organization Established Date') b.date(listDate(value));
    else if (label === 'Nationality of Registration') b.country(listCountry(value));
    else {
      const identifier = identifierFor(label, value, textOf(id, 'idCountry'));
      if (identifier) b.identifier(identifier);
    }
  }
}

function addPlaces(b: EntityBuilder, entry: XmlNode): void {
  for (const n of items(entry, 'nationalityList', 'nationality')) b.country(listCountry(textOf(n, 'country')));
  for (const c of items(entry, 'citizenshipList', 'citizenship')) b.country(listCountry(textOf(c, 'country')));
  for (const a of items(entry, 'addressList', 'address')) {
    const parts = ['address1', 'address2', 'address3', 'city', 'stateOrProvince', 'postalCode', 'country'].map((f) => textOf(a, f));
    b.address(parts.filter(Boolean).join(', '));
    b.country(listCountry(textOf(a, 'country')));
  }
}

function addVessel(b: EntityBuilder, vessel: XmlNode | undefined): void {
  if (!vessel) return;
  const callSign = textOf(vessel, 'callSign');
  if (callSign) b.identifier({ type: 'call_sign', value: callSign });
  b.country(listCountry(textOf(vessel, 'vesselFlag')));
}

function readPublishInformation(node: XmlNode, info: ListFileInfo): void {
  info.publishedAt = usDate(textOf(node, 'Publish_Date'));
  const count = Number(textOf(node, 'Record_Count'));
  info.declaredCount = Number.isInteger(count) && count > 0 ? count : null;
}

async function* parse(path: string, info: ListFileInfo): AsyncGenerator<ListEntity> {
  const onRoot = (name: string) => {
    if (name !== 'sdnList') throw malformed(path, `root element is <${name}>, expected <sdnList>`);
  };
  for await (const node of xmlRecords(path, { records: RECORDS, onRoot, progress: info })) {
    if (node.name === 'publshInformation') readPublishInformation(node, info);
    else yield toEntity(path, node);
  }
}

export const ofacSdnXmlParser: ListParser = {
  format: 'ofac-sdn-xml',
  defaultList: 'ofac-sdn',
  detect: (head) => head.includes(NAMESPACE) || /<sdnList[\s>]/.test(head),
  parse,
};
