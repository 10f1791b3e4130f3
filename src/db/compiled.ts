import { createQueryId, type Compilable, type CompiledQuery, type QueryResult } from 'kysely';
import type { Executor } from './executor.js';

/**
 * Statements run for every sign-up or request, built and compiled by Kysely once per store and
 * shape, then only given new values. Building and compiling a statement costs 7–10 µs of CPU,
 * as much as SQLite takes to run most of them; the SQL text is then also the same string each
 * time, which the SQLite statement cache looks up without hashing it again.
 *
 * `build` receives one marker per value and must use each where Kysely makes the value a bound
 * parameter (a column value, a comparison's right-hand side, a limit), never where the value
 * would decide the statement's shape (`is null`, a list's length, a column name): the shape is
 * what the cache keeps. A shape is named by the number of values and the variant, so a statement
 * over a list of n rows is compiled once for each n met (the first 64 shapes are kept).
 */
export interface CompiledStatement<R> {
  /** `variant`: what else decides the shape (say, which columns an update sets), passed on to `build`. */
  run(db: Executor, values: readonly unknown[], variant?: string): Promise<R[]>;
  /** As `run`, with the rows the statement changed. */
  execute(db: Executor, values: readonly unknown[], variant?: string): Promise<QueryResult<R>>;
}

interface Template {
  sql: string;
  query: CompiledQuery['query'];
  /** For each bound parameter: the index of the value it takes, or the constant Kysely bound there. */
  slots: Array<{ value: number } | { constant: unknown }>;
}

const MAX_SHAPES = 64;

/** The values' markers, typed to fit any column (`v[0]!`). */
export type Markers = readonly never[];

/** A marker no value can be: it holds NUL characters, which no text Vigil binds contains. */
const MARKER = '\u0000vigil-value\u0000';

export function compiledStatement<R>(key: string, build: (db: Executor, values: Markers, variant: string) => Compilable<R>): CompiledStatement<R> {
  // Per dialect adapter: one per Kysely instance, shared by its transactions and connections,
  // so SQLite and PostgreSQL (and the vault's own database) each get their own SQL.
  const byAdapter = new WeakMap<object, Map<string, Template>>();
  const statement: CompiledStatement<R> = {
    async run(db, values, variant) {
      return (await statement.execute(db, values, variant)).rows;
    },
    execute(db, values, variant = '') {
      const adapter = db.getExecutor().adapter;
      let shapes = byAdapter.get(adapter);
      if (!shapes) byAdapter.set(adapter, (shapes = new Map()));
      const shape = `${values.length}:${variant}`;
      let template = shapes.get(shape);
      if (!template) {
        template = compileTemplate(key, db, values.length, variant, build);
        // Lists of many lengths (a graph walk's) are compiled each time rather than kept.
        if (shapes.size < MAX_SHAPES) shapes.set(shape, template);
      }
      const parameters = template.slots.map((s) => ('value' in s ? values[s.value] : s.constant));
      return db.executeQuery<R>({ sql: template.sql, parameters, query: template.query, queryId: createQueryId() });
    },
  };
  return statement;
}

function compileTemplate<R>(key: string, db: Executor, n: number, variant: string, build: (db: Executor, values: Markers, variant: string) => Compilable<R>): Template {
  const markers = Array.from({ length: n }, (_, i) => `${MARKER}${i}`);
  const compiled = build(db, markers as unknown as Markers, variant).compile();
  const used = new Set<number>();
  const slots = compiled.parameters.map((p) => {
    if (typeof p === 'string' && p.startsWith(MARKER)) {
      const i = Number(p.slice(MARKER.length));
      used.add(i);
      return { value: i };
    }
    return { constant: p };
  });
  // A value Kysely put into the SQL text (or dropped) would make the cached statement wrong for other values.
  if (used.size !== n || compiled.sql.includes(MARKER)) throw new Error(`compiled statement ${key}: every value must be a bound parameter`);
  return { sql: compiled.sql, query: compiled.query, slots };
}
