import { compiledStatement } from '../db/compiled.js';
import type { Executor } from '../db/executor.js';
import { transactionMap } from '../db/commit-work.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import type { CustomerTable, Schema } from '../db/schema.js';
import type { ContactChannel, Customer, CustomerStatus, CustomerType, RelationRole } from './customer.js';

function toCustomer(r: CustomerTable): Customer {
  return {
    id: r.id,
    externalRef: r.external_ref,
    type: r.type as CustomerType,
    status: r.status as CustomerStatus,
    country: r.country,
    riskLevel: r.risk_level as Customer['riskLevel'],
    riskFactors: JSON.parse(r.risk_factors) as string[],
    kycRequiredAt: r.kyc_required_at,
    kycDeadlineAt: r.kyc_deadline_at,
    verifiedAt: r.verified_at,
    verificationExpiresAt: r.verification_expires_at,
    parentId: r.parent_id,
    role: r.role as RelationRole | null,
    ownershipPct: r.ownership_pct,
    emailVerifiedAt: r.email_verified_at,
    phoneVerifiedAt: r.phone_verified_at,
    contactChecks: JSON.parse(r.contact_checks) as ContactChannel[],
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toRow(c: Customer): CustomerTable {
  return {
    id: c.id,
    external_ref: c.externalRef,
    type: c.type,
    status: c.status,
    country: c.country,
    risk_level: c.riskLevel,
    risk_factors: JSON.stringify(c.riskFactors),
    kyc_required_at: c.kycRequiredAt,
    kyc_deadline_at: c.kycDeadlineAt,
    verified_at: c.verifiedAt,
    verification_expires_at: c.verificationExpiresAt,
    parent_id: c.parentId,
    role: c.role,
    ownership_pct: c.ownershipPct,
    email_verified_at: c.emailVerifiedAt,
    phone_verified_at: c.phoneVerifiedAt,
    contact_checks: JSON.stringify(c.contactChecks),
    version: c.version,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

/**
 * Customers this transaction wrote, by id, as written: one transaction reads a customer again and
 * again (each step of a sign-up does), every write of the row goes through this module, and the
 * rows it wrote are locked until it ends — rows only read may change meanwhile on PostgreSQL,
 * so they are not kept.
 */
const ROWS = Symbol('customer rows');
const rows = (db: Executor) => transactionMap<string, Customer, Schema>(db, ROWS);

// Every column, in toRow's order: a customer row sets them all, so the insert has one shape.
const COLUMNS = Object.keys(toRow({} as Customer)) as Array<keyof CustomerTable>;
const insertStatement = compiledStatement('customers.insert', (db, v) => db.insertInto('customers').values(Object.fromEntries(COLUMNS.map((c, i) => [c, v[i]!])) as unknown as CustomerTable));

/** Inserts the customer; false when another customer took its external ref meanwhile (the transaction is then unusable on PostgreSQL). */
export async function insert(db: Executor, c: Customer): Promise<boolean> {
  const row = toRow(c);
  try {
    await insertStatement.run(db, COLUMNS.map((column) => row[column]));
  } catch (err) {
    if (isUniqueViolation(err, 'customers', 'external_ref')) return false;
    throw err;
  }
  rows(db)?.set(c.id, c);
  return true;
}

export async function get(db: Executor, id: string): Promise<Customer | undefined> {
  const cached = rows(db)?.get(id);
  if (cached) return cached;
  const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toCustomer(row) : undefined;
}

const byExternalRef = compiledStatement('customers.byExternalRef', (db, v) => db.selectFrom('customers').selectAll().where('external_ref', '=', v[0]!));

export async function getByExternalRef(db: Executor, ref: string): Promise<Customer | undefined> {
  const [row] = await byExternalRef.run(db, [ref]);
  return row ? toCustomer(row) : undefined;
}

export async function getMany(db: Executor, ids: string[]): Promise<Customer[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('customers').selectAll().where('id', 'in', ids).orderBy('created_at').execute();
  return rows.map(toCustomer);
}

export async function children(db: Executor, parentId: string): Promise<Customer[]> {
  const rows = await db.selectFrom('customers').selectAll().where('parent_id', '=', parentId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toCustomer);
}

// Compiled once per set of changed columns (the variant); values: theirs, then the id and version.
const updateStatement = compiledStatement('customers.update', (db, v, variant) =>
  db
    .updateTable('customers')
    .set(Object.fromEntries(variant.split(',').map((column, i) => [column, v[i]!])) as Partial<CustomerTable>)
    .where('id', '=', v[v.length - 2]!)
    .where('version', '=', v[v.length - 1]!),
);

/**
 * Writes the new state only if nobody changed the row since `current` was read. Only the columns
 * that changed are set, so indexes on the others are left alone.
 */
export async function update(db: Executor, next: Customer, current: Customer): Promise<boolean> {
  const before = toRow(current);
  const after = toRow(next);
  const changed: Partial<CustomerTable> = {};
  for (const column of Object.keys(after) as Array<keyof CustomerTable>) {
    if (column !== 'id' && column !== 'created_at' && after[column] !== before[column]) (changed as Record<string, unknown>)[column] = after[column];
  }
  const columns = Object.keys(changed) as Array<keyof CustomerTable>;
  // Nothing changed: the statement Kysely builds for that (and fails on) is left as it was.
  const affected =
    columns.length > 0
      ? (await updateStatement.execute(db, [...columns.map((c) => changed[c]), next.id, current.version], columns.join(','))).numAffectedRows
      : (await db.updateTable('customers').set(changed).where('id', '=', next.id).where('version', '=', current.version).executeTakeFirst()).numUpdatedRows;
  const updated = Number(affected) === 1;
  if (updated) rows(db)?.set(next.id, next);
  return updated;
}

export async function list(db: Executor, opts: { status?: CustomerStatus; afterId?: string; limit: number }): Promise<Customer[]> {
  let q = db.selectFrom('customers').selectAll();
  if (opts.status) q = q.where('status', '=', opts.status);
  if (opts.afterId) q = q.where('id', '>', opts.afterId);
  const rows = await q.orderBy('id').limit(opts.limit).execute();
  return rows.map(toCustomer);
}

/** Customers whose KYC deadline passed while they were still unverified. */
export async function deadlineLapsed(db: Executor, now: string, limit: number): Promise<Customer[]> {
  const rows = await db
    .selectFrom('customers')
    .selectAll()
    .where('status', 'in', ['not_verified', 'pending', 'rejected'])
    .where('kyc_deadline_at', '<=', now)
    .where('risk_factors', '!=', '[]')
    .orderBy('kyc_deadline_at')
    .limit(limit)
    .execute();
  return rows.map(toCustomer);
}

export async function verificationExpired(db: Executor, now: string, limit: number): Promise<Customer[]> {
  const rows = await db
    .selectFrom('customers')
    .selectAll()
    .where('status', '=', 'verified')
    .where('verification_expires_at', '<=', now)
    .orderBy('verification_expires_at')
    .limit(limit)
    .execute();
  return rows.map(toCustomer);
}
