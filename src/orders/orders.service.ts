import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Customer, CustomerStatus } from '../customers/customer.js';
import { subjectOf, type CustomersService } from '../customers/customers.service.js';
import { entitlementsFor, signupHolds } from '../customers/entitlements.js';
import type { Executor } from '../db/executor.js';
import type { Decision, DecisionAction, Reason } from '../decisions/decision.js';
import type { DecisionsService } from '../decisions/decisions.service.js';
import type { EventsService } from '../events/events.service.js';
import { policyVersion, type Policy } from '../policy/policy.js';
import { OrderErrors } from './errors.js';
import type { Order, OrderOutcome, OrderStatus, Product } from './order.js';
import * as store from './orders.store.js';

const DAY = 86_400_000;

export interface OrderAnswer {
  order: Order;
  outcome: OrderOutcome;
  decision: Decision;
}

export interface NewProduct {
  code: string;
  name: string;
  kycRequired: boolean;
  termDays: number;
  category?: string | undefined;
}

const OUTCOME_ACTION: Record<OrderOutcome, DecisionAction> = { allowed: 'allow', kyc_required: 'require_kyc', refused: 'block' };
const STATUS_FOR_OUTCOME: Record<OrderOutcome, OrderStatus> = { allowed: 'active', kyc_required: 'held', refused: 'refused' };

/**
 * Products and orders, with the hosting-provider rule for KYC-required products: an unverified
 * customer's order is held; KYC within the grace period provisions it with the due date moved
 * by the time KYC took; after the grace period it is provisioned suspended, without extension,
 * until KYC passes or the period ends. Renewals wait for nobody: refused while KYC is required.
 */
