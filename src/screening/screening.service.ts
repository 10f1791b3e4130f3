import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import { indexDataVer } from './index-version.js';
import type { Database, Executor } from '../db/executor.js';
import type { EntityType } from './entity.js';
import { ScreeningErrors } from './errors.js';
import { AddressIndex, NO_ADDRESS_LISTS_WARNING, type AddressVerdict, type ListWarning } from './kyt.js';
import * as store from './lists.store.js';
import { ScreeningIndex, type ScreeningMatch, type ScreeningQuery } from './matcher/matcher.js';
import { DEFAULT_SCREENING_POLICY, lowestThreshold, thresholdFor, type ScreeningPolicy } from './screening-policy.js';
import { DEFAULT_SCREENING_LIMIT } from './screening-request.js';

/** A match with the score it had to reach: the request's threshold, or the policy's for its list and type. */
export type ScreenedMatch = ScreeningMatch & { threshold: number };

export interface ScreeningResult {
  /** Best first, at most `limit` of them. */
  matches: ScreenedMatch[];
  /** More matches reached their threshold than `limit` let through: ask again with a higher `limit` (up to MAX_SCREENING_LIMIT) or narrower `lists`. */
  truncated: boolean;
  /** The most matches this answer could hold. */
  limit: number;
  /** Versions of every list the query was matched against. */
  dataVer: string;
  /** The threshold asked for, or the policy's default one; each match says the one that applied to it (its list's or type's). */
  threshold: number;
  /** The policy's per-list and per-type thresholds that applied instead of `threshold` where they name a match's list or type; empty when the request set its own. */
  thresholds: ScreeningPolicy['thresholds'];
}

interface Loaded {
  key: string;
  dataVer: string;
  names: ScreeningIndex;
  addresses: AddressIndex;
  lists: string[];
}

/** Matcher model version; recorded in screening decisions beside policy and data versions. */
export const MATCHER_VERSION = 'matcher/1';
const RECHECK_MS = 5000;

/**
 * Holds the in-memory indexes of every loaded list and keeps them current: after an import in
 * this process, and within seconds of one on another node (the list versions are polled).
 */
export class ScreeningService {
  private loaded: Loaded | null = null;
  private loading: Promise<Loaded> | null = null;
  private checkedAt = 0;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly policy: () => ScreeningPolicy = () => DEFAULT_SCREENING_POLICY,
  ) {}

  /**
   * Name screening against every loaded list (or some). Inside a transaction pass it as `db`:
   * SQLite has one connection, and the version check must not wait for the transaction's own lock.
   */
  async screen(query: ScreeningQuery, opts: { threshold?: number; limit?: number; lists?: string[] } = {}, db: Executor = this.database.db): Promise<ScreeningResult> {
    let loaded = await this.current(db);
    if (opts.lists?.some((l) => !loaded.lists.includes(l))) {
      // Another node may have loaded it within the last few seconds: look again before refusing.
      this.invalidate();
      loaded = await this.current(db);
      const unknown = opts.lists.filter((l) => !loaded.lists.includes(l));
      if (unknown.length > 0) throw unknownListError(unknown, loaded.lists);
    }
    const policy = this.policy();
    const threshold = opts.threshold ?? policy.threshold;
    // A threshold asked for applies to every list; otherwise each match needs its list's and type's.
    const perMatch = opts.threshold === undefined && policy.thresholds.length > 0;
    const applied = perMatch ? (list: string, type: EntityType) => thresholdFor(policy, list, type) : () => threshold;
    const limit = opts.limit ?? DEFAULT_SCREENING_LIMIT;
    // One more than asked for tells whether the answer was cut.
    const found = loaded.names.search(query, {
      threshold: perMatch ? lowestThreshold(policy) : threshold,
      ...(perMatch ? { thresholdFor: applied } : {}),
      limit: limit + 1,
      ...(opts.lists ? { lists: opts.lists } : {}),
    });
    const matches = found.slice(0, limit).map((m) => ({ ...m, threshold: applied(m.list, m.type) }));
    return { matches, truncated: found.length > limit, limit, dataVer: loaded.dataVer, threshold, thresholds: perMatch ? policy.thresholds : [] };
  }

  /** The lowest score any match needs under the running policy: a pre-filter must not stop above it. */
  lowestThreshold(): number {
    return lowestThreshold(this.policy());
  }

  async screenAddress(address: string, currency?: string): Promise<AddressVerdict & { dataVer: string }> {
    const loaded = await this.current();
    return { ...loaded.addresses.screen(address, currency), dataVer: loaded.dataVer };
  }

  /** The indexes as they are now (reloaded when a list changed). */
  async current(db: Executor = this.database.db): Promise<Loaded> {
    const now = this.clock.now().getTime();
    if (this.loaded && now - this.checkedAt < RECHECK_MS) return this.loaded;
    const lists = await store.allLists(db);
    this.checkedAt = now;
    const { key, dataVer } = indexDataVer(lists);
    if (this.loaded?.key === key) return this.loaded;
    this.loading ??= this.load(db, key, dataVer, lists.map((l) => l.name)).finally(() => (this.loading = null));
    this.loaded = await this.loading;
    return this.loaded;
  }

  /** Forces the next call to re-read the list versions (after an import in this process). */
  invalidate(): void {
    this.checkedAt = 0;
  }

  /**
   * What the operator should know about the loaded lists: from the indexes when this process
   * holds them (a server), else from the store, without building them (a CLI command).
   */
  async warnings(db: Executor = this.database.db): Promise<ListWarning[]> {
    const holdsAddresses = this.loaded ? (await this.current(db)).addresses.size > 0 : await store.holdsCryptoAddress(db);
    return holdsAddresses ? [] : [NO_ADDRESS_LISTS_WARNING];
  }

  stats(): { lists: string[]; entities: number; names: number; addresses: number; dataVer: string } | null {
    const l = this.loaded;
    return l ? { lists: l.lists, entities: l.names.entityCount, names: l.names.nameCount, addresses: l.addresses.size, dataVer: l.dataVer } : null;
  }

  private async load(db: Executor, key: string, dataVer: string, lists: string[]): Promise<Loaded> {
    const entities = await store.entities(db);
    const names = ScreeningIndex.build(
      entities.filter((e) => !isAddressOnly(e.entity)).map((e) => ({ id: `${e.list}:${e.sourceId}`, list: e.list, entity: e.entity })),
    );
    return { key, dataVer, names, addresses: AddressIndex.build(entities), lists };
  }
}

/** SCREENING_LIST_UNKNOWN naming the lists asked for that are not loaded, and the ones that are. */
export function unknownListError(unknown: string[], loaded: string[]): VigilError {
  const names = [...new Set(unknown)];
  const known = loaded.length > 0 ? `loaded lists: ${loaded.join(', ')}` : 'no list is loaded; import one with vigil lists import FILE or POST /v1/lists/import';
  return new VigilError(ScreeningErrors.SCREENING_LIST_UNKNOWN, `${names.length === 1 ? `no list named ${names[0]} is` : `no lists named ${names.join(', ')} are`} loaded; ${known}`, { unknown: names, loaded });
}

/** Entries of plain address lists have no name worth matching. */
function isAddressOnly(e: store.StoredEntity['entity']): boolean {
  return e.type === 'unknown' && e.cryptoAddresses.length > 0 && e.names.length === 1 && e.names[0]!.full.includes(' address ');
}
