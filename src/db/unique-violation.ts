/**
 * Whether `err` is the store refusing a duplicate in a unique index on `table`.`column`: a
 * concurrent transaction inserted the same value after this one looked (PostgreSQL 23505; SQLite
 * serializes its writers, but another process may still have written it).
 */
export function isUniqueViolation(err: unknown, table: string, column: string): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: unknown; detail?: unknown; table?: unknown };
  if (e.code === '23505') return e.table === table && typeof e.detail === 'string' && e.detail.startsWith(`Key (${column})=`);
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' && e.message.includes(`${table}.${column}`);
}
