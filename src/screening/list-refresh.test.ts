import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/helpers/clock.js';
import { testVigil } from '../../test/helpers/targets.js';
import { ListRefresher } from './list-refresh.js';

const ETH = '0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1';
const ETH_2 = '0x03893a7c7463AE47D46bc7f091665f1893656003';
const ETH_3 = '0x07e502f5ee9a9e1a1e8ad1b2d1bd5b0f7e3d2d1d';

describe('scheduled list refresh', () => {
  let base = '';
  let body = `${ETH}\n`;
  const server = createServer((req, res) => {
    if (req.url === '/old/sanctioned_addresses_ETH.txt') {
      res.writeHead(302, { location: '/lists/sanctioned_addresses_ETH.txt' }).end();
    } else if (req.url === '/lists/sanctioned_addresses_ETH.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(body);
    } else res.writeHead(404).end();
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('downloads configured lists on their interval, follows redirects, and keeps the loaded version when a download fails', async () => {
    const clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
    const { vigil, close } = await testVigil('sqlite', { clock });
    try {
      const refresher = new ListRefresher(vigil.lists, clock, [
        { list: 'mirror', url: `${base}/old/sanctioned_addresses_ETH.txt`, intervalHours: 24 },
        { list: 'gone', url: `${base}/missing/list_XBT.txt`, format: 'address-list', intervalHours: 24 },
      ]);
      const failures: string[] = [];
      const first = await refresher.runDue((s, err) => failures.push(`${s.list}: ${(err as Error).message}`));
      expect(first).toMatchObject([{ list: 'mirror', format: 'address-list', entityCount: 1, added: 1 }]);
      expect(failures).toEqual([expect.stringMatching(/^gone: .*HTTP 404/)]);

      body = 'not an address at all\n';
      expect(await refresher.runDue(() => undefined)).toEqual([]); // not due yet
      clock.advance(25 * 3_600_000);
      const broken: string[] = [];
      expect(await refresher.runDue((s, err) => broken.push(`${s.list}: ${(err as { code?: string }).code}`))).toEqual([]);
      expect(broken).toContain('mirror: SCREENING_FILE_MALFORMED');
      expect((await vigil.screening.screenAddress(ETH)).riskScore).toBe(100);
    } finally {
      await close();
    }
  });

  it('never forces an import: a fetched file that would remove most of the list is refused and reported', async () => {
    const clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
    const { vigil, close } = await testVigil('sqlite', { clock });
    try {
      const refresher = new ListRefresher(vigil.lists, clock, [{ list: 'mirror', url: `${base}/lists/sanctioned_addresses_ETH.txt`, intervalHours: 24 }]);
      body = `${ETH}\n${ETH_2}\n${ETH_3}\n`;
      expect(await refresher.runDue(() => undefined)).toMatchObject([{ list: 'mirror', entityCount: 3 }]);
      body = `${ETH}\n`;
      clock.advance(25 * 3_600_000);
      const refused: unknown[] = [];
      expect(await refresher.runDue((_s, err) => refused.push(err))).toEqual([]);
      expect(refused).toMatchObject([{ code: 'SCREENING_LIST_SHRUNK', context: { loaded: 3, removed: 2 } }]);
      await expect(refresher.refresh({ list: 'mirror', url: `${base}/lists/sanctioned_addresses_ETH.txt`, intervalHours: 24 })).rejects.toMatchObject({ code: 'SCREENING_LIST_SHRUNK' });
    } finally {
      body = `${ETH}\n`;
      await close();
    }
  });
});
