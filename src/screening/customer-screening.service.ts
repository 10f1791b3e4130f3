import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../core/clock.js';
import { isVigilError, VigilError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Customer } from '../customers/customer.js';
import { subjectOf, type CustomersService } from '../customers/customers.service.js';
import { canTransition, RESTRICTIVE_STATUSES } from '../customers/status-machine.js';
import type { Database, Executor } from '../db/executor.js';
import type { Decision } from '../decisions/decision.js';
import type { DecisionsService } from '../decisions/decisions.service.js';
import type { EventsService } from '../events/events.service.js';
import { policyVersion, type Policy } from '../policy/policy.js';
import type { VaultService } from '../vault/vault.service.js';
import { ScreeningErrors } from './errors.js';
import * as hits from './hits.store.js';
import * as lists from './lists.store.js';
import { ScreeningIndex, type ScreeningQuery } from './matcher/matcher.js';
import { DeltaProbe, encodeKeyGroups, nameKeyGroups } from './matcher/name-keys.js';
import { MATCHER_VERSION, type ScreeningService } from './screening.service.js';

/**
 * Matches a customer screening opens hits for, best first: more than any real name reaches on the
 * lists, while a name made of one common word cannot open hundreds. A screening that had more
 * records `truncated` in its decision.
 */
const CUSTOMER_MATCHES = 50;
/** Vault fields a screening query is made of, per customer type. */
const SCREENED_FIELDS = { person: ['fullName', 'birthDate'], company: ['legalName', 'registrationNumber'] } as const;
/** Changing one of these (the query's fields, or the country) screens the customer again. */
const QUERY_INPUTS: ReadonlySet<string> = new Set([...SCREENED_FIELDS.person, ...SCREENED_FIELDS.company, 'country']);

/** The screening query for a customer's decrypted data; null when there is no name to screen. */
function queryFrom(c: Pick<Customer, 'type' | 'country'>, pii: Record<string, string>): ScreeningQuery | null {
  const name = c.type === 'person' ? pii.fullName : pii.legalName;
  if (!name) return null;
  return {
    name,
    type: c.type === 'person' ? 'person' : 'organization',
    country: c.country,
    ...(pii.birthDate ? { birthDate: pii.birthDate } : {}),
    ...(pii.registrationNumber ? { identifiers: [{ type: 'registration', value: pii.registrationNumber }] } : {}),
  };
}

export interface CustomerScreeningResult {
  customerId: string;
  dataVer: string;
  decision: Decision;
  /** Hits that need a reviewer now (new, or re-opened because the entity changed). */
  openHits: hits.Hit[];
}

const BATCH = 500;
/** Customers read per page when a list change is matched against the stored name keys. */
const SCAN_PAGE = 5000;
/** Purpose of the keyed tags on name keys (the vault derives their key from it). */
const NAME_KEYS = 'screening-name-keys';

type ConfirmedListener = (trx: Executor, hit: hits.Hit, actor: string) => Promise<void>;

/**
 * Screens customers (and their directors and UBOs, who are customers too) at onboarding, after
 * every list change and daily; every hit waits for a reviewer, and a disposition is remembered
 * for that customer–entity pair until the entity's listed data changes.
 */
export class CustomerScreeningService {
  private readonly confirmedListeners: ConfirmedListener[] = [];

