import type { ListEntity, ListFileInfo } from '../entity.js';

export const LIST_FORMATS = ['ofac-sdn-xml', 'ofac-sdn-csv', 'ofac-cons-csv', 'eu-fsf-xml', 'un-xml', 'uk-hmt-csv', 'ftm-jsonl', 'senzing-jsonl', 'csv', 'address-list'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/** A list name wherever one is given (config, API, CLI): it goes into entity ids (`<list>:<sourceId>`). */
export const LIST_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * One official list format. Parsers stream: they never hold the whole file, and they throw
 * SCREENING_FILE_MALFORMED (from `./read.ts`) naming the line or record on broken input —
 * truncated XML, a CSV row with the wrong column count, a JSON line that does not parse — so
 * the importer can refuse the file and keep the loaded version.
 */
export interface ListParser {
  format: ListFormat;
  /** List name used when the operator gives none: entity ids are `<list>:<sourceId>`. */
  defaultList: string;
  /** Whether a file looks like this format, from its first few KiB (decompressed) and its name (a directory's name ends in `/`). */
  detect(head: string, fileName: string): boolean;
  /**
   * Streams the file's entities. `info` is filled in while parsing (publish date, declared
   * count) and complete once the generator is done.
   */
  parse(path: string, info: ListFileInfo): AsyncGenerator<ListEntity>;
}
