import { createServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
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

/** Rows of Vigil's generic CSV, padded with remarks so the file is several MB: enough for the download to hit backpressure. */
const bigList = (rows: number) =>
  'id,name,type,remarks\n' + Array.from({ length: rows }, (_, i) => `p-${i},Person Number${i} Example,person,${'lorem ipsum '.repeat(350)}\n`).join('');
const SDN_ROW = '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n';

describe('list refresh against an HTTP/1.0 server that ends the body by closing the connection', () => {
  let base = '';
  const files = new Map<string, { head: string; body: string }>();
  const sockets = new Set<Socket>();
  // What Python's `http.server` does: an HTTP/1.0 answer without Content-Length, then the socket closes.
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A client that gives up (a refused file, a timeout) closes its end while the body is still going out.
    socket.on('error', () => undefined);
    socket.once('data', (request) => {
      const path = /^GET (\S+)/.exec(request.toString())?.[1] ?? '';
      const file = files.get(path);
      if (!file) return socket.end('HTTP/1.0 404 File not found\r\nConnection: close\r\n\r\n');
      socket.write(`HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.12\r\nContent-type: text/csv\r\n${file.head}\r\n`);
      socket.end(file.body);
    });
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    files.set('/big.csv', { head: '', body: bigList(2000) });
    files.set('/big-close.csv', { head: 'Connection: close\r\n', body: bigList(2000) });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('downloads a multi-megabyte body to its end, again and again, without crashing the process', async () => {
    expect(files.get('/big.csv')!.body.length).toBeGreaterThan(8_000_000);
    const clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
    const { vigil, close } = await testVigil('sqlite', { clock });
    try {
      const refresher = new ListRefresher(vigil.lists, clock, [
        { list: 't1', url: `${base}/big.csv`, format: 'csv', intervalHours: 0.01 },
        { list: 't2', url: `${base}/big-close.csv`, format: 'csv', intervalHours: 0.01 },
      ]);
      const failures: unknown[] = [];
      expect(await refresher.runDue((_s, err) => failures.push(err))).toMatchObject([
        { list: 't1', entityCount: 2000, added: 2000 },
        { list: 't2', entityCount: 2000, added: 2000 },
      ]);
      for (let i = 0; i < 3; i += 1) {
        clock.advance(3_600_000);
        expect(await refresher.runDue((_s, err) => failures.push(err))).toMatchObject([{ list: 't1', unchanged: true }, { list: 't2', unchanged: true }]);
      }
      expect(failures).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);

  it('reports a body cut short of its Content-Length as unreadable, naming the URL, and keeps the loaded version', async () => {
    const { vigil, close } = await testVigil('sqlite');
    try {
      const refresher = new ListRefresher(vigil.lists, new ManualClock(new Date('2026-06-01T00:00:00Z')), []);
      const source = { list: 't1', url: `${base}/big.csv`, format: 'csv' as const, intervalHours: 24 };
      await refresher.refresh(source);
      const body = bigList(2000);
      files.set('/cut.csv', { head: `Content-Length: ${body.length}\r\n`, body: body.slice(0, 3_000_000) });
      const err = await refresher.refresh({ ...source, url: `${base}/cut.csv` }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'SCREENING_FILE_UNREADABLE', message: expect.stringMatching(new RegExp(`^cannot download ${base}/cut\\.csv: `)) });
      expect((await vigil.lists.lists(vigil.database.db))[0]).toMatchObject({ name: 't1', entities: 2000 });
      const timedOut = await new ListRefresher(vigil.lists, new ManualClock(new Date()), [], 1).refresh(source).catch((e: unknown) => e);
      expect(timedOut).toMatchObject({ code: 'SCREENING_FILE_UNREADABLE', message: expect.stringContaining('no complete answer within') });
    } finally {
      await close();
    }
  }, 60_000);

  it('names the URL, not the deleted temporary file, when the fetched file is broken', async () => {
    const { vigil, close } = await testVigil('sqlite');
    try {
      files.set('/un_bad.xml', { head: '', body: '<CONSOLIDATED_LIST dateGenerated="2026-01-01"><INDIVIDUALS><INDIVIDUAL>' });
      const refresher = new ListRefresher(vigil.lists, new ManualClock(new Date()), []);
      const err = (await refresher.refresh({ list: 'un', url: `${base}/un_bad.xml`, format: 'un-xml', intervalHours: 24 }).catch((e: unknown) => e)) as Error & { context: object };
      expect(err).toMatchObject({ code: 'SCREENING_FILE_MALFORMED', message: expect.stringContaining(`${base}/un_bad.xml`) });
      expect(JSON.stringify([err.message, err.context])).not.toContain(tmpdir());
    } finally {
      await close();
    }
  });

  it('warns that a refresh does not fetch the companion files of an OFAC sdn.csv, instead of saying to put them beside it', async () => {
    const { vigil, close } = await testVigil('sqlite');
    try {
      files.set('/sdn.csv', { head: '', body: `${SDN_ROW}\x1a` });
      const refresher = new ListRefresher(vigil.lists, new ManualClock(new Date()), []);
      const report = await refresher.refresh({ list: 'ofac-sdn', url: `${base}/sdn.csv`, format: 'ofac-sdn-csv', intervalHours: 24 });
      expect(report).toMatchObject({ entityCount: 1 });
      expect(report.warnings).toEqual([{ code: 'COMPANION_FILE_MISSING', message: expect.stringMatching(new RegExp(`^${base}/sdn\\.csv is fetched alone: a list refresh does not fetch OFAC.s companion files \\(add\\.csv, alt\\.csv and sdn_comments\\.csv\\).*ofac-sdn-xml`)) }]);
      expect(report.warnings[0]!.message).not.toContain('beside it and import again');
    } finally {
      await close();
    }
  });
});
