import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVigil } from '../../src/app/composition.js';
import { loadConfig } from '../../src/config/config.js';
import { freshPgDatabase, runCli } from '../helpers/process.js';
import { dialects } from '../helpers/targets.js';

const targets = await dialects();

/**
 * `vigil events ingest`, `vigil alerts` and `vigil gate check` through the real binary: customers named by id or
 * external ref, arguments checked as usage errors (exit 2), and no payer-name alert for a customer without a name.
 */
describe.each(targets)('vigil events, alerts and gate check on %s', (dialect) => {
  let data: string;
  const env: Record<string, string> = {};
  let drop: (() => Promise<void>) | undefined;
  let named: string;
  let unnamed: string;
  const cli = (...args: string[]) => runCli([...args, '--data', data], env);

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'vigil-cli-mon-'));
    if (dialect === 'postgres') {
      const db = await freshPgDatabase();
      drop = db.drop;
      env['VIGIL_DATABASE_URL'] = db.url;
    }
    const vigil = await createVigil(loadConfig({ env: { VIGIL_DATA_DIR: data, VIGIL_LOG_LEVEL: 'silent', ...env }, cwd: data }));
    try {
      named = (await vigil.database.transaction((trx) => vigil.customers.create(trx, { type: 'person', externalRef: 'u-1', country: 'DE', fullName: 'Jane Smith' }, 'test'))).id;
      // As the sign-up gate creates them: contacts, no name.
      unnamed = (await vigil.database.transaction((trx) => vigil.customers.create(trx, { type: 'person', externalRef: 'u-2', country: 'DE', email: 'u2@fjordmail.net' }, 'test', { externalRefChecked: true }))).id;
    } finally {
      await vigil.close();
    }
  }, 60_000);
  afterAll(async () => {
    rmSync(data, { recursive: true, force: true });
    await drop?.();
  });

  const deposit = (id: string, customerRef: string, payerName: string) =>
    JSON.stringify({ id, type: 'payment.deposit', customerRef, occurredAt: new Date(Date.now() - 60_000).toISOString(), data: { amount: 40, currency: 'EUR', method: 'card', payerName, instrument: `fp-${id}` } });

  // Each test starts the binary several times: about 2 s each on a busy 2-core machine.
  it('ingests in batches of --batch, and alerts --customer takes an external ref as well as an id', { timeout: 90_000 }, async () => {
    const file = join(data, 'events.ndjson');
    writeFileSync(file, [deposit('d-1', 'u-1', 'J SMITH'), deposit('d-2', 'u-1', 'Bob Jones'), deposit('d-3', 'u-2', 'Bob Jones')].join('\n') + '\n');
    const ingested = await cli('events', 'ingest', file, '--batch', '1', '--json');
    expect(ingested.code, ingested.stderr).toBe(0);
    expect(JSON.parse(ingested.stdout)).toMatchObject({ accepted: 3, duplicates: 0, rejected: [] });

    const byRef = await cli('alerts', '--customer', 'u-1', '--json');
    expect(byRef.code, byRef.stderr).toBe(0);
    const alerts = JSON.parse(byRef.stdout) as Array<{ customerId: string; ruleId: string }>;
    expect(alerts.map((a) => [a.customerId, a.ruleId])).toEqual([[named, 'payer_name_mismatch']]);
    const byId = await cli('alerts', '--customer', named, '--json');
    expect(JSON.parse(byId.stdout)).toEqual(alerts);
    const text = await cli('alerts', '--customer', 'u-1');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('payer_name_mismatch');

    // The customer without a name on file: the payer cannot be compared, so no mismatch.
    const silent = await cli('alerts', '--customer', 'u-2', '--json');
    expect(silent.code, silent.stderr).toBe(0);
    expect(JSON.parse(silent.stdout)).toEqual([]);
    expect(unnamed).toMatch(/^cus_/);

    const nobody = await cli('alerts', '--customer', 'u-404');
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain('vigil: no customer with id or external ref u-404 [CUSTOMER_NOT_FOUND]');

    // Closed with a reason, once; it leaves the open alerts.
    const id = (alerts[0] as unknown as { id: string }).id;
    const closed = await cli('alerts', 'close', id, '--reason', 'card holder is the spouse; documented', '--reviewer', 'ann');
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toMatch(new RegExp(`^${id} closed \\S+ by cli:ann: card holder is the spouse; documented`));
    expect((await cli('alerts', 'close', id, '--reason', 'again')).stderr).toContain('[ALERT_CLOSED]');
    expect(JSON.parse((await cli('alerts', '--customer', 'u-1', '--open', '--json')).stdout)).toEqual([]);
  });

  it.each([['0'], ['abc'], ['1.5']])('refuses --batch %s as a usage error', async (batch) => {
    const file = join(data, 'one.ndjson');
    writeFileSync(file, deposit(`b-${batch}`, 'u-1', 'J SMITH') + '\n');
    const res = await cli('events', 'ingest', file, '--batch', batch);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`option '--batch <n>' argument '${batch}' is invalid`);
    expect(res.stderr).toContain('expected a whole number of 1 or more');
    expect(res.stdout).not.toContain('events stored');
  });

  it('refuses a --batch above monitoring.maxBatch, and a missing input file, with vigil: messages', { timeout: 60_000 }, async () => {
    const file = join(data, 'one.ndjson');
    writeFileSync(file, deposit('b-max', 'u-1', 'J SMITH') + '\n');
    const big = await cli('events', 'ingest', file, '--batch', '10001');
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('vigil: --batch 10001: a batch may hold at most 10000 events (monitoring.maxBatch) [EVENT_BATCH_TOO_LARGE]');
    const missing = await cli('events', 'ingest', join(data, 'nope.ndjson'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`vigil: cannot read ${join(data, 'nope.ndjson')}: no such file`);
  });

  it('gate check takes an external ref as well as an id, and refuses a port that is not 1–65535 as a usage error', { timeout: 90_000 }, async () => {
    const byRef = await cli('gate', 'check', 'u-1', 'www.example.org', '443', '--json');
    const byId = await cli('gate', 'check', named, 'www.example.org', '443', '--json');
    expect(byRef.stderr).toBe('');
    expect(JSON.parse(byRef.stdout).code).not.toBe('customer_unknown');
    expect({ code: byRef.code, decision: JSON.parse(byRef.stdout) }).toEqual({ code: byId.code, decision: JSON.parse(byId.stdout) });
    expect(byRef.code).toBe(0);

    const unknown = await cli('gate', 'check', 'u-404', 'www.example.org', '443');
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toMatch(/^DENY customer_unknown/);

    for (const port of ['abc', '0', '65536']) {
      const bad = await cli('gate', 'check', named, 'www.example.org', port);
      expect(bad.code, port).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toContain(`vigil: command-argument value '${port}' is invalid for argument 'port'. expected a whole number 1–65535`);
    }
  });
});
