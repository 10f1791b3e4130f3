import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { VigilError } from '../core/errors.js';
import { sha256Hex } from '../core/hash.js';
import { GateErrors } from './errors.js';
import { parseGatePattern } from './pattern.js';

/** Category lists shipped with Vigil (assets/gate/README.md says what each holds). */
export const BUNDLED_CATEGORY_DIR = resolve(import.meta.dirname, '../../assets/gate/categories');

/** Category name → canonical domain suffixes. */
export type GateCategoryMap = ReadonlyMap<string, readonly string[]>;

export interface GateCategories {
  readonly categories: GateCategoryMap;
  /** The files read, bundled first. */
  readonly files: readonly string[];
  /** `gate:` and 16 hex digits of a hash over every file, so a decision can name its data. */
  readonly dataVer: string;
}

const CATEGORY_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Reads a category file: one domain suffix per line (`example.com`, `.example.com` and
 * `*.example.com` alike), `#` starts a comment anywhere on a line. IP addresses and `*` are
 * refused: categories describe names. Suffixes come back canonical and de-duplicated.
 */
export function parseCategoryText(text: string, file: string): string[] {
  const suffixes = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const hash = line.indexOf('#');
    const entry = (hash < 0 ? line : line.slice(0, hash)).trim();
    if (entry === '') continue;
    const pattern = parseGatePattern(entry);
    if (!pattern || pattern.kind !== 'name') {
      const shown = entry.slice(0, 100);
      throw new VigilError(GateErrors.GATE_CATEGORY_FILE_MALFORMED, `${file} line ${i + 1}: "${shown}" is not a domain suffix`, { file, line: i + 1 });
    }
    suffixes.add(pattern.value);
  }
  return [...suffixes];
}

export interface LoadCategoriesOptions {
  /** Directory of `<category>.txt` files; `BUNDLED_CATEGORY_DIR` by default, null for none. */
  readonly dir?: string | null;
  /** Extra files `{ category: path }` (the policy's `categoryFiles`), added to same-named ones. */
  readonly files?: Readonly<Record<string, string>>;
}

/** Reads the category directory and the operator's files; any unreadable or bad file fails the load. */
export async function loadGateCategories(options: LoadCategoriesOptions = {}): Promise<GateCategories> {
  const dir = options.dir === undefined ? BUNDLED_CATEGORY_DIR : options.dir;
  const sources: Array<[category: string, file: string]> = dir === null ? [] : await listDir(dir);
  for (const [category, file] of Object.entries(options.files ?? {})) {
    if (!CATEGORY_NAME.test(category)) throw malformedName(category, file);
    sources.push([category, file]);
  }
  const merged = new Map<string, Set<string>>();
  const digests: string[] = [];
  for (const [category, file] of sources) {
    const bytes = await readCategoryFile(file);
    digests.push(`${category}:${sha256Hex(bytes)}`);
    const set = merged.get(category) ?? new Set<string>();
    for (const suffix of parseCategoryText(bytes.toString('utf8'), file)) set.add(suffix);
    merged.set(category, set);
  }
  const categories = new Map([...merged].map(([name, set]) => [name, [...set]] as const));
  return { categories, files: sources.map(([, file]) => file), dataVer: `gate:${sha256Hex(digests.join('\n')).slice(0, 16)}` };
}

async function listDir(dir: string): Promise<Array<[string, string]>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw unreadable(dir, err);
  }
  return names
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => {
      const category = basename(name, '.txt');
      if (!CATEGORY_NAME.test(category)) throw malformedName(category, join(dir, name));
      return [category, join(dir, name)];
    });
}

async function readCategoryFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw unreadable(file, err);
  }
}

function unreadable(file: string, err: unknown): VigilError {
  const reason = (err as NodeJS.ErrnoException).code ?? String(err);
  return new VigilError(GateErrors.GATE_CATEGORY_FILE_UNREADABLE, `category file ${file} cannot be read (${reason})`, { file, reason }, { cause: err });
}

function malformedName(category: string, file: string): VigilError {
  return new VigilError(GateErrors.GATE_CATEGORY_FILE_MALFORMED, `${file}: "${category}" is not a category name (lower_snake_case)`, { file });
}
