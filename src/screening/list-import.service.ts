import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { AuditService } from '../audit/audit.service.js';
import { canonicalJson } from '../core/canonical-json.js';
import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import { sha256Hex } from '../core/hash.js';
import { newId } from '../core/ids.js';
import type { Database } from '../db/executor.js';
import type { EventsService } from '../events/events.service.js';
import type { ImportWarning, ListEntity, ListFileInfo } from './entity.js';
import { ScreeningErrors } from './errors.js';
import { countWarning, DEFAULT_MAX_REMOVED_SHARE, shownAs, shrinkRefusal } from './import-checks.js';
import type { ListFormat, ListParser } from './import/parser.js';
import { readHead } from './import/read.js';
import * as store from './lists.store.js';

export interface ImportOptions {
  format?: ListFormat | undefined;
  /** List name; the format's default (ofac-sdn, un, eu-fsf …) when omitted. */
  list?: string | undefined;
  actor: string;
  onProgress?: (progress: ImportProgress) => void;
  /** Import even when the new version removes more than `maxRemovedShare` of the loaded one. */
  force?: boolean | undefined;
  /** The name to show for the file instead of its path (an upload's own name): errors never carry the path then. */
  fileName?: string | undefined;
}

export interface ImportProgress {
  entities: number;
  /** Bytes of the file read so far, and its size (null for a directory of files). */
  bytesRead: number;
  totalBytes: number | null;
  done: boolean;
}

export interface ImportReport {
  list: string;
  format: ListFormat;
  /** Content hash of the whole list: the `dataVer` every screening decision records. */
  dataVer: string;
  versionId: string | null;
  unchanged: boolean;
  entityCount: number;
  added: number;
  changed: number;
  removed: number;
  publishedAt: string | null;
  declaredCount: number | null;
  duplicatesMerged: number;
  skipped: Record<string, number>;
  /** What the operator should know though the import went on (missing companion files, a count the file does not hold); empty when nothing. */
  warnings: ImportWarning[];
}

interface Parsed {
  entities: Map<string, { json: string; hash: string }>;
  duplicates: number;
  info: ListFileInfo;
}

/**
 * Imports one list file as a new version: parse everything first (a broken file fails here,
 * before anything is written), hash it, diff it against the loaded version, then write the
 * version, its diff and the entities in one transaction. A failure anywhere leaves the loaded
 * version in place. A version that would remove more than `maxRemovedShare` of the loaded
 * entities is refused (SCREENING_LIST_SHRUNK) unless forced.
 */
