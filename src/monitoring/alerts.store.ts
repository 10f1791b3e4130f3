import type { Executor } from '../db/executor.js';

export interface MonitoringAlert {
  id: string;
  customerId: string;
  ruleId: string;
  ruleVersion: number;
  severity: string;
  action: string;
  /** How long a block_target / suspend action lasts. */
  hours: number | null;
  key: string | null;
  triggeredBy: string;
  evidence: string[];
  explanation: string;
  values: Record<string, unknown>;
  policyVer: string;
  status: string;
  createdAt: string;
}

export const ALERT_KIND = 'monitoring';

/** Inserts the alerts not raised before (by rule, triggering event and key); returns those inserted. */
export async function insertNew(trx: Executor, alerts: readonly MonitoringAlert[]): Promise<MonitoringAlert[]> {
  if (alerts.length === 0) return [];
  const byKey = new Map(alerts.map((a) => [dedupeKey(a), a]));
  const rows = [...byKey.entries()].map(([dedupe, a]) => ({
    id: a.id,
    customer_id: a.customerId,
    kind: ALERT_KIND,
    source: `rule:${a.ruleId}@${a.ruleVersion}`,
    severity: a.severity,
    summary: a.explanation,
    data: JSON.stringify({ ruleId: a.ruleId, ruleVersion: a.ruleVersion, action: a.action, hours: a.hours, key: a.key, triggeredBy: a.triggeredBy, evidence: a.evidence, values: a.values, policyVer: a.policyVer }),
    status: a.status,
    created_at: a.createdAt,
    dedupe_key: dedupe,
  }));
  const out: MonitoringAlert[] = [];
  // Eleven parameters a row: chunks of 1,000 stay below SQLite's limit of 32,766.
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await trx.insertInto('alerts').values(rows.slice(i, i + 1000)).onConflict((oc) => oc.column('dedupe_key').doNothing()).returning('dedupe_key').execute();
    for (const r of inserted) out.push(byKey.get(r.dedupe_key!)!);
  }
  return out;
}

export function dedupeKey(a: Pick<MonitoringAlert, 'ruleId' | 'triggeredBy' | 'key'>): string {
  return `${a.ruleId}|${a.triggeredBy}|${a.key ?? ''}`;
}

/** What a closed alert keeps of its closing (null while it is open). */
export interface AlertClosing {
  closedAt: string | null;
  closedBy: string | null;
  closeReason: string | null;
}

/** A monitoring rule's alert as read back. */
export type MonitoringAlertRecord = MonitoringAlert & AlertClosing & { kind: typeof ALERT_KIND };

/** A confirmed screening match's alert: the hit and the listed entity it confirmed. */
export interface ScreeningAlertRecord extends AlertClosing {
  id: string;
  kind: 'screening.true_match';
  customerId: string;
  severity: string;
  explanation: string;
  status: string;
  createdAt: string;
  hitId: string;
  entityId: string;
  dataVer: string;
}

/** Every kind of alert shares one table and one review: monitoring rules' and confirmed screening matches'. */
export type StoredAlert = MonitoringAlertRecord | ScreeningAlertRecord;

type Row = { id: string; customer_id: string; source: string; severity: string; summary: string; data: string; status: string; created_at: string; kind: string; closed_at: string | null; closed_by: string | null; close_reason: string | null };

export interface AlertFilter {
  customerId?: string;
  status?: string;
  kind?: string;
  ruleId?: string;
  limit: number;
  before?: string;
}

export async function list(db: Executor, opts: AlertFilter): Promise<StoredAlert[]> {
  let q = db.selectFrom('alerts').selectAll();
  if (opts.kind) q = q.where('kind', '=', opts.kind);
  if (opts.customerId) q = q.where('customer_id', '=', opts.customerId);
  if (opts.status) q = q.where('status', '=', opts.status);
  if (opts.ruleId) q = q.where('kind', '=', ALERT_KIND).where('source', 'like', `rule:${opts.ruleId}@%`);
  if (opts.before) q = q.where('created_at', '<', opts.before);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
  return rows.map(toAlert);
}

export async function get(db: Executor, id: string): Promise<StoredAlert | undefined> {
  const row = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAlert(row) : undefined;
}

/** Closes an open alert; false when it was not open (closed meanwhile, or never there). */
export async function close(trx: Executor, id: string, closing: { at: string; by: string; reason: string }): Promise<boolean> {
  const r = await trx.updateTable('alerts').set({ status: 'closed', closed_at: closing.at, closed_by: closing.by, close_reason: closing.reason }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Open alerts of every kind per severity since a time (the risk score's behaviour factor). */
export async function openBySeverity(db: Executor, customerId: string, since: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('alerts')
    .select(['severity', (eb) => eb.fn.countAll<number>().as('n')])
    .where('customer_id', '=', customerId)
    .where('status', '=', 'open')
    .where('created_at', '>=', since)
    .groupBy('severity')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.severity, Number(r.n)]));
}

function toAlert(r: Row): StoredAlert {
  const common = { id: r.id, customerId: r.customer_id, severity: r.severity, explanation: r.summary, status: r.status, createdAt: r.created_at, closedAt: r.closed_at, closedBy: r.closed_by, closeReason: r.close_reason };
  if (r.kind === ALERT_KIND) return { ...common, kind: ALERT_KIND, ...(JSON.parse(r.data) as Omit<MonitoringAlert, keyof typeof common>) };
  const d = JSON.parse(r.data) as { hitId: string; entityId: string; dataVer: string };
  return { ...common, kind: 'screening.true_match', hitId: d.hitId, entityId: d.entityId, dataVer: d.dataVer };
}
