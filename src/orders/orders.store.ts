import type { Executor } from '../db/executor.js';
import type { OrderTable, ProductTable } from '../db/schema.js';
import type { Order, OrderStatus, Product } from './order.js';

const toProduct = (r: ProductTable): Product => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kycRequired: r.kyc_required === 1,
  termDays: r.term_days,
  category: r.category,
  active: r.active === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toOrder = (r: OrderTable): Order => ({
  id: r.id,
  customerId: r.customer_id,
  productId: r.product_id,
  externalRef: r.external_ref,
  kind: r.kind as Order['kind'],
  renewalOf: r.renewal_of,
  status: r.status as OrderStatus,
  decisionId: r.decision_id,
  orderedAt: r.ordered_at,
  heldUntil: r.held_until,
  provisionedAt: r.provisioned_at,
  dueAt: r.due_at,
  extensionMs: Number(r.extension_ms),
  version: r.version,
  updatedAt: r.updated_at,
});

export async function insertProduct(db: Executor, p: Product): Promise<void> {
  await db
    .insertInto('products')
    .values({
      id: p.id,
      code: p.code,
      name: p.name,
      kyc_required: p.kycRequired ? 1 : 0,
      term_days: p.termDays,
      category: p.category,
      active: p.active ? 1 : 0,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
    })
    .execute();
}

export async function updateProduct(db: Executor, p: Product): Promise<void> {
  await db
    .updateTable('products')
    .set({ name: p.name, kyc_required: p.kycRequired ? 1 : 0, term_days: p.termDays, category: p.category, active: p.active ? 1 : 0, updated_at: p.updatedAt })
    .where('id', '=', p.id)
    .execute();
}

export async function getProduct(db: Executor, idOrCode: string): Promise<Product | undefined> {
  const row = await db.selectFrom('products').selectAll().where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode)])).executeTakeFirst();
  return row ? toProduct(row) : undefined;
}

export async function listProducts(db: Executor): Promise<Product[]> {
  return (await db.selectFrom('products').selectAll().orderBy('code').execute()).map(toProduct);
}

export async function insertOrder(db: Executor, o: Order): Promise<void> {
  const { id, customerId, productId, externalRef, kind, renewalOf, status, decisionId, orderedAt, heldUntil, provisionedAt, dueAt, extensionMs, version, updatedAt } = o;
  await db
    .insertInto('orders')
    .values({
      id,
      customer_id: customerId,
      product_id: productId,
      external_ref: externalRef,
      kind,
      renewal_of: renewalOf,
      status,
      decision_id: decisionId,
      ordered_at: orderedAt,
      held_until: heldUntil,
      provisioned_at: provisionedAt,
      due_at: dueAt,
      extension_ms: extensionMs,
      version,
      updated_at: updatedAt,
    })
    .execute();
}

/** Writes the order's new state if nobody changed it since `expectedVersion`. */
export async function updateOrder(db: Executor, o: Order, expectedVersion: number): Promise<boolean> {
  const r = await db
    .updateTable('orders')
    .set({ status: o.status, provisioned_at: o.provisionedAt, due_at: o.dueAt, extension_ms: o.extensionMs, version: o.version, updated_at: o.updatedAt })
    .where('id', '=', o.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function getOrder(db: Executor, id: string): Promise<Order | undefined> {
  const row = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toOrder(row) : undefined;
}

export async function getOrderByExternalRef(db: Executor, ref: string): Promise<Order | undefined> {
  const row = await db.selectFrom('orders').selectAll().where('external_ref', '=', ref).executeTakeFirst();
  return row ? toOrder(row) : undefined;
}

export async function ordersOf(db: Executor, customerId: string, statuses?: OrderStatus[]): Promise<Order[]> {
  let q = db.selectFrom('orders').selectAll().where('customer_id', '=', customerId);
  if (statuses) q = q.where('status', 'in', statuses);
  return (await q.orderBy('ordered_at').orderBy('id').execute()).map(toOrder);
}

export async function heldPastGrace(db: Executor, now: string, limit: number): Promise<Order[]> {
  const rows = await db.selectFrom('orders').selectAll().where('status', '=', 'held').where('held_until', '<', now).orderBy('held_until').limit(limit).execute();
  return rows.map(toOrder);
}

export async function pastDue(db: Executor, now: string, limit: number): Promise<Order[]> {
  const rows = await db.selectFrom('orders').selectAll().where('status', 'in', ['active', 'suspended']).where('due_at', '<=', now).orderBy('due_at').limit(limit).execute();
  return rows.map(toOrder);
}
