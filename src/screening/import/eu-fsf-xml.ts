import { isVigilError } from '../../core/errors.js';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { EntityType, ListEntity, ListFileInfo } from '../entity.js';
import { addIdentifier, addName, addUnique, countryOf, isoDate, newEntity, settleNames, ymd } from './list-helpers.js';
import { streamFailure } from './read.js';
import type { ListParser } from './parser.js';
import { malformed, openText } from './read.js';

/**
 * EU Financial Sanctions Files (FSF) XML: `<export generationDate=…>` in namespace
 * `http://eu.europa.ec/fpi/fsd/export`, one `<sanctionEntity logicalId=…>` per listing with
 * `regulation`, `subjectType`, `nameAlias`, `birthdate`, `citizenship`, `identification`,
 * `address` and `remark` children. Streams with saxes; a truncated or broken document fails
 * with SCREENING_FILE_MALFORMED naming the line.
 */
const NAMESPACE = 'http://eu.europa.ec/fpi/fsd/export';

const SUBJECT_TYPES: Record<string, EntityType> = { person: 'person', enterprise: 'organization' };

/** EU identificationTypeCode → Vigil identifier kinds; unlisted codes become `other`. */
const ID_TYPES = new Map([
  ['passport', 'passport'], ['id', 'national_id'], ['ssn', 'national_id'], ['fiscalcode', 'tax_id'],
  ['regnumber', 'registration'], ['swiftbic', 'swift'], ['imo', 'imo'],
]);

/** saxes prefixes its messages with `line:column: `; the error states them in words instead. */
const SAX_POSITION = /^\d+:\d+: /;

type Attrs = Record<string, string>;

interface Draft {
  entity: ListEntity;
  /** The first strong alias is the display name; later strong ones are aliases. */
  hasPrimary: boolean;
  notes: string[];
  earliestRegulation: string | null;
}

export const euFsfXmlParser: ListParser = {
  format: 'eu-fsf-xml',
  defaultList: 'eu-fsf',
  detect: (head) => head.includes(NAMESPACE) || (head.includes('<export') && head.includes('<sanctionEntity')),
  parse: parseEuFsf,
};

async function* parseEuFsf(path: string, info: ListFileInfo): AsyncGenerator<ListEntity> {
  const reader = new EuReader(path, info);
  try {
    for await (const chunk of openText(path, info) as AsyncIterable<string>) {
      reader.write(chunk);
      yield* reader.take();
    }
  } catch (err) {
    throw streamFailure(path, err);
  }
  reader.close();
  yield* reader.take();
}

class EuReader {
  private readonly sax = new SaxesParser({ xmlns: false });
  private readonly done: ListEntity[] = [];
  private draft: Draft | null = null;
  private remark: string | null = null;
  private sawRoot = false;

  constructor(private readonly path: string, private readonly info: ListFileInfo) {
    this.sax.on('opentag', (tag) => this.onOpen(tag));
    this.sax.on('closetag', (tag) => this.onClose(tag));
    this.sax.on('text', (text) => this.onText(text));
    this.sax.on('cdata', (text) => this.onText(text));
  }

  write(chunk: string): void {
    this.guard(() => this.sax.write(chunk));
  }

  close(): void {
    this.guard(() => this.sax.close());
  }

  /** Entities completed since the last call. */
  take(): ListEntity[] {
    return this.done.splice(0);
  }

  private guard(step: () => void): void {
    try {
      step();
    } catch (err) {
      // Our own coded errors pass through; anything else is saxes rejecting the document.
      if (isVigilError(err)) throw err;
      const { line, column } = this.sax;
      const reason = (err as Error).message.replace(SAX_POSITION, '');
      throw malformed(this.path, `broken XML at line ${line}, column ${column}: ${reason}`, { line, column });
    }
  }

  private onOpen(tag: SaxesTagPlain): void {
    const name = localName(tag.name);
    const a = tag.attributes;
    if (!this.sawRoot) return this.root(name, a);
    if (name === 'sanctionEntity') return this.start(a);
    if (name === 'remark') this.remark = '';
    if (this.draft) readChild(this.draft, name, a);
  }

