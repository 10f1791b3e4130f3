import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CsvError, parse } from 'csv-parse';
import { malformed, openText, type ReadProgress } from './read.js';
import { streamFailure } from './read.js';

/** OFAC's null marker; the fixed-width heritage leaves a trailing space ("-0- "). */
export const cell = (value: string | undefined): string | null => {
  const v = value?.trim();
  return v && v !== '-0-' ? v : null;
};

/** The DOS end-of-file byte (0x1A) OFAC still appends, alone on the last line. */
const isEofMarker = (row: string[]) => row.length === 1 && (row[0] ?? '').trim().replace('\x1a', '') === '';

/**
 * Rows of one headerless OFAC CSV file, each checked to have exactly `columns` fields. A row of
 * another width means the file is not what it claims or was cut: SCREENING_FILE_MALFORMED
 * naming the line, never a silent skip. With `requireEndMarker`, a file whose last line is not
 * OFAC's 0x1A byte is refused too: a file cut at a line boundary has only that to show for it.
 */
export async function* ofacRows(path: string, columns: number, progress?: ReadProgress, requireEndMarker = false): AsyncGenerator<string[]> {
  const source = openText(path, progress);
  const parser = parse({ relax_column_count: true, skip_empty_lines: true, bom: true, info: true });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  let ended = false;
  let lines = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      lines = info.lines;
      ended = isEofMarker(record) && record[0]!.includes('\x1a');
      if (isEofMarker(record)) continue;
      if (record.length !== columns) {
        throw malformed(path, `line ${info.lines} has ${record.length} fields, expected ${columns}`, { line: info.lines });
      }
      yield record;
    }
    // An empty file is left to the importer's SCREENING_LIST_EMPTY.
    if (requireEndMarker && lines > 0 && !ended) {
      throw malformed(path, `the file ends after line ${lines} without OFAC\u2019s end-of-file byte (0x1A): it was cut short (or edited); fetch it again`, { line: lines, reason: 'no_end_marker' });
    }
  } catch (err) {
    if (err instanceof CsvError) throw malformed(path, `not valid CSV: ${err.message}`);
    throw streamFailure(path, err);
  } finally {
    source.destroy();
  }
}

export type SiblingKind = 'add' | 'alt' | 'comments';

export interface OfacSiblings {
  add: string | null;
  alt: string | null;
  comments: string | null;
  /**
   * The file names looked for (without `.gz`), or null when the primary file is not named as
   * OFAC names it (`sdn…`, `cons_prim…`) and nothing was looked for.
   */
  expected: Record<SiblingKind, string> | null;
}

/**
 * The add/alt/comments files published beside a primary OFAC file, found by OFAC's naming:
 * `sdn.csv` → `add.csv`, `alt.csv`, `sdn_comments.csv`; `cons_prim.csv` → `cons_add.csv`,
 * `cons_alt.csv`, `cons_comments.csv`. Whatever follows the stem (`_2021-07-07.csv.gz`) is
 * kept, with or without `.gz`, and names match case-insensitively (OFAC also serves `SDN.CSV`).
 */
export async function findSiblings(path: string): Promise<OfacSiblings> {
  const name = basename(path);
  const m = /^(sdn|cons_prim)(.*)$/i.exec(name);
  if (!m?.[1]) return { add: null, alt: null, comments: null, expected: null };
  const cons = m[1].toLowerCase() === 'cons_prim';
  const tail = (m[2] ?? '').replace(/\.gz$/i, '');
  const files = new Map((await readdir(dirname(path)).catch(() => [] as string[])).map((f) => [f.toLowerCase(), f]));
  const expected: Record<SiblingKind, string> = cons
    ? { add: `cons_add${tail}`, alt: `cons_alt${tail}`, comments: `cons_comments${tail}` }
    : { add: `add${tail}`, alt: `alt${tail}`, comments: `sdn_comments${tail}` };
  const find = (file: string) => {
    const hit = files.get(file.toLowerCase()) ?? files.get(`${file}.gz`.toLowerCase());
    return hit ? join(dirname(path), hit) : null;
  };
  return { add: find(expected.add), alt: find(expected.alt), comments: find(expected.comments), expected };
}

/** Rows of a sibling file grouped by their first column (ent_num), in file order. */
export async function groupByEntity(path: string | null, columns: number): Promise<Map<string, string[][]>> {
  const out = new Map<string, string[][]>();
  if (!path) return out;
  for await (const row of ofacRows(path, columns)) {
    const key = (row[0] ?? '').trim();
    const list = out.get(key);
    if (list) list.push(row);
    else out.set(key, [row]);
  }
  return out;
}
