import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Clock } from '../core/clock.js';
import { isVigilError, VigilError } from '../core/errors.js';
import { ScreeningErrors } from './errors.js';
import { shownAs } from './import-checks.js';
import { urlCompanionWarning } from './import/ofac-csv.js';
import type { ListFormat } from './import/parser.js';
import { downloadTo } from './list-download.js';
import type { ImportOutcome, ListsService } from './lists.service.js';

export interface ListSource {
  list: string;
  url: string;
  format?: ListFormat | undefined;
  intervalHours: number;
}

/**
 * Fetches configured list URLs on their interval and imports what changed. A failed download,
 * a broken file or one that would remove most of the list (never forced here) leaves the loaded
 * version in place and is reported, not thrown.
 */
export class ListRefresher {
  private readonly lastAttempt = new Map<string, number>();

  constructor(
    private readonly lists: ListsService,
    private readonly clock: Clock,
    private readonly sources: readonly ListSource[],
    private readonly timeoutMs = 120_000,
  ) {}

  async runDue(onError: (source: ListSource, err: unknown) => void): Promise<ImportOutcome[]> {
    const now = this.clock.now().getTime();
    const done: ImportOutcome[] = [];
    for (const source of this.sources) {
      const last = this.lastAttempt.get(source.list);
      if (last !== undefined && now - last < source.intervalHours * 3_600_000) continue;
      this.lastAttempt.set(source.list, now);
      try {
        done.push(await this.refresh(source));
      } catch (err) {
        onError(source, err);
      }
    }
    return done;
  }

  /** Fetches and imports one source; every failure is a coded error naming the URL, never the temporary file. */
  async refresh(source: ListSource): Promise<ImportOutcome> {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-refresh-'));
    // Keep the URL's file name: it carries the `.gz` and the OFAC sibling naming conventions.
    const file = join(dir, basename(new URL(source.url).pathname) || 'list');
    try {
      await this.download(source, file);
      // Never forced: a fetched file that would remove most of the list is refused (SCREENING_LIST_SHRUNK) and reported.
      // `fileName` makes every error name the URL: the temporary file is gone when the error is read.
      const report = await this.lists.importAndRescreen(file, { format: source.format, list: source.list, actor: 'system:list-refresh', force: false, fileName: source.url });
      return { ...report, warnings: urlWarnings(report, source.url) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  private async download(source: ListSource, file: string): Promise<void> {
    try {
      await downloadTo(source.url, file, this.timeoutMs, (status) => new VigilError(ScreeningErrors.SCREENING_FILE_UNREADABLE, `${source.url} answered HTTP ${status}`, { url: source.url, status }));
    } catch (err) {
      if (isVigilError(err)) throw err;
      // The timeout is the only abort signal here; node:http reports it as an AbortError.
      const why = ['TimeoutError', 'AbortError'].includes((err as Error).name) ? `no complete answer within ${this.timeoutMs / 1000} s` : (err as Error).message;
      throw shownAs(new VigilError(ScreeningErrors.SCREENING_FILE_UNREADABLE, `cannot download ${source.url}: ${why}`, { url: source.url }, { cause: err }), file, source.url);
    }
  }
}

/** An OFAC CSV fetched from a URL always comes without its companion files: one warning saying so, instead of "put the file beside it". */
function urlWarnings(report: ImportOutcome, url: string) {
  if (report.format !== 'ofac-sdn-csv' && report.format !== 'ofac-cons-csv') return report.warnings;
  const others = report.warnings.filter((w) => w.code !== 'COMPANION_FILE_MISSING');
  return others.length === report.warnings.length ? others : [urlCompanionWarning(url, report.format === 'ofac-cons-csv'), ...others];
}
