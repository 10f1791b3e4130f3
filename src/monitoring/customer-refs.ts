import type { Executor } from '../db/executor.js';

const CHUNK = 500;

/** Maps the customer ids and operator references events name to Vigil customer ids (unknown ones are left out). */
export async function resolveCustomers(db: Executor, ids: readonly string[], refs: readonly string[]): Promise<{ byId: Set<string>; byRef: Map<string, string> }> {
  const byId = new Set<string>();
  const byRef = new Map<string, string>();
  const uniqueIds = [...new Set(ids)];
  const uniqueRefs = [...new Set(refs)];
  for (let i = 0; i < uniqueIds.length; i += CHUNK) {
    const rows = await db.selectFrom('customers').select('id').where('id', 'in', uniqueIds.slice(i, i + CHUNK)).execute();
    for (const r of rows) byId.add(r.id);
  }
  for (let i = 0; i < uniqueRefs.length; i += CHUNK) {
    const rows = await db.selectFrom('customers').select(['id', 'external_ref']).where('external_ref', 'in', uniqueRefs.slice(i, i + CHUNK)).execute();
    for (const r of rows) if (r.external_ref) byRef.set(r.external_ref, r.id);
  }
  return { byId, byRef };
}
