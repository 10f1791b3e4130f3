import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { logSink } from '../../test/helpers/log-sink.js';
import { loadConfig } from '../config/config.js';
import { startServer } from './server.js';

/** What a fresh install lacks is said where the operator looks. */
describe('vigil serve start-up warnings', () => {
  const data = mkdtempSync(join(tmpdir(), 'vigil-serve-lists-'));
  afterAll(() => rmSync(data, { recursive: true, force: true }));
  const config = () => loadConfig({ env: { VIGIL_DATA_DIR: data, VIGIL_LOG_LEVEL: 'info', VIGIL_PORT: '0' }, cwd: data });
  const start = async (about = 'screened against nothing') => {
    const { stream, lines } = logSink();
    const server = await startServer(config(), { logDestination: stream });
    await server.close();
    return lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === 40 && l.msg.includes(about));
  };

  const importList = async (file: string, format: 'address-list' | 'csv', cfg = config()) => {
    const server = await startServer(cfg, { logDestination: logSink().stream });
    await server.vigil.lists.importAndRescreen(file, { format, actor: 'test' });
    await server.close();
  };

  it('logs what the workers behind the API warn about', async () => {
    const { stream, lines } = logSink();
    const server = await startServer(config(), { logDestination: stream });
    try {
      const c = await server.vigil.database.transaction((trx) => server.vigil.customers.create(trx, { type: 'person', externalRef: 'logged', country: 'DE', fullName: 'Log Ged' }, 'test'));
      // No rate converts GBP into the risk triggers' EUR: the payment is left out, and that is said.
      await server.vigil.eventIngest.ingest([{ id: 'gbp-1', type: 'payment.deposit', customerId: c.id, occurredAt: new Date().toISOString(), data: { amount: 100, currency: 'GBP', method: 'card' } }], 'test');
      await server.vigil.monitor.drain();
    } finally {
      await server.close();
    }
    expect(lines.map((l) => JSON.parse(l) as { msg: string }).filter((l) => l.msg.includes('without a rate'))).toHaveLength(1);
  });

  it('warns that Tor is not recognised while no Tor exit list is configured', async () => {
    expect(await start('Tor')).toHaveLength(1);
  });

  it('warns at start, saying what to import, while no loaded list holds a crypto address', async () => {
    const own = mkdtempSync(join(tmpdir(), 'vigil-serve-kyt-'));
    const ownConfig = () => loadConfig({ env: { VIGIL_DATA_DIR: own, VIGIL_LOG_LEVEL: 'info', VIGIL_PORT: '0' }, cwd: own });
    const kyt = async () => {
      const { stream, lines } = logSink();
      const server = await startServer(ownConfig(), { logDestination: stream });
      await server.close();
      return lines.map((l) => JSON.parse(l) as { level: number; msg: string; code?: string; remedy?: string }).filter((l) => l.code === 'NO_ADDRESS_LISTS');
    };
    const [warning, ...more] = await kyt();
    expect(more).toEqual([]);
    expect(warning).toMatchObject({ level: 40, msg: expect.stringContaining('address screening (KYT) checks nothing'), remedy: expect.stringContaining('vigil lists import DIR --list ofac-crypto') });
    expect(warning!.remedy).toContain('sanctioned_addresses_<ASSET>.txt');

    // A name list without addresses changes nothing; an address list ends the warning.
    const names = join(own, 'names.csv');
    writeFileSync(names, 'id,name\nn-1,John Doe\n');
    await importList(names, 'csv', ownConfig());
    expect(await kyt()).toHaveLength(1);
    const addresses = join(own, 'sanctioned_addresses_XBT.txt');
    writeFileSync(addresses, '12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h\n');
    await importList(addresses, 'address-list', ownConfig());
    expect(await kyt()).toEqual([]);
    rmSync(own, { recursive: true, force: true });
  });

  it('warns at start until a screening list is loaded', async () => {
    expect(await start()).toHaveLength(1);

    // An address list alone screens no names.
    const addresses = join(data, 'sanctioned_addresses_ETH.txt');
    writeFileSync(addresses, '0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1\n');
    await importList(addresses, 'address-list');
    expect(await start()).toHaveLength(1);

    const peps = join(data, 'peps.csv');
    writeFileSync(peps, 'id,name\np-1,Jane Roe\n');
    await importList(peps, 'csv');
    expect(await start()).toEqual([]);
  });
});