export class OrdersService {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    private readonly decisions: DecisionsService,
    private readonly customers: CustomersService,
    private readonly policy: () => Policy,
  ) {
    customers.onStatusChanged((trx, customer, from, actor) => this.onCustomerStatus(trx, customer, from, actor));
  }

  async createProduct(trx: Executor, input: NewProduct, actor: string): Promise<Product> {
    if (await store.getProduct(trx, input.code)) throw new VigilError(OrderErrors.PRODUCT_EXISTS, `a product with code ${input.code} exists`, { code: input.code });
    const at = this.clock.now().toISOString();
    const product: Product = { id: newId('prd'), code: input.code, name: input.name, kycRequired: input.kycRequired, termDays: input.termDays, category: input.category ?? 'general', active: true, createdAt: at, updatedAt: at };
    await store.insertProduct(trx, product);
    await this.audit.append(trx, { actor, action: 'product.created', subject: `product:${product.id}`, data: { code: product.code, kycRequired: product.kycRequired, termDays: product.termDays } });
    return product;
  }

  async updateProduct(trx: Executor, idOrCode: string, patch: Partial<Pick<Product, 'name' | 'kycRequired' | 'termDays' | 'category' | 'active'>>, actor: string): Promise<Product> {
    const current = await this.product(trx, idOrCode);
    const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)), updatedAt: this.clock.now().toISOString() } as Product;
    await store.updateProduct(trx, next);
    await this.audit.append(trx, { actor, action: 'product.updated', subject: `product:${current.id}`, data: { changed: Object.keys(patch).sort(), kycRequired: next.kycRequired, active: next.active } });
    return next;
  }

  listProducts(db: Executor): Promise<Product[]> {
    return store.listProducts(db);
  }

  async product(db: Executor, idOrCode: string): Promise<Product> {
    const p = await store.getProduct(db, idOrCode);
    if (!p) throw new VigilError(OrderErrors.PRODUCT_NOT_FOUND, `no product ${idOrCode}`, { product: idOrCode });
    return p;
  }

  /**
   * Whether an order about to be placed will need a verification link: a KYC product, an
   * unverified customer allowed to order, and no verification already under way.
   */
  async needsVerificationLink(db: Executor, input: { customerId: string; product: string }, vendorConfigured: boolean): Promise<boolean> {
    if (!vendorConfigured) return false;
    const customer = await this.customers.get(db, input.customerId);
    const product = await this.product(db, input.product);
    return this.judge(customer, product, 'order').outcome === 'kyc_required' && customer.status !== 'pending';
  }

  /** Decides a new order: allowed (provisioned now), kyc_required (held) or refused. */
  async placeOrder(trx: Executor, input: { customerId: string; product: string; externalRef?: string | undefined }, actor: string): Promise<OrderAnswer> {
    if (input.externalRef && (await store.getOrderByExternalRef(trx, input.externalRef))) {
      throw new VigilError(OrderErrors.ORDER_EXISTS, `an order with externalRef ${input.externalRef} exists`, { externalRef: input.externalRef });
    }
    const customer = await this.customers.get(trx, input.customerId);
    const product = await this.product(trx, input.product);
    if (!product.active) throw new VigilError(OrderErrors.PRODUCT_UNAVAILABLE, `product ${product.code} is not on sale`, { product: product.code });
    const { outcome, reasons } = this.judge(customer, product, 'order');
    const now = this.clock.now();
    const id = newId('ord');
    const decision = await this.decide(trx, id, customer, product, outcome, reasons, actor);
    const order: Order = {
      id,
      customerId: customer.id,
      productId: product.id,
      externalRef: input.externalRef ?? null,
      kind: 'new',
      renewalOf: null,
      status: STATUS_FOR_OUTCOME[outcome],
      decisionId: decision.decisionId,
      orderedAt: now.toISOString(),
      heldUntil: outcome === 'kyc_required' ? new Date(now.getTime() + this.policy().kyc.orderGraceDays * DAY).toISOString() : null,
      provisionedAt: outcome === 'allowed' ? now.toISOString() : null,
      dueAt: outcome === 'allowed' ? new Date(now.getTime() + product.termDays * DAY).toISOString() : null,
      extensionMs: 0,
      version: 1,
      updatedAt: now.toISOString(),
    };
    await store.insertOrder(trx, order);
    if (outcome === 'kyc_required') {
      await this.customers.requireKyc(trx, customer.id, { code: 'ORDER_KYC_PRODUCT', text: `Ordered ${product.code}, which requires KYC` }, actor);
    }
    await this.audit.append(trx, { actor, action: 'order.placed', subject: subjectOf(customer.id), data: { orderId: id, product: product.code, outcome, decisionId: decision.decisionId } });
    await this.events.emit(trx, { type: 'order.placed', subject: subjectOf(customer.id), payload: { orderId: id, customerId: customer.id, product: product.code, outcome, status: order.status, dueAt: order.dueAt } });
    return { order, outcome, decision };
  }

  /** Extends an order by one term, unless KYC is required for it (then refused, no hold). */
  async renew(trx: Executor, orderId: string, actor: string): Promise<OrderAnswer> {
    const original = await this.order(trx, orderId);
    if (!['active', 'suspended'].includes(original.status)) {
      throw new VigilError(OrderErrors.ORDER_NOT_RENEWABLE, `order ${orderId} is ${original.status} and cannot be renewed`, { orderId, status: original.status });
    }
    const customer = await this.customers.get(trx, original.customerId);
    const product = await this.product(trx, original.productId);
    const { outcome, reasons } = this.judge(customer, product, 'renewal');
    const renewed = outcome === 'allowed' ? 'allowed' : 'refused';
    const now = this.clock.now();
    const id = newId('ord');
    const decision = await this.decide(trx, id, customer, product, outcome, reasons, actor);
    const base = Math.max(now.getTime(), Date.parse(original.dueAt ?? now.toISOString()));
    const dueAt = renewed === 'allowed' ? new Date(base + product.termDays * DAY).toISOString() : null;
    const order: Order = {
      ...original,
      id,
      externalRef: null,
      kind: 'renewal',
      renewalOf: original.id,
      status: renewed === 'allowed' ? 'active' : 'refused',
      decisionId: decision.decisionId,
      orderedAt: now.toISOString(),
      heldUntil: null,
      provisionedAt: renewed === 'allowed' ? now.toISOString() : null,
      dueAt,
      extensionMs: 0,
      version: 1,
      updatedAt: now.toISOString(),
    };
    await store.insertOrder(trx, order);
    if (dueAt) await this.save(trx, original, { dueAt });
    await this.audit.append(trx, { actor, action: 'order.renewal', subject: subjectOf(customer.id), data: { orderId: original.id, renewalId: id, outcome, decisionId: decision.decisionId } });
    return { order, outcome, decision };
  }

  async order(db: Executor, id: string): Promise<Order> {
    const o = await store.getOrder(db, id);
    if (!o) throw new VigilError(OrderErrors.ORDER_NOT_FOUND, `no order ${id}`, { orderId: id });
    return o;
  }

  ordersOf(db: Executor, customerId: string): Promise<Order[]> {
    return store.ordersOf(db, customerId);
  }

  /** Time rules: held orders past their grace run suspended; orders past their due date expire. */
  async runDue(trx: Executor): Promise<{ suspended: number; expired: number }> {
    const now = this.clock.now().toISOString();
    let suspended = 0;
    for (const o of await store.heldPastGrace(trx, now, 500)) {
      const product = await this.product(trx, o.productId);
      const dueAt = new Date(Date.parse(o.orderedAt) + product.termDays * DAY).toISOString();
      const status: OrderStatus = dueAt <= now ? 'expired' : 'suspended';
      await this.transition(trx, o, { status, provisionedAt: o.heldUntil, dueAt }, 'ORDER_GRACE_ENDED', 'system:scheduler');
      suspended += status === 'suspended' ? 1 : 0;
    }
    let expired = 0;
    for (const o of await store.pastDue(trx, now, 500)) {
      await this.transition(trx, o, { status: 'expired' }, 'ORDER_PERIOD_ENDED', 'system:scheduler');
      expired += 1;
    }
    return { suspended, expired };
  }

  private judge(customer: Customer, product: Product, what: 'order' | 'renewal'): { outcome: OrderOutcome; reasons: Reason[] } {
    const rule = this.policy().entitlements[customer.status];
    if (!(what === 'order' ? rule.order : rule.renew)) return { outcome: 'refused', reasons: entitlementsFor(customer, this.policy()).reasons };
    const holds = signupHolds(customer, this.policy(), what);
    if (holds.length > 0) return { outcome: 'refused', reasons: holds };
    if (product.kycRequired && customer.status !== 'verified') {
      return { outcome: 'kyc_required', reasons: [{ code: 'PRODUCT_REQUIRES_KYC', text: `${product.name} requires a verified customer` }] };
    }
    return { outcome: 'allowed', reasons: [{ code: 'ORDER_ALLOWED', text: product.kycRequired ? 'Verified customer' : `${product.name} needs no KYC` }] };
  }

  private async decide(trx: Executor, orderId: string, c: Customer, p: Product, outcome: OrderOutcome, reasons: Reason[], actor: string): Promise<Decision> {
    const policy = this.policy();
    const { decision } = await this.decisions.record(
      trx,
      {
        kind: 'order',
        subject: subjectOf(c.id),
        action: OUTCOME_ACTION[outcome],
        reasons,
        inputs: { orderId, status: c.status, kycDeadlineAt: c.kycDeadlineAt, product: p.code, kycRequired: p.kycRequired },
        policyVer: policyVersion(policy),
        dataVer: 'none',
        modelVer: 'orders/1',
      },
      actor,
    );
    return decision;
  }

  /** KYC passed: held orders start now with their due date moved; suspended ones resume without it. */
  private async onCustomerStatus(trx: Executor, customer: Customer, _from: CustomerStatus, actor: string): Promise<void> {
    if (customer.status !== 'verified') return;
    const now = this.clock.now();
    for (const o of await store.ordersOf(trx, customer.id, ['held', 'suspended'])) {
      const product = await this.product(trx, o.productId);
      if (o.status === 'held') {
        const extensionMs = now.getTime() - Date.parse(o.orderedAt);
        const dueAt = new Date(Date.parse(o.orderedAt) + product.termDays * DAY + extensionMs).toISOString();
        await this.transition(trx, o, { status: 'active', provisionedAt: now.toISOString(), dueAt, extensionMs }, 'KYC_PASSED_IN_GRACE', actor);
      } else if (o.dueAt && o.dueAt > now.toISOString()) {
        await this.transition(trx, o, { status: 'active' }, 'KYC_PASSED_AFTER_GRACE', actor);
      }
    }
  }

  private async transition(trx: Executor, o: Order, changes: Partial<Order>, code: string, actor: string): Promise<Order> {
    const next = await this.save(trx, o, changes);
    const payload = { orderId: o.id, customerId: o.customerId, from: o.status, to: next.status, dueAt: next.dueAt, extensionMs: next.extensionMs, reason: code };
    await this.audit.append(trx, { actor, action: 'order.status_changed', subject: subjectOf(o.customerId), data: payload });
    await this.events.emit(trx, { type: 'order.status_changed', subject: subjectOf(o.customerId), payload });
    return next;
  }

  private async save(trx: Executor, o: Order, changes: Partial<Order>): Promise<Order> {
    const next: Order = { ...o, ...changes, version: o.version + 1, updatedAt: this.clock.now().toISOString() };
    if (!(await store.updateOrder(trx, next, o.version))) {
      throw new VigilError(OrderErrors.ORDER_CHANGED_CONCURRENTLY, `order ${o.id} changed meanwhile; retry`, { orderId: o.id });
    }
    return next;
  }
}
