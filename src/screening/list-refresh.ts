import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Clock } from '../core/clock.js';
import { fetchPublished } from '../core/download.js';
import { VigilError } from '../core/errors.js';
import { ScreeningErrors } from './errors.js';
import type { ListFormat } from './import/parser.js';
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

  async refresh(source: ListSource): Promise<ImportOutcome> {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-refresh-'));
    try {
      // Keep the URL's file name: it carries the `.gz` and the OFAC sibling naming conventions.
      const file = join(dir, basename(new URL(source.url).pathname) || 'list');
      const body = await fetchPublished(source.url, this.timeoutMs, (status) => new VigilError(ScreeningErrors.SCREENING_FILE_UNREADABLE, `${source.url} answered HTTP ${status}`, { url: source.url, status }));
      await pipeline(body, createWriteStream(file));
      // Never forced: a fetched file that would remove most of the list is refused (SCREENING_LIST_SHRUNK) and reported.
      return await this.lists.importAndRescreen(file, { format: source.format, list: source.list, actor: 'system:list-refresh', force: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