export class ListImportService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    private readonly parsers: readonly ListParser[],
    private readonly maxRemovedShare = DEFAULT_MAX_REMOVED_SHARE,
  ) {}

  async detect(path: string): Promise<ListParser> {
    // Only address lists come as a directory (one file per currency).
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) return this.parser('address-list');
    const head = await readHead(path);
    const found = this.parsers.find((p) => p.detect(head, basename(path)));
    if (!found) {
      throw new VigilError(ScreeningErrors.SCREENING_FORMAT_UNKNOWN, `cannot tell the format of ${path}; name it with --format (${this.parsers.map((p) => p.format).join(', ')})`, { file: path });
    }
    return found;
  }

  async import(path: string, opts: ImportOptions): Promise<ImportReport> {
    try {
      return await this.importFile(path, opts);
    } catch (err) {
      throw opts.fileName === undefined ? err : shownAs(err, path, opts.fileName);
    }
  }

  private async importFile(path: string, opts: ImportOptions): Promise<ImportReport> {
    const parser = opts.format ? this.parser(opts.format) : await this.detect(path);
    const list = opts.list ?? parser.defaultList;
    const fileName = opts.fileName ?? basename(path);
    const parsed = await this.parse(parser, path, opts.onProgress);
    if (parsed.entities.size === 0) throw new VigilError(ScreeningErrors.SCREENING_LIST_EMPTY, `${path} holds no entities`, { file: path });
    const dataVer = `dv_${sha256Hex([...parsed.entities].map(([id, e]) => `${id}\t${e.hash}`).sort().join('\n')).slice(0, 20)}`;
    const warnings = [...(parsed.info.warnings ?? []), ...countWarning(fileName, parsed.info, parsed.entities.size, parsed.duplicates)];
    const base = { list, format: parser.format, dataVer, entityCount: parsed.entities.size, publishedAt: parsed.info.publishedAt, declaredCount: parsed.info.declaredCount, duplicatesMerged: parsed.duplicates, skipped: parsed.info.skipped ?? {}, warnings };
    return this.database.transaction(async (trx) => {
      const current = await store.getList(trx, list);
      if (current?.data_ver === dataVer) return { ...base, versionId: current.active_version, unchanged: true, added: 0, changed: 0, removed: 0 };
      const before = await store.currentHashes(trx, list);
      const added: string[] = [];
      const changed: string[] = [];
      for (const [id, e] of parsed.entities) {
        const old = before.get(id);
        if (old === undefined) added.push(id);
        else if (old !== e.hash) changed.push(id);
      }
      const removed = [...before.keys()].filter((id) => !parsed.entities.has(id));
      // Checked before the first write: a refusal leaves the loaded version exactly as it was.
      const refusal = shrinkRefusal({ list, fileName, loaded: before.size, removed: removed.length, entityCount: parsed.entities.size, maxRemovedShare: this.maxRemovedShare });
      if (refusal && !opts.force) throw refusal;
      const versionId = newId('lv');
      const at = this.clock.now().toISOString();
      await store.upsertList(trx, { name: list, format: parser.format, active_version: versionId, data_ver: dataVer, entity_count: parsed.entities.size, source_url: current?.source_url ?? null, created_at: current?.created_at ?? at, updated_at: at });
      await store.recordIndexVersion(trx, at);
      await store.insertVersion(trx, { id: versionId, list, data_ver: dataVer, format: parser.format, file_name: basename(path), published_at: parsed.info.publishedAt, entity_count: parsed.entities.size, added: added.length, changed: changed.length, removed: removed.length, imported_at: at, imported_by: opts.actor });
      const write = [...added, ...changed].map((id) => ({ sourceId: id, ...parsed.entities.get(id)! }));
      await store.upsertEntities(trx, list, versionId, write);
      await store.deleteEntities(trx, list, removed);
      await store.insertChanges(trx, [
        ...added.map((id) => ({ version: versionId, list, source_id: id, change: 'added', entity_hash: parsed.entities.get(id)!.hash })),
        ...changed.map((id) => ({ version: versionId, list, source_id: id, change: 'changed', entity_hash: parsed.entities.get(id)!.hash })),
        ...removed.map((id) => ({ version: versionId, list, source_id: id, change: 'removed', entity_hash: null })),
      ]);
      const summary = { list, versionId, dataVer, entityCount: parsed.entities.size, added: added.length, changed: changed.length, removed: removed.length };
      await this.audit.append(trx, { actor: opts.actor, action: 'screening.list_imported', subject: `list:${list}`, data: { ...summary, format: parser.format, file: basename(path), ...(refusal ? { forced: true } : {}) } });
      await this.events.emit(trx, { type: 'screening.list_updated', subject: `list:${list}`, payload: summary });
      return { ...base, versionId, unchanged: false, added: added.length, changed: changed.length, removed: removed.length };
    });
  }

  private parser(format: ListFormat): ListParser {
    const p = this.parsers.find((x) => x.format === format);
    if (!p) throw new VigilError(ScreeningErrors.SCREENING_FORMAT_UNKNOWN, `unknown list format ${format}`, { format });
    return p;
  }

  /** Reads the whole file into canonical, hashed entities; the same source id twice is merged. */
  private async parse(parser: ListParser, path: string, onProgress?: (p: ImportProgress) => void): Promise<Parsed> {
    const info: ListFileInfo = { publishedAt: null, declaredCount: null };
    const raw = new Map<string, ListEntity>();
    const stat = statSync(path, { throwIfNoEntry: false });
    const totalBytes = stat?.isFile() ? stat.size : null;
    const report = (done: boolean) => onProgress?.({ entities: raw.size, bytesRead: info.bytesRead ?? 0, totalBytes, done });
    let duplicates = 0;
    for await (const entity of parser.parse(path, info)) {
      const seen = raw.get(entity.sourceId);
      if (seen) {
        duplicates += 1;
        raw.set(entity.sourceId, merge(seen, entity));
      } else raw.set(entity.sourceId, entity);
      if (raw.size % 500 === 0) report(false);
    }
    report(true);
    const entities = new Map<string, { json: string; hash: string }>();
    for (const [id, e] of raw) {
      const json = canonicalJson(e);
      entities.set(id, { json, hash: sha256Hex(json).slice(0, 32) });
    }
    return { entities, duplicates, info };
  }
}

/** Two records with one source id (lists repeat rows per alias): union of what they say. */
function merge(a: ListEntity, b: ListEntity): ListEntity {
  const uniq = <T>(xs: T[]) => [...new Map(xs.map((x) => [JSON.stringify(x), x])).values()];
  return {
    ...a,
    names: uniq([...a.names, ...b.names]),
    dates: uniq([...a.dates, ...b.dates]),
    countries: uniq([...a.countries, ...b.countries]),
    identifiers: uniq([...a.identifiers, ...b.identifiers]),
    addresses: uniq([...a.addresses, ...b.addresses]),
    cryptoAddresses: uniq([...a.cryptoAddresses, ...b.cryptoAddresses]),
    programs: uniq([...a.programs, ...b.programs]),
    topics: uniq([...a.topics, ...b.topics]),
    remarks: a.remarks ?? b.remarks,
    listedAt: a.listedAt ?? b.listedAt,
  };
}