  private root(name: string, a: Attrs): void {
    this.sawRoot = true;
    if (name !== 'export') throw malformed(this.path, `the root element is <${name}>, not an EU FSF <export>`);
    this.info.publishedAt = a.generationDate || null;
  }

  private start(a: Attrs): void {
    const sourceId = a.logicalId?.trim();
    if (!sourceId) throw malformed(this.path, `a sanctionEntity near line ${this.sax.line} has no logicalId`, { line: this.sax.line });
    const entity = newEntity(sourceId, 'unknown', ['sanction']);
    entity.listedAt = isoDate(a.designationDate);
    this.draft = { entity, hasPrimary: false, notes: [], earliestRegulation: null };
  }

  private onText(text: string): void {
    if (this.remark !== null) this.remark += text;
  }

  private onClose(tag: SaxesTagPlain): void {
    const name = localName(tag.name);
    if (name === 'remark' && this.remark !== null) {
      if (this.draft) addUnique(this.draft.notes, this.remark);
      this.remark = null;
    } else if (name === 'sanctionEntity' && this.draft) {
      this.done.push(finish(this.draft));
      this.draft = null;
    }
  }
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function readChild(d: Draft, name: string, a: Attrs): void {
  const e = d.entity;
  switch (name) {
    case 'regulation':
      addUnique(e.programs, a.programme);
      d.earliestRegulation = earliest(d.earliestRegulation, isoDate(a.publicationDate));
      return;
    case 'subjectType':
      e.type = SUBJECT_TYPES[a.code ?? ''] ?? 'unknown';
      return;
    case 'nameAlias':
      return readAlias(d, a);
    case 'birthdate':
      return addUnique(e.dates, birthDate(a));
    case 'citizenship':
      return addUnique(e.countries, countryOf(a.countryIso2Code));
    case 'identification':
      return addIdentifier(e, ID_TYPES.get(a.identificationTypeCode ?? '') ?? 'other', a.number || a.latinNumber, countryOf(a.countryIso2Code));
    case 'address':
      return readAddress(e, a);
  }
}

function readAlias(d: Draft, a: Attrs): void {
  const full = a.wholeName?.trim() || [a.firstName, a.middleName, a.lastName].filter(Boolean).join(' ');
  const strong = a.strong !== 'false';
  addName(d.entity, full, !strong ? 'weak_alias' : d.hasPrimary ? 'alias' : 'primary');
  // A non-Latin first alias is kept as original script, so the next strong one is primary.
  if (strong && d.entity.names.some((n) => n.kind === 'primary')) d.hasPrimary = true;
  addUnique(d.notes, a.function);
}

/** `birthdate` when complete; else year (and month); `circa` and year ranges become `YYYY..YYYY`. */
function birthDate(a: Attrs): string | null {
  if (a.yearRangeFrom && a.yearRangeTo) return `${a.yearRangeFrom}..${a.yearRangeTo}`;
  const date = isoDate(a.birthdate) ?? ymd(a.year ?? '', a.monthOfYear, a.dayOfMonth);
  if (!date || a.circa !== 'true') return date;
  const year = Number(date.slice(0, 4));
  return `${year - 1}..${year + 1}`;
}

function readAddress(e: ListEntity, a: Attrs): void {
  const country = countryOf(a.countryIso2Code);
  addUnique(e.countries, country);
  const parts = [a.street, a.poBox, a.place, a.city, a.zipCode, a.region].map((p) => p?.trim()).filter(Boolean);
  if (parts.length) addUnique(e.addresses, [...parts, a.countryDescription?.trim()].filter(Boolean).join(', '));
}

function earliest(a: string | null, b: string | null): string | null {
  if (!a) return b;
  return b && b < a ? b : a;
}

function finish(d: Draft): ListEntity {
  const e = d.entity;
  settleNames(e.names);
  // designationDate is the listing date; older files lack it, so fall back to the first regulation.
  e.listedAt ??= d.earliestRegulation;
  e.remarks = d.notes.length ? d.notes.join('\n') : null;
  return e;
}
