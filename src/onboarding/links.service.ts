import type { Clock } from '../core/clock.js';
import type { Customer, CustomerStatus } from '../customers/customer.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { Capabilities, Executor } from '../db/executor.js';
import * as store from './links.store.js';

export type LinkKind = 'device' | 'phone' | 'email' | 'payment' | 'ip';

export interface LinkedCustomer {
  customerId: string;
  status: CustomerStatus;
  /** Attribute kinds shared with the customer asked about (directly) or with the path to it. */
  shared: LinkKind[];
  /** Steps from the customer asked about: 1 = shares an attribute with them. */
  depth: number;
}

/** A sign-up attribute as stored: its kind and keyed digest. */
export interface LinkAttribute {
  kind: LinkKind;
  digest: string;
  /** An older spelling of the attribute, looked up so links stored in it still match (see `attributes`). */
  legacy?: true;
}

export interface LinkGraph {
  customerId: string;
  nodes: LinkedCustomer[];
  /** Pairs of customers and what they share; attribute values are never shown, only a short digest. */
  edges: Array<{ from: string; to: string; kind: LinkKind; attribute: string }>;
  truncated: boolean;
}

/** Statuses whose links make a new sign-up suspect. */
export const BLOCKED_STATUSES: ReadonlySet<CustomerStatus> = new Set(['restricted', 'suspended', 'offboarded', 'rejected']);

const MAX_NODES = 200;

/**
 * The multi-account graph: customers who share a device, phone number, normalised email,
 * payment fingerprint or (when policy says so) IP subscriber: an IPv4 address or IPv6 /64. Attributes are stored as keyed
 * digests, so the graph can be walked without any personal data.
 */
export class LinksService {
  constructor(
    private readonly clock: Clock,
    private readonly customers: CustomersService,
    private readonly digest: (kind: string, value: string) => string,
    private readonly caps: Pick<Capabilities, 'dialect'>,
  ) {}

  /**
   * Digests of a sign-up's attributes, by kind. `ip` is the subscriber the address belongs to
   * (the IPv4 address, or the IPv6 /64 inside which one line's privacy addresses rotate), as
   * velocity counts it. Links by IP were once stored by the full IPv6 address, and a digest cannot
   * be turned into its /64: so `ipAddress`, when it differs from the subscriber, is looked up too
   * (legacy), and a sign-up from an address an older customer was stored under still links to them.
   */
  attributes(values: Partial<Record<LinkKind, string>>, ipAddress?: string): LinkAttribute[] {
    const out: LinkAttribute[] = [];
    for (const kind of ['device', 'phone', 'email', 'payment', 'ip'] as const) {
      const v = values[kind];
      if (v) out.push({ kind, digest: this.digest(`link:${kind}`, v) });
    }
    if (values.ip && ipAddress && ipAddress !== values.ip) out.push({ kind: 'ip', digest: this.digest('link:ip', ipAddress), legacy: true });
    return out;
  }

  /**
   * Other customers sharing any of the attributes, with what they share and their status, and the
   * attributes to record for the sign-up: a legacy one only when someone carries it, so the graph
   * keeps the link it made and nothing is stored in the old form otherwise.
   */
  async matches(trx: Executor, customerId: string | null, attributes: LinkAttribute[]): Promise<{ linked: Array<{ customer: Customer; shared: LinkKind[] }>; toRecord: LinkAttribute[] }> {
    const rows = await store.sharing(trx, attributes, MAX_NODES, this.caps);
    const byCustomer = new Map<string, Set<LinkKind>>();
    for (const r of rows) {
      if (r.customerId === customerId) continue;
      let kinds = byCustomer.get(r.customerId);
      if (!kinds) byCustomer.set(r.customerId, (kinds = new Set()));
      kinds.add(r.kind as LinkKind);
    }
    const linked: Array<{ customer: Customer; shared: LinkKind[] }> = [];
    for (const [id, kinds] of byCustomer) linked.push({ customer: await this.customers.get(trx, id), shared: [...kinds].sort() });
    const carried = (a: LinkAttribute) => rows.some((r) => r.kind === a.kind && r.digest === a.digest);
    return { linked, toRecord: attributes.filter((a) => !a.legacy || carried(a)) };
  }

  record(trx: Executor, customerId: string, attributes: LinkAttribute[]): Promise<void> {
    return store.add(trx, customerId, attributes, this.clock.now().toISOString());
  }

  /** The graph around a customer, breadth first up to `depth` steps (at most 200 customers). */
  async graph(db: Executor, customerId: string, depth = 2): Promise<LinkGraph> {
    await this.customers.get(db, customerId);
    const seen = new Map<string, LinkedCustomer>();
    const edges = new Map<string, LinkGraph['edges'][number]>();
    let frontier = [customerId];
    let truncated = false;
    for (let d = 1; d <= depth && frontier.length > 0; d++) {
      const own = await store.ofCustomers(db, frontier);
      const found = await store.sharing(db, own, MAX_NODES * 4, this.caps);
      const next: string[] = [];
      for (const f of own) {
        for (const r of found) {
          if (r.kind !== f.kind || r.digest !== f.digest || r.customerId === f.customerId) continue;
          const [a, b] = [f.customerId, r.customerId].sort() as [string, string];
          edges.set(`${a}|${b}|${r.kind}|${r.digest}`, { from: a, to: b, kind: r.kind as LinkKind, attribute: r.digest.slice(0, 8) });
          if (r.customerId === customerId) continue;
          const node = seen.get(r.customerId);
          if (node) {
            if (node.depth === d && !node.shared.includes(r.kind as LinkKind)) node.shared = [...node.shared, r.kind as LinkKind].sort();
            continue;
          }
          if (seen.size >= MAX_NODES) {
            truncated = true;
            continue;
          }
          const c = await this.customers.get(db, r.customerId);
          seen.set(r.customerId, { customerId: r.customerId, status: c.status, shared: [r.kind as LinkKind], depth: d });
          next.push(r.customerId);
        }
      }
      frontier = next;
    }
    return { customerId, nodes: [...seen.values()], edges: [...edges.values()], truncated };
  }
}
