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

  const importList = async (file: string, format: 'address-list' | 'csv') => {
    const server = await startServer(config(), { logDestination: logSink().stream });
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
