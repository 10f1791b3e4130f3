import type { Executor } from '../db/executor.js';
import type { CustomerScreeningService } from './customer-screening.service.js';
import type { ImportOptions, ImportReport, ListImportService } from './list-import.service.js';
import * as store from './lists.store.js';
import { unknownListError, type ScreeningService } from './screening.service.js';

export interface ImportOutcome extends ImportReport {
  /** Customers checked against the delta, and how many of them were screened again. */
  rescreen: { checked: number; candidates: number; rescreened: number } | null;
}

/** Lists as the operator sees them: import (then refresh the index and re-screen), look at versions. */
export class ListsService {
  constructor(
    private readonly importer: ListImportService,
    private readonly screening: ScreeningService,
    private readonly customers: CustomerScreeningService,
  ) {}

  async importAndRescreen(path: string, opts: ImportOptions): Promise<ImportOutcome> {
    const report = await this.importer.import(path, opts);
    this.screening.invalidate();
    if (report.unchanged || !report.versionId) return { ...report, rescreen: null };
    await this.screening.current();
    return { ...report, rescreen: await this.customers.rescreenForVersion(report.versionId, opts.actor) };
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
}
