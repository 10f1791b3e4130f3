import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testVigil } from '../../test/helpers/targets.js';
import { TorRefresher } from './tor-refresh.js';

/** The Tor exit list served from 127.0.0.1 as check.torproject.org serves it. */
describe('scheduled Tor exit list refresh', () => {
  let body = '185.220.101.5\n185.220.101.6\n';
  let status = 200;
  const server = createServer((_req, res) => res.writeHead(status, { 'content-type': 'text/plain' }).end(body));
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/torbulkexitlist`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('fetches the list, loads it everywhere, and keeps it when a later download is broken or refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-tor-'));
    const file = join(dir, 'vigil.config.yaml');
    writeFileSync(file, `intel:\n  torRefresh: { url: ${JSON.stringify(url)}, intervalHours: 1 }\n`);
    const { vigil, close } = await testVigil('sqlite', {}, { VIGIL_CONFIG: file });
    try {
      const refresher = new TorRefresher({ url, intervalHours: 1 }, vigil.intel, vigil.clock);
      await refresher.refresh();
      expect((await vigil.intel.current()).ip('185.220.101.5').tor).toBe(true);
      body = '185.220.101.5\n<html>captive portal</html>\n';
      await expect(refresher.refresh()).rejects.toMatchObject({ code: 'INTEL_FILE_MALFORMED' });
      status = 503;
      await expect(refresher.refresh()).rejects.toMatchObject({ code: 'INTEL_FILE_UNREADABLE' });
      expect(vigil.intel.ip('185.220.101.6').tor).toBe(true);
    } finally {
      await close();
    }
  });

  it('does not swap in a download that lost more than half of the exits in use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-tor-'));
    const file = join(dir, 'vigil.config.yaml');
    writeFileSync(file, `intel:\n  torRefresh: { url: ${JSON.stringify(url)}, intervalHours: 1 }\n`);
    const { vigil, close } = await testVigil('sqlite', {}, { VIGIL_CONFIG: file });
    try {
      status = 200;
      body = Array.from({ length: 10 }, (_, i) => `185.220.101.${i + 1}\n`).join('');
      const refresher = new TorRefresher({ url, intervalHours: 1 }, vigil.intel, vigil.clock);
      await refresher.refresh();
      await vigil.intel.current();
      expect(vigil.intel.status().ip).toMatchObject({ tor: 10 });
      body = '185.220.101.1\n185.220.101.2\n';
      await expect(refresher.refresh()).rejects.toMatchObject({ code: 'INTEL_LIST_SHRUNK', context: { file: url, loaded: 10, entries: 2 } });
      expect(vigil.intel.ip('185.220.101.9').tor).toBe(true);
      // The refreshed copy on disk is the full one, so a restart loads it too.
      expect(readFileSync(vigil.intel.torRefreshFile, 'utf8').split('\n').filter(Boolean)).toHaveLength(10);
    } finally {
      await close();
    }
  });
});
