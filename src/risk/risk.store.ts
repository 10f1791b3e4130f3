import { randomBytesPooled } from '../core/ids.js';
import { compiledStatement, type Markers } from '../db/compiled.js';
import type { Capabilities, Executor } from '../db/executor.js';
import type { RiskFactor, RiskOverride } from './risk.js';

export interface SeenCountries {
  ipCountry: string | null;
  phoneCountry: string | null;
}

export interface StoredAssessment {
  id: string;
  customerId: string;
  /** `irs` at onboarding, `ors` afterwards. */
  kind: 'irs' | 'ors';
  score: number;
  level: string;
  decisionId: string;
  factors: RiskFactor[];
  overrides: RiskOverride[];
  prohibited: boolean;
  seen: SeenCountries;
  trigger: string;
  nextReviewAt: string;
  createdAt: string;
}

let counter = 0;

/** Ids that sort by time, then by creation order within this process, so history reads newest first even within one millisecond. */
export function assessmentId(at: Date): string {
  counter = (counter + 1) % 0x1000000;
  return `rsk_${at.getTime().toString(16).padStart(12, '0')}${counter.toString(16).padStart(6, '0')}${randomBytesPooled(4).toString('hex')}`;
}

const insertAssessment = (db: Executor, v: Markers) =>
  db.insertInto('risk_assessments').values({
    id: v[0]!,
    customer_id: v[1]!,
    kind: v[2]!,
    score: v[3]!,
    level: v[4]!,
    decision_id: v[5]!,
    factors: v[6]!,
    trigger: v[7]!,
    next_review_at: v[8]!,
    created_at: v[9]!,
  });
const insertStatement = compiledStatement('risk.insert', insertAssessment);
// The customer's next review moves with the assessment (the same value, bound twice).
const insertWithReview = compiledStatement('risk.insertWithReview', (db, v) =>
  db
    .with('assessed', () => insertAssessment(db, v).returning('id'))
    .updateTable('customers')
    .set({ next_review_at: v[8]! })
    .where('id', '=', v[1]!),
);
const moveReview = compiledStatement('risk.moveReview', (db, v) => db.updateTable('customers').set({ next_review_at: v[0]! }).where('id', '=', v[1]!));

/** Stores the assessment and moves the customer's next review date; on PostgreSQL as one statement. */
export async function insert(trx: Executor, a: StoredAssessment, caps: Pick<Capabilities, 'writableCte'>): Promise<void> {
  const values = [
    a.id,
    a.customerId,
    a.kind,
    a.score,
    a.level,
    a.decisionId,
    JSON.stringify({ factors: a.factors, overrides: a.overrides, prohibited: a.prohibited, seen: a.seen }),
    a.trigger,
    a.nextReviewAt,
    a.createdAt,
  ];
  if (caps.writableCte) {
    await insertWithReview.run(trx, values);
    return;
  }
  await insertStatement.run(trx, values);
  await moveReview.run(trx, [a.nextReviewAt, a.customerId]);
}

type Row = { id: string; customer_id: string; kind: string; score: number; level: string; decision_id: string; factors: string; trigger: string; next_review_at: string; created_at: string };

function toAssessment(r: Row): StoredAssessment {
  const f = JSON.parse(r.factors) as { factors: RiskFactor[]; overrides: RiskOverride[]; prohibited: boolean; seen: SeenCountries };
  return { id: r.id, customerId: r.customer_id, kind: r.kind as 'irs' | 'ors', score: Number(r.score), level: r.level, decisionId: r.decision_id, ...f, trigger: r.trigger, nextReviewAt: r.next_review_at, createdAt: r.created_at };
}

export async function history(db: Executor, customerId: string, limit: number): Promise<StoredAssessment[]> {
  const rows = await db.selectFrom('risk_assessments').selectAll().where('customer_id', '=', customerId).orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toAssessment);
}

