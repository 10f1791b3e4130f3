import type { Executor } from '../db/executor.js';

export interface StoredPolicy {
  seq: number;
  version: string;
  source: string;
  document: string;
  appliedAt: string;
  appliedBy: string;
}

type Row = { seq: number; version: string; source: string; document: string; applied_at: string; applied_by: string };
const toStored = (r: Row): StoredPolicy => ({ seq: Number(r.seq), version: r.version, source: r.source, document: r.document, appliedAt: r.applied_at, appliedBy: r.applied_by });

export async function latestSeq(db: Executor): Promise<number> {
  const row = await db.selectFrom('policies').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

export async function latest(db: Executor): Promise<StoredPolicy | undefined> {
  const row = await db.selectFrom('policies').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ? toStored(row) : undefined;
}

export async function byVersion(db: Executor, version: string): Promise<StoredPolicy | undefined> {
  const row = await db.selectFrom('policies').selectAll().where('version', '=', version).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ? toStored(row) : undefined;
}

export async function history(db: Executor, limit: number): Promise<Array<Omit<StoredPolicy, 'source' | 'document'>>> {
  const rows = await db.selectFrom('policies').select(['seq', 'version', 'applied_at', 'applied_by']).orderBy('seq', 'desc').limit(limit).execute();
  return rows.map((r) => ({ seq: Number(r.seq), version: r.version, appliedAt: r.applied_at, appliedBy: r.applied_by }));
}

export async function insert(trx: Executor, p: Omit<StoredPolicy, 'seq'>): Promise<number> {
  const seq = (await latestSeq(trx)) + 1;
  await trx.insertInto('policies').values({ seq, version: p.version, source: p.source, document: p.document, applied_at: p.appliedAt, applied_by: p.appliedBy }).execute();
  return seq;
}
