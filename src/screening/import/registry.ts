import { addressListParser } from './address-list.js';
import { euFsfXmlParser } from './eu-fsf-xml.js';
import { ftmJsonlParser } from './ftm-jsonl.js';
import { genericCsvParser } from './generic-csv.js';
import { ofacConsCsvParser, ofacSdnCsvParser } from './ofac-csv.js';
import { ofacSdnXmlParser } from './ofac-sdn-xml.js';
import type { ListParser } from './parser.js';
import { senzingJsonlParser } from './senzing-jsonl.js';
import { ukHmtCsvParser } from './uk-hmt-csv.js';
import { unXmlParser } from './un-xml.js';

/**
 * Every supported format, in detection order: the specific official formats first, the
 * generic CSV/JSON-lines format (which accepts any headed table) last.
 */
export const ALL_PARSERS: readonly ListParser[] = [
  ofacSdnXmlParser,
  unXmlParser,
  euFsfXmlParser,
  ukHmtCsvParser,
  ofacConsCsvParser,
  ofacSdnCsvParser,
  ftmJsonlParser,
  senzingJsonlParser,
  addressListParser,
  genericCsvParser,
];
