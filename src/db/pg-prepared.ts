import type pg from 'pg';

/** Runs of one statement text on a connection before it is prepared there. */
const PREPARE_AFTER = 2;
/** Statements prepared per connection at most; later texts stay unnamed (none is deallocated). */
const MAX_PREPARED = 256;
/** Counts kept for texts not (yet) prepared; past this many they start again from zero. */
const MAX_COUNTED = 4096;
/**
 * Statements with more values stay unnamed: batches of hundreds of rows (an audit link, a list
 * import) parse in a fraction of their run time, and each prepared one would hold a large plan
 * on every connection.
 */
const MAX_VALUES = 200;

/**
 * PostgreSQL parses, rewrites and plans an unnamed statement every time it runs, and that was a
 * third of its CPU time per sign-up (1,590 → 1,000–1,030 µs with prepared statements; in-process
 * sign-ups 495–513 → 574–597/s). The queries come from a few dozen shapes in the code, so a text
 * the connection has run twice is prepared on it under a name, and later runs send only
 * its parameters.
 *
 * Statements that read `*` stay unnamed: a migration adding a column from another node would make
 * their prepared plan fail ("cached plan must not change result type"). Any other statement whose
 * prepared form fails as stale or missing (a column type changed, a pooler dropped the session's
 * statements) fails that once and is prepared anew under another name on its next run.
 */
export function prepareRepeatedStatements(client: pg.ClientBase): void {
  const counted = new Map<string, number>();
  const names = new Map<string, string>();
  let serial = 0;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;

  function nameFor(text: string): string | null {
    const known = names.get(text);
    if (known) return known;
    if (serial >= MAX_PREPARED || text.includes('*')) return null;
    const runs = (counted.get(text) ?? 0) + 1;
    if (runs < PREPARE_AFTER) {
      if (counted.size >= MAX_COUNTED) counted.clear();
      counted.set(text, runs);
      return null;
    }
    counted.delete(text);
    const name = `vigil_${++serial}`;
    names.set(text, name);
    return name;
  }

  (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    // Kysely's driver calls query(text, parameters) and awaits the promise; anything else passes through.
    if (typeof config !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined) return query(config, values, callback);
    if (values.length > MAX_VALUES) return query(config, values);
    const name = nameFor(config);
    if (!name) return query(config, values);
    return (query({ name, text: config, values }) as Promise<unknown>).catch((err: unknown) => {
      const code = (err as { code?: unknown }).code;
      // 0A000: cached plan must not change result type; 26000: prepared statement does not exist.
      if ((code === '0A000' || code === '26000') && names.get(config) === name) names.delete(config);
      throw err;
    });
  };
}