  /** Runs in the transaction that confirms a match, after the customer is restricted (the risk engine scores them again). */
  onConfirmed(listener: ConfirmedListener): void {
    this.confirmedListeners.push(listener);
  }

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    private readonly decisions: DecisionsService,
    private readonly customers: CustomersService,
    private readonly vault: VaultService,
    private readonly screening: ScreeningService,
    private readonly policy: () => Policy,
  ) {}

  /** Screens one customer inside the caller's transaction and records the outcome as a decision. */
  async screenCustomer(trx: Executor, customerId: string, trigger: string, actor: string): Promise<CustomerScreeningResult> {
    const customer = await this.customers.get(trx, customerId);
    return this.screenWith(trx, customer, await this.queryFor(trx, customer, actor), trigger, actor);
  }

  /** After a change of the customer's data: screens again when a field the query is made of changed. */
  async onCustomerUpdated(trx: Executor, customerId: string, changed: readonly string[], actor: string): Promise<void> {
    if (changed.some((f) => QUERY_INPUTS.has(f))) await this.screenIfNamed(trx, customerId, 'update', actor);
  }

  /**
   * Screens the customer if there is a name to screen. A sign-up that gave only an email address
   * is screened when its name arrives (customer update), so no empty screening decision is made.
   * `personal`: the customer's personal data when the caller holds it (just stored), instead of
   * decrypting it from the vault.
   */
  async screenIfNamed(trx: Executor, customerId: string, trigger: string, actor: string, personal?: Readonly<Record<string, string>>): Promise<CustomerScreeningResult | null> {
    const customer = await this.customers.get(trx, customerId);
    const query = personal ? queryFrom(customer, personal) : await this.queryFor(trx, customer, actor);
    if (query) return this.screenWith(trx, customer, query, trigger, actor);
    await hits.recordScreening(trx, customer.id, 'none', this.clock.now().toISOString(), 0, this.nameKeys(null));
    return null;
  }

  private async screenWith(trx: Executor, customer: Customer, query: ScreeningQuery | null, trigger: string, actor: string): Promise<CustomerScreeningResult> {
    const { matches, dataVer, truncated } = query ? await this.screening.screen(query, { limit: CUSTOMER_MATCHES }, trx) : { matches: [], dataVer: (await this.screening.current(trx)).dataVer, truncated: false };
    const now = this.clock.now().toISOString();
    const open: hits.Hit[] = [];
    for (const m of matches) {
      const [list, ...rest] = m.entityId.split(':');
      const stored = await lists.entity(trx, list!, rest.join(':'));
      const hash = stored?.hash ?? 'unknown';
      const hit = await this.upsertHit(trx, customer.id, { entityId: m.entityId, list: m.list, hash, score: m.score, explanation: m.explanation, dataVer }, now, actor);
      if (hit) open.push(hit);
    }
    await hits.recordScreening(trx, customer.id, dataVer, now, matches.length, this.nameKeys(query));
    const openAll = await hits.list(trx, { customerId: customer.id, status: 'open', limit: 100 });
    // A confirmed match stands until a reviewer takes it back, whatever this screening found: the
    // outcome is never "clear" while it holds the customer (confirmedMatchHold). It holds only a
    // customer it restricted (or one further out), so the others — every sign-up — skip the look-up.
    const confirmed = RESTRICTIVE_STATUSES.has(customer.status) ? await hits.trueMatchOf(trx, customer.id) : undefined;
    const reasons: Decision['reasons'] = openAll.map((h) => ({ code: 'SCREENING_HIT', text: `Possible match with ${h.entityId} (score ${h.score.toFixed(2)}) awaits review` }));
    if (confirmed) {
      reasons.unshift(
        confirmed.customerId === customer.id
          ? { code: 'SCREENING_TRUE_MATCH', text: `Confirmed match with listed entity ${confirmed.entityId} (hit ${confirmed.id}) stands` }
          : { code: 'SCREENING_RELATED_PARTY_MATCH', text: `Related person ${confirmed.customerId} is a confirmed match with listed entity ${confirmed.entityId} (hit ${confirmed.id})` },
      );
    }
    if (reasons.length === 0) reasons.push({ code: 'SCREENING_CLEAR', text: 'No open or confirmed match on the loaded lists' });
    const { decision } = await this.decisions.record(
      trx,
      {
        kind: 'screening',
        subject: subjectOf(customer.id),
        action: confirmed ? 'restrict' : openAll.length > 0 ? 'verify' : 'allow',
        reasons,
        inputs: {
          customerVersion: customer.version,
          matches: matches.map((m) => [m.entityId, Math.round(m.score * 1000)]),
          ...(truncated ? { truncated } : {}),
          open: openAll.map((h) => h.id),
          ...(confirmed ? { confirmed: confirmed.id } : {}),
          trigger: trigger.split(':')[0],
        },
        policyVer: policyVersion(this.policy()),
        dataVer,
        modelVer: MATCHER_VERSION,
      },
      actor,
    );
    return { customerId: customer.id, dataVer, decision, openHits: open };
  }

  /** A reviewer's verdict on a hit; a true match restricts the customer and raises an alert. */
  async review(trx: Executor, hitId: string, input: { disposition: 'true_match' | 'false_positive'; reason: string }, actor: string): Promise<hits.Hit> {
    const hit = await hits.get(trx, hitId);
    if (!hit) throw new VigilError(ScreeningErrors.SCREENING_HIT_NOT_FOUND, `no screening hit ${hitId}`, { hitId });
    const now = this.clock.now().toISOString();
    const next: hits.Hit = { ...hit, status: input.disposition, reason: input.reason, reviewedBy: actor, reviewedAt: now, updatedAt: now };
    await hits.update(trx, next);
    const data = { hitId, entityId: hit.entityId, disposition: input.disposition, dataVer: hit.dataVer };
    // The hit row keeps only the latest disposition: the audit log is the history of every one,
    // with its reason and the one it replaced.
    await this.audit.append(trx, { actor, action: 'screening.hit_reviewed', subject: subjectOf(hit.customerId), data: { ...data, reason: input.reason, previous: previousOf(hit) } });
    await this.events.emit(trx, { type: 'screening.hit_reviewed', subject: subjectOf(hit.customerId), payload: { customerId: hit.customerId, ...data } });
    if (input.disposition === 'true_match') await this.confirm(trx, next, actor);
    return next;
  }

  /**
   * A confirmed sanctions match keeps its customer restricted (or further out) until a reviewer
   * clears it by reviewing the hit again as a false positive; a company is held as long as one of
   * its directors or beneficial owners is.
   */
  async confirmedMatchHold(db: Executor, customerId: string): Promise<{ reason: string; context: Record<string, unknown> } | null> {
    const hit = await hits.trueMatchOf(db, customerId);
    if (!hit) return null;
    const own = hit.customerId === customerId;
    return {
      reason: `hit ${hit.id}${own ? '' : ` of related person ${hit.customerId}`} confirmed a match with ${hit.entityId}; review it again as a false positive (with the reason) to lift the hold`,
      context: { hitId: hit.id, entityId: hit.entityId, ...(own ? {} : { relatedPersonId: hit.customerId }) },
    };
  }

  getHit(db: Executor, id: string): Promise<hits.Hit | undefined> {
    return hits.get(db, id);
  }

  /** `withRelated`: a company's hits with those of its directors and beneficial owners (whose customerId they carry). */
  listHits(db: Executor, opts: { customerId?: string; withRelated?: boolean; status?: hits.HitStatus; after?: string; limit: number }): Promise<hits.Hit[]> {
    return hits.list(db, opts);
  }

  /**
   * After a list import: finds the customers the delta can affect and screens those fully. The
   * stored keyed name keys of every customer are compared with the retrieval keys of the added
   * and changed entities (no decryption); only the customers they may match are decrypted and
   * searched against an index of just those entities, and only a customer found there is
   * screened again against everything. Customers without stored keys are always decrypted.
   */
  async rescreenForVersion(versionId: string, actor: string): Promise<{ checked: number; candidates: number; rescreened: number }> {
    const db = this.database.db;
    const delta = (await lists.changes(db, versionId)).filter((c) => c.change !== 'removed');
    const version = delta.length > 0 ? await db.selectFrom('screening_list_versions').select('list').where('id', '=', versionId).executeTakeFirst() : undefined;
    if (!version) return { checked: 0, candidates: 0, rescreened: 0 };
    const wanted = new Set(delta.map((c) => c.sourceId));
    const changed = (await lists.entities(db, [version.list])).filter((e) => wanted.has(e.sourceId)).map((e) => ({ id: `${e.list}:${e.sourceId}`, list: e.list, entity: e.entity }));
    const index = ScreeningIndex.build(changed);
    const probe = DeltaProbe.build(changed, (keys) => this.vault.tagKeys(NAME_KEYS, keys));
    let checked = 0;
    let candidates = 0;
    let rescreened = 0;
    const ctx = { actor, purpose: 'sanctions re-screening after a list change' };
    // Down to the loosest threshold a list or type may have: the full screening applies each one.
    const threshold = this.screening.lowestThreshold();
    for (let after: string | null = null; ; ) {
      const page = await hits.subjectsPage(db, after, SCAN_PAGE);
      if (page.length === 0) break;
      after = page[page.length - 1]!.id;
      const maybe: hits.ScreeningSubject[] = [];
      for (const subject of page) {
        if (subject.status === 'offboarded') continue;
        checked += 1;
        if (!subject.nameKeys || probe.affects(subject.nameKeys)) maybe.push(subject);
      }
      candidates += maybe.length;
      for (const type of ['person', 'company'] as const) {
        const ofType = maybe.filter((s) => s.type === type);
        const pii = await this.vault.readMany(ofType.map((s) => s.id), SCREENED_FIELDS[type], ctx);
        for (const subject of ofType) {
          const query = queryFrom(subject, pii.get(subject.id) ?? {});
          if (!query || index.search(query, { limit: 1, threshold }).length === 0) continue;
          await this.database.transaction((trx) => this.screenCustomer(trx, subject.id, `list:${versionId}`, actor));
          rescreened += 1;
        }
      }
    }
    return { checked, candidates, rescreened };
  }

  /**
   * After a list import: open hits on entities the version removed are closed (`delisted`), as
   * nothing is left to review, and their customers are screened again so that their latest
   * decision says so. A confirmed match stands: only a reviewer takes it back. A hit so closed
   * opens again if the entity is listed again.
   */
  async closeDelisted(versionId: string, actor: string): Promise<number> {
    const db = this.database.db;
    const removed = (await lists.changes(db, versionId)).filter((c) => c.change === 'removed');
    if (removed.length === 0) return 0;
    const version = await db.selectFrom('screening_list_versions').select(['list', 'data_ver']).where('id', '=', versionId).executeTakeFirst();
    if (!version) return 0;
    const open = await hits.openOnEntities(db, removed.map((c) => `${version.list}:${c.sourceId}`));
    const customers = new Set<string>();
    for (const hit of open) {
      await this.database.transaction(async (trx) => {
        const now = this.clock.now().toISOString();
        const reason = `closed: ${hit.entityId} was removed from list ${version.list} (version ${version.data_ver})`;
        await hits.update(trx, { ...hit, status: 'delisted', reason, updatedAt: now });
        const data = { hitId: hit.id, entityId: hit.entityId, dataVer: version.data_ver, reason };
        await this.audit.append(trx, { actor, action: 'screening.hit_closed', subject: subjectOf(hit.customerId), data });
        await this.events.emit(trx, { type: 'screening.hit_closed', subject: subjectOf(hit.customerId), payload: { customerId: hit.customerId, ...data } });
      });
      customers.add(hit.customerId);
    }
    for (const id of customers) await this.database.transaction((trx) => this.screenIfNamed(trx, id, `list:${versionId}`, actor));
    return open.length;
  }

  /** Daily re-screening, spread over scheduler rounds: customers not screened for a day. */
  async rescreenDue(actor: string): Promise<number> {
    const before = new Date(this.clock.now().getTime() - 86_400_000).toISOString();
    const due = await hits.dueForScreening(this.database.db, before, BATCH);
    for (const id of due) await this.database.transaction((trx) => this.screenIfNamed(trx, id, 'daily', actor));
    return due.length;
  }

  /** The screened name's retrieval keys, tagged with a vault key (an empty set when there is no name). */
  nameKeys(query: Pick<ScreeningQuery, 'name' | 'type'> | null): Buffer {
    return encodeKeyGroups(query ? nameKeyGroups(query.name, query.type).map((g) => this.vault.tagKeys(NAME_KEYS, g)) : []);
  }

  private async queryFor(trx: Executor, c: Customer, actor: string): Promise<ScreeningQuery | null> {
    return queryFrom(c, await this.vault.read(c.id, SCREENED_FIELDS[c.type], { actor, purpose: 'sanctions screening' }, trx));
  }

  /**
   * New hit → open; same hit → refreshed; a false positive stays unless the entity changed. A
   * confirmed match stands whatever the list later says of the entity: it holds the customer
   * (confirmedMatchHold), and only a reviewer takes it back.
   */
  private async upsertHit(
    trx: Executor,
    customerId: string,
    m: { entityId: string; list: string; hash: string; score: number; explanation: unknown; dataVer: string },
    now: string,
    actor: string,
  ): Promise<hits.Hit | null> {
    const existing = await hits.forPair(trx, customerId, m.entityId);
    if (existing?.status === 'true_match' || (existing?.status === 'false_positive' && existing.entityHash === m.hash)) return null;
    const reopened = existing !== undefined && existing.status !== 'open';
    const hit: hits.Hit = {
      id: existing?.id ?? newId('hit'),
      customerId,
      entityId: m.entityId,
      list: m.list,
      entityHash: m.hash,
      score: m.score,
      explanation: m.explanation,
      status: 'open',
      dataVer: m.dataVer,
      reason: !reopened ? (existing?.reason ?? null) : existing.status === 'delisted' ? 're-opened: the entity is listed again' : `re-opened: the listed data changed since the ${existing.status.replace('_', ' ')} disposition`,
      reviewedBy: null,
      reviewedAt: null,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    if (existing) await hits.update(trx, hit);
    else await hits.insert(trx, hit);
    if (existing && !reopened) return null;
    const data = { hitId: hit.id, entityId: m.entityId, score: m.score, dataVer: m.dataVer, reopened };
    await this.audit.append(trx, { actor, action: 'screening.hit_opened', subject: subjectOf(customerId), data: reopened ? { ...data, previous: previousOf(existing) } : data });
    await this.events.emit(trx, { type: 'screening.hit', subject: subjectOf(customerId), payload: { customerId, ...data } });
    return hit;
  }

  /**
   * A director's or beneficial owner's confirmed match is the company's too: it is restricted and
   * alerted as well, since it is the company that buys and is served.
   */
  private async confirm(trx: Executor, hit: hits.Hit, actor: string): Promise<void> {
    const person = await this.customers.get(trx, hit.customerId);
    const affected: Array<{ customerId: string; summary: string; reason: { code: string; text: string } }> = [
      { customerId: hit.customerId, summary: `Confirmed match with ${hit.entityId}`, reason: { code: 'SCREENING_TRUE_MATCH', text: `Confirmed match with listed entity ${hit.entityId}` } },
    ];
    if (person.parentId) {
      const role = person.role === 'ubo' ? 'beneficial owner' : 'director';
      const text = `Its ${role} ${person.id} is a confirmed match with listed entity ${hit.entityId}`;
      affected.push({ customerId: person.parentId, summary: text, reason: { code: 'SCREENING_RELATED_PARTY_MATCH', text } });
    }
    for (const a of affected) {
      const related = a.customerId === hit.customerId ? {} : { relatedPersonId: hit.customerId };
      await hits.insertAlert(trx, {
        id: newId('alr'),
        customerId: a.customerId,
        kind: 'screening.true_match',
        source: hit.id,
        severity: 'high',
        summary: a.summary,
        data: { hitId: hit.id, entityId: hit.entityId, dataVer: hit.dataVer, ...related },
        at: this.clock.now().toISOString(),
      });
      await this.restrict(trx, a.customerId, a.reason, hit, actor);
    }
    for (const listener of this.confirmedListeners) await listener(trx, hit, actor);
  }

  private async restrict(trx: Executor, customerId: string, reason: { code: string; text: string }, hit: hits.Hit, actor: string): Promise<void> {
    const customer = await this.customers.get(trx, customerId);
    if (customer.status === 'restricted' || !canTransition(customer.status, 'restricted')) return;
    try {
      await this.customers.transition(trx, customer.id, {
        to: 'restricted',
        reasons: [reason],
        trigger: `hit:${hit.id}`,
        actor,
        dataVer: hit.dataVer,
      });
    } catch (err) {
      if (!(isVigilError(err) && err.code === 'CUSTOMER_STATUS_TRANSITION_INVALID')) throw err;
    }
  }
}

/** What a disposition or re-opening replaced, for the audit record. */
function previousOf(hit: hits.Hit): { status: hits.HitStatus; reason: string | null; reviewedBy: string | null; reviewedAt: string | null } {
  return { status: hit.status, reason: hit.reason, reviewedBy: hit.reviewedBy, reviewedAt: hit.reviewedAt };
}
