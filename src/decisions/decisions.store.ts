import { compiledStatement } from '../db/compiled.js';
import type { Executor } from '../db/executor.js';
import type { DecisionTable } from '../db/schema.js';
import type { Decision } from './decision.js';

type Row = Omit<DecisionTable, 'dedupe_key'>;

function toDecision(r: Row): Decision {
  return {
    decisionId: r.id,
    kind: r.kind,
    subject: r.subject,
    action: r.action as Decision['action'],
    reasons: JSON.parse(r.reasons) as Decision['reasons'],
    inputHash: r.input_hash,
    policyVer: r.policy_ver,
    dataVer: r.data_ver,
    modelVer: r.model_ver,
    createdAt: r.created_at,
  };
}

const COLUMNS = ['id', 'kind', 'subject', 'action', 'reasons', 'input_hash', 'policy_ver', 'data_ver', 'model_ver', 'created_at'] as const;

const insertStatement = compiledStatement<{ id: string }>('decisions.insertIfNew', (db, v) =>
  db
    .insertInto('decisions')
    .values({
      id: v[0]!,
      dedupe_key: v[1]!,
      kind: v[2]!,
      subject: v[3]!,
      action: v[4]!,
      reasons: v[5]!,
      input_hash: v[6]!,
      policy_ver: v[7]!,
      data_ver: v[8]!,
      model_ver: v[9]!,
      created_at: v[10]!,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id'),
);

/** Inserts unless a decision with the same dedupe key exists; true when this call inserted it. */
export async function insertIfNew(db: Executor, d: Decision, dedupeKey: string): Promise<boolean> {
  const rows = await insertStatement.run(db, [d.decisionId, dedupeKey, d.kind, d.subject, d.action, JSON.stringify(d.reasons), d.inputHash, d.policyVer, d.dataVer, d.modelVer, d.createdAt]);
  return rows.length > 0;
}

export async function findByDedupeKey(db: Executor, dedupeKey: string): Promise<Decision | undefined> {
  const row = await db.selectFrom('decisions').select(COLUMNS).where('dedupe_key', '=', dedupeKey).executeTakeFirst();
  return row ? toDecision(row) : undefined;
}

export async function findById(db: Executor, id: string): Promise<Decision | undefined> {
  const row = await db.selectFrom('decisions').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toDecision(row) : undefined;
}

export async function listBySubject(db: Executor, subject: string, limit: number): Promise<Decision[]> {
  const rows = await db.selectFrom('decisions').select(COLUMNS).where('subject', '=', subject).orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map(toDecision);
}
