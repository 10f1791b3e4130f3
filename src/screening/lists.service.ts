import { VigilError } from '../core/errors.js';
import type { Executor } from '../db/executor.js';
import { ScreeningErrors } from './errors.js';
import type { CustomerScreeningService } from './customer-screening.service.js';
import { LIST_NAME } from './import/parser.js';
import type { ImportOptions, ImportReport, ListImportService } from './list-import.service.js';
import * as store from './lists.store.js';
import { unknownListError, type ScreeningService } from './screening.service.js';

export interface ImportOutcome extends ImportReport {
  /** Customers checked against the delta, and how many of them were screened again. */
  /** `closed`: open hits on entities the version removed, closed as `delisted`. */
  rescreen: { checked: number; candidates: number; rescreened: number; closed: number } | null;
}

export type EntityChangeKind = 'added' | 'changed' | 'removed';

export interface ChangesPage {
  list: string;
  version: string;
  dataVer: string;
  /** The entities the version added, changed or removed, by source id; `name` is the primary name the list holds now, null once the entity is off the list. */
  data: Array<{ entityId: string; sourceId: string; name: string | null; change: EntityChangeKind }>;
  /** Pass as `after` for the next page; null on the last one. */
  next: string | null;
}

/** Lists as the operator sees them: import (then refresh the index and re-screen), look at versions. */
export class ListsService {
  constructor(
    private readonly importer: ListImportService,
    private readonly screening: ScreeningService,
    private readonly customers: CustomerScreeningService,
  ) {}

  async importAndRescreen(path: string, opts: ImportOptions): Promise<ImportOutcome> {
    // Checked here so the CLI, the API and a refresh refuse the same names the config does.
    if (opts.list !== undefined && !LIST_NAME.test(opts.list)) {
      throw new VigilError(ScreeningErrors.SCREENING_LIST_NAME_INVALID, `list name ${JSON.stringify(opts.list)} must match ${String(LIST_NAME)}: 1 to 64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. uk-hmt)`, { list: opts.list });
    }
    const report = await this.importer.import(path, opts);
    this.screening.invalidate();
    if (report.unchanged || !report.versionId) return { ...report, rescreen: null };
    await this.screening.current();
    const rescreen = await this.customers.rescreenForVersion(report.versionId, opts.actor);
    return { ...report, rescreen: { ...rescreen, closed: await this.customers.closeDelisted(report.versionId, opts.actor) } };
  }

  async lists(db: Executor) {
    return (await store.allLists(db)).map((l) => ({ name: l.name, format: l.format, dataVer: l.data_ver, version: l.active_version, entities: l.entity_count, updatedAt: l.updated_at }));
  }

  /** A list's import history, newest first; SCREENING_LIST_UNKNOWN when no list has that name. */
  async versions(db: Executor, name: string) {
    if (!(await store.getList(db, name))) throw unknownListError([name], (await store.allLists(db)).map((l) => l.name));
    return (await store.versions(db, name, 100)).map((v) => ({
      id: v.id,
      dataVer: v.data_ver,
      file: v.file_name,
      publishedAt: v.published_at,
      entities: v.entity_count,
      added: v.added,
      changed: v.changed,
      removed: v.removed,
      importedAt: v.imported_at,
      importedBy: v.imported_by,
    }));
  }

  /**
   * What one version of a list changed, entity by entity (the active version when none is named,
   * else by version id or dataVer), a page at a time in source-id order.
   */
  async changes(db: Executor, name: string, version: string | undefined, page: { after?: string | undefined; change?: EntityChangeKind | undefined; limit?: number | undefined } = {}): Promise<ChangesPage> {
    const list = await store.getList(db, name);
    if (!list) throw unknownListError([name], (await store.allLists(db)).map((l) => l.name));
    const wanted = version ?? list.active_version;
    const v = wanted === null ? undefined : await store.findVersion(db, name, wanted);
    if (!v) throw new VigilError(ScreeningErrors.SCREENING_LIST_VERSION_UNKNOWN, `list ${name} has no version ${wanted}; its versions are listed by GET /v1/lists/${name}/versions`, { list: name, version });
    const limit = page.limit ?? 100;
    // One more than asked tells whether there is a next page.
    const rows = await store.changePage(db, v.id, { after: page.after, change: page.change, limit: limit + 1 });
    const data = rows.slice(0, limit).map((r) => ({ entityId: `${r.list}:${r.sourceId}`, sourceId: r.sourceId, name: r.entity?.names[0]?.full ?? null, change: r.change as EntityChangeKind }));
    return { list: name, version: v.id, dataVer: v.data_ver, data, next: rows.length > limit ? (data.at(-1)?.sourceId ?? null) : null };
  }

  /**
   * What a screening data version (the `dataVer` of screening decisions, hits and alerts) stands
   * for: the version of every list the index held.
   */
  async indexVersion(db: Executor, dataVer: string): Promise<store.IndexVersion> {
    const found = await store.indexVersion(db, dataVer);
    if (!found) {
      throw new VigilError(ScreeningErrors.SCREENING_INDEX_VERSION_UNKNOWN, `no screening index had data version ${dataVer}; the current one is in GET /v1/lists (index.dataVer)`, { dataVer });
    }
    return found;
  }
}
