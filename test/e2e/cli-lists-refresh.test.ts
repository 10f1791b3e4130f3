import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/process.js';

const LIST = 'id,name,type,countries,topics\np-1,Jane Roe,person,GB,pep\no-1,Roe Holdings Ltd,organization,GB,crime\n';

/** `vigil lists refresh`: the configured sources fetched on demand, as the scheduler would. */
describe('vigil lists refresh', () => {
  let data = '';
  let base = '';
  let body = LIST;
  const server = createServer((req, res) => {
    if (req.url === '/peps.csv') res.writeHead(200, { 'content-type': 'text/csv' }).end(body);
    else res.writeHead(404).end();
  });
  const config = (sources: Array<Record<string, unknown>>) => {
    const file = join(data, `config-${sources.length}.yaml`);
    writeFileSync(file, `screening:\n  sources:\n${sources.map((s) => `    - ${JSON.stringify(s)}`).join('\n')}\n`);
    return file;
  };

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'vigil-cli-refresh-'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(data, { recursive: true, force: true });
  });

  it('says how to configure sources when there are none', async () => {
    const res = await runCli(['lists', 'refresh', '--data', data]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('no list sources are configured');
  });

  it('imports every configured list now, then reports a failed one and keeps its loaded version', async () => {
    const one = config([{ list: 'peps', url: `${base}/peps.csv`, format: 'csv' }]);
    const first = await runCli(['lists', 'refresh', '--data', data, '--config', one]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^peps: 2 entities, \+2 ~0 -0 \(/m);
    const screened = await runCli(['screen', 'Jane Roe', '--json', '--data', data]);
    expect(JSON.parse(screened.stdout).matches[0]).toMatchObject({ entityId: 'peps:p-1' });

    // The source now serves a broken file, and a second source is gone.
    body = 'id,nme\nx,y\n';
    const two = config([
      { list: 'peps', url: `${base}/peps.csv`, format: 'csv' },
      { list: 'gone', url: `${base}/gone.csv`, format: 'csv' },
    ]);
    const second = await runCli(['lists', 'refresh', '--data', data, '--config', two]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/peps \(.*\/peps\.csv\): .*\[SCREENING_FILE_MALFORMED\]; the loaded version stays/);
    expect(second.stderr).toMatch(/gone \(.*\/gone\.csv\): .*HTTP 404/);
    expect((await runCli(['lists', '--data', data])).stdout).toMatch(/peps\s+csv\s+2 entities/);

    const json = await runCli(['lists', 'refresh', '--json', '--data', data, '--config', two]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      imported: [],
      failed: [
        { list: 'peps', url: `${base}/peps.csv`, code: 'SCREENING_FILE_MALFORMED', message: expect.stringMatching(new RegExp(`^${base}/peps\\.csv: `)) },
        { list: 'gone', url: `${base}/gone.csv`, code: 'SCREENING_FILE_UNREADABLE', message: `${base}/gone.csv answered HTTP 404` },
      ],
    });
    expect(json.stdout + json.stderr).not.toContain('vigil-refresh-');

    const unknown = await runCli(['lists', 'refresh', '--list', 'nope', '--data', data, '--config', two]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no configured source is named nope; configured: peps, gone');

    body = LIST;
    const again = await runCli(['lists', 'refresh', '--list', 'peps', '--data', data, '--config', two]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^peps: unchanged \(2 entities/m);
  });

  it('survives an HTTP/1.0 server that ends a multi-megabyte body by closing the connection (as python3 -m http.server does)', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `p-${i},Person Number${i} Example,person,${'lorem ipsum '.repeat(350)}\n`).join('');
    const big = `id,name,type,remarks\n${rows}`;
    const http10 = createTcpServer((socket) => {
      // A client that goes away early must not fail the test process with EPIPE.
      socket.on('error', () => undefined);
      socket.once('data', () => {
        socket.write('HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.12\r\nContent-type: text/csv\r\n\r\n');
        socket.end(big);
      });
    });
    await new Promise<void>((r) => http10.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(http10.address() as AddressInfo).port}/x.csv`;
      const file = config([{ list: 't1', url, format: 'csv', intervalHours: 0.01 }]);
      for (let i = 0; i < 3; i += 1) {
        const res = await runCli(['lists', 'refresh', '--list', 't1', '--data', data, '--config', file]);
        expect(res.code, res.stderr).toBe(0);
        expect(res.stdout).toMatch(/^t1: (2000 entities|unchanged)/m);
      }
    } finally {
      await new Promise<void>((r) => http10.close(() => r()));
    }
  }, 60_000);
});
