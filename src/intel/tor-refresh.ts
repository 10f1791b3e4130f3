import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../core/clock.js';
import { fetchPublished } from '../core/download.js';
import { VigilError } from '../core/errors.js';
import { IntelErrors } from './errors.js';
import { shrunkList, type IntelService } from './intel.service.js';
import { loadIpFile } from './ip/ip-files.js';

const MAX_BYTES = 16 * 1024 * 1024;

/**
 * Keeps the Tor exit list current: downloads it on its interval, checks that it parses and has not
 * lost more than half of the exits loaded, swaps it in atomically and asks every node to reload.
 * A failed download, a broken file or a cut one (INTEL_LIST_SHRUNK) changes nothing.
 */
export class TorRefresher {
  private last = -Infinity;

  constructor(
    private readonly source: { url: string; intervalHours: number },
    private readonly intel: IntelService,
    private readonly clock: Clock,
    private readonly timeoutMs = 60_000,
  ) {}

  async runDue(): Promise<boolean> {
    const now = this.clock.now().getTime();
    if (now - this.last < this.source.intervalHours * 3_600_000) return false;
    this.last = now;
    await this.refresh();
    return true;
  }

  async refresh(): Promise<void> {
    const url = this.source.url;
    const res = await fetchPublished(url, this.timeoutMs, (status) => new VigilError(IntelErrors.INTEL_FILE_UNREADABLE, `${url} answered HTTP ${status}; the Tor list in use stays`, { url, status }));
    const body = Buffer.from(await res.arrayBuffer());
    if (body.length > MAX_BYTES) throw new VigilError(IntelErrors.INTEL_FILE_MALFORMED, `${this.source.url} sent ${body.length} bytes, more than a Tor exit list`, { url: this.source.url });
    const target = this.intel.torRefreshFile;
    const staging = `${target}.download`;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(staging, body);
    try {
      const parsed = await loadIpFile(staging, 'tor');
      if (parsed.format !== 'cidr-list') throw new VigilError(IntelErrors.INTEL_FILE_MALFORMED, `${this.source.url} is not an exit list (one address per line); the Tor list in use stays`, { url: this.source.url, format: parsed.format });
      // Checked before the swap: once renamed, the next start-up would load the cut list unchecked.
      const loaded = this.intel.baseline()[target];
      const refusal = loaded === undefined ? null : shrunkList({ [url]: loaded }, { [url]: parsed.ranges.length }, `it was not swapped in and the Tor list in use stays. If the Tor network really shrank this far, save the list as ${target} yourself and run vigil intel reload --force`);
      if (refusal) throw refusal;
      renameSync(staging, target);
    } finally {
      rmSync(staging, { force: true });
    }
    await this.intel.requestReload('system:tor-refresh');
  }
}
