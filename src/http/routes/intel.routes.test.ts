import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { dialects, openVigil } from '../../../test/helpers/targets.js';

const targets = await dialects();
const exits = (n: number) => Array.from({ length: n }, (_, i) => `198.51.100.${i + 1}\n`).join('');

describe.each(targets)('intel reload over HTTP on %s', (dialect) => {
  let t: TestApp;
  let tor: string;
  let n = 0;
  const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));
  const reload = (payload?: unknown) =>
    t.app.inject({ method: 'POST', url: '/v1/intel/reload', headers: { ...t.auth('compliance_officer'), 'idempotency-key': `r-${++n}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const intel = async () => (await t.app.inject({ method: 'GET', url: '/v1/intel', headers: t.auth('analyst') })).json();

  beforeEach(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-intel-http-'));
    tor = join(dir, 'tor.txt');
    writeFileSync(tor, exits(40));
    const config = join(dir, 'vigil.config.yaml');
    writeFileSync(config, `intel:\n  torFiles: [${JSON.stringify(tor)}]\n`);
    t = await testApp(dialect, { env: { VIGIL_CONFIG: config }, clock });
    await t.vigil.intel.current();
  });
  afterEach(() => t.close());

  it('takes a list that lost more than half of its entries only with force, and audits who forced it', async () => {
    writeFileSync(tor, exits(4));
    const refused = await reload();
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'INTEL_LIST_SHRUNK', context: { file: tor, loaded: 40, entries: 4 } });
    expect((await reload({ force: false })).statusCode).toBe(409);
    expect(t.vigil.intel.status().ip).toMatchObject({ tor: 40 });

    const forced = await reload({ force: true });
    expect(forced.statusCode).toBe(200);
    expect(forced.json()).toMatchObject({ ip: { tor: 4 }, lastError: null });
    const audit = (await t.app.inject({ method: 'GET', url: '/v1/audit?action=intel.reload_requested', headers: t.auth('auditor') })).json();
    expect(audit.data).toEqual([expect.objectContaining({ actor: `key:${t.tokens.compliance_officer.slice(6, 22)}`, data: { seq: forced.json().reloadSeq, force: true } })]);
    // A reload with nothing cut needs no body.
    expect((await reload()).statusCode).toBe(200);
  });

  it.each([[{ force: 'yes' }], [{ force: 1 }], [{ force: true, files: ['x'] }]])('refuses the body %j as VALIDATION_FAILED, reloading nothing', async (body) => {
    writeFileSync(tor, exits(4));
    const res = await reload(body);
    expect([res.statusCode, res.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(t.vigil.intel.status().ip).toMatchObject({ tor: 40 });
  });

  it('shows the last refused reload, whichever process asked: the CLI or this server', async () => {
    expect(await intel()).toMatchObject({ lastRefusedReload: null });
    // `vigil intel reload` is another process on the same store.
    const cli = await openVigil(t.store, { migrate: false, clock });
    try {
      writeFileSync(tor, exits(4));
      clock.advance(60_000);
      await expect(cli.intel.requestReload('cli')).rejects.toMatchObject({ code: 'INTEL_LIST_SHRUNK' });
      expect(await intel()).toMatchObject({
        ip: { tor: 40 },
        lastRefusedReload: {
          at: clock.now().toISOString(),
          by: 'cli',
          force: false,
          code: 'INTEL_LIST_SHRUNK',
          message: expect.stringContaining('tor.txt holds 4 entries where the loaded list had 40'),
          context: { file: tor, loaded: 40, entries: 4 },
          superseded: false,
        },
      });

      writeFileSync(tor, '198.51.100.1\nnot an address\n');
      clock.advance(60_000);
      await expect(cli.intel.requestReload('cli', { force: true })).rejects.toMatchObject({ code: 'INTEL_FILE_MALFORMED' });
      expect((await intel()).lastRefusedReload).toMatchObject({ by: 'cli', force: true, code: 'INTEL_FILE_MALFORMED', message: expect.stringContaining('tor.txt'), context: { file: tor } });

      // Refused here, through the API: shown the same way.
      const res = await reload({ force: true });
      expect(res.json().code).toBe('INTEL_FILE_MALFORMED');
      expect((await intel()).lastRefusedReload).toMatchObject({ by: `key:${t.tokens.compliance_officer.slice(6, 22)}`, force: true, code: 'INTEL_FILE_MALFORMED' });

      // Once a reload is accepted, the refusal stays on record, marked as superseded.
      writeFileSync(tor, exits(40));
      await cli.intel.requestReload('cli');
      expect((await intel()).lastRefusedReload).toMatchObject({ code: 'INTEL_FILE_MALFORMED', superseded: true });
    } finally {
      await cli.close();
    }
  });
});