/** Topics (`pep`, `sanction`, …) of the listed entities a reviewer confirmed as this customer, or as one of its directors or owners. */
export async function confirmedTopics(db: Executor, customerId: string): Promise<Set<string>> {
  const related = db.selectFrom('customers').select('id').where('parent_id', '=', customerId);
  const hits = await db
    .selectFrom('screening_hits')
    .select(['entity_id', 'list'])
    .where((eb) => eb.or([eb('customer_id', '=', customerId), eb('customer_id', 'in', related)]))
    .where('status', '=', 'true_match')
    .execute();
  const topics = new Set<string>();
  for (const h of hits) {
    const sourceId = h.entity_id.slice(h.list.length + 1);
    const row = await db.selectFrom('screening_entities').select('entity').where('list', '=', h.list).where('source_id', '=', sourceId).limit(1).executeTakeFirst();
    const listed = row ? ((JSON.parse(row.entity) as { topics?: string[] }).topics ?? ['sanction']) : ['sanction'];
    for (const t of listed) topics.add(t);
  }
  return topics;
}

/** Categories of the products the customer holds or ordered. */
export async function productCategories(db: Executor, customerId: string): Promise<string[]> {
  const rows = await db.selectFrom('orders').innerJoin('products', 'products.id', 'orders.product_id').select('products.category').where('orders.customer_id', '=', customerId).distinct().execute();
  return rows.map((r) => r.category).sort();
}

/** Customers whose periodic review is due and who have no open review task. */
export async function reviewsDue(db: Executor, now: string, limit: number): Promise<Array<{ id: string; nextReviewAt: string }>> {
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'next_review_at'])
    .where('next_review_at', '<=', now)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('review_tasks').select('review_tasks.id').whereRef('review_tasks.customer_id', '=', 'customers.id').where('review_tasks.status', '=', 'open'))))
    .orderBy('next_review_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, nextReviewAt: r.next_review_at! }));
}

export interface ReviewTask {
  id: string;
  customerId: string;
  kind: 'periodic' | 'kyc_refresh';
  reason: string;
  dueAt: string;
  status: 'open' | 'done';
  createdAt: string;
  closedAt: string | null;
}

export async function insertTask(trx: Executor, t: ReviewTask): Promise<void> {
  await trx.insertInto('review_tasks').values({ id: t.id, customer_id: t.customerId, kind: t.kind, reason: t.reason, due_at: t.dueAt, status: t.status, created_at: t.createdAt, closed_at: t.closedAt }).execute();
}

export async function openTask(db: Executor, customerId: string, kind: ReviewTask['kind']): Promise<ReviewTask | undefined> {
  const r = await db.selectFrom('review_tasks').selectAll().where('customer_id', '=', customerId).where('kind', '=', kind).where('status', '=', 'open').executeTakeFirst();
  return r ? toTask(r) : undefined;
}

export async function tasks(db: Executor, opts: { customerId?: string; status?: string; limit: number }): Promise<ReviewTask[]> {
  let q = db.selectFrom('review_tasks').selectAll();
  if (opts.customerId) q = q.where('customer_id', '=', opts.customerId);
  if (opts.status) q = q.where('status', '=', opts.status);
  const rows = await q.orderBy('due_at').limit(opts.limit).execute();
  return rows.map(toTask);
}

export async function closeTask(trx: Executor, id: string, at: string): Promise<ReviewTask | undefined> {
  const r = await trx.updateTable('review_tasks').set({ status: 'done', closed_at: at }).where('id', '=', id).where('status', '=', 'open').returningAll().executeTakeFirst();
  return r ? toTask(r) : undefined;
}

function toTask(r: { id: string; customer_id: string; kind: string; reason: string; due_at: string; status: string; created_at: string; closed_at: string | null }): ReviewTask {
  return { id: r.id, customerId: r.customer_id, kind: r.kind as ReviewTask['kind'], reason: r.reason, dueAt: r.due_at, status: r.status as ReviewTask['status'], createdAt: r.created_at, closedAt: r.closed_at };
}
