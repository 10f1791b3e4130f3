import { appendFileSync, copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Vigil } from '../../src/app/composition.js';
import { startTestDnsServer } from '../../src/intel/email/test-dns-server.js';
import { startMinFraudFake, MINFRAUD_FAKE_CREDENTIALS } from '../fakes/minfraud-fake.js';
import { ManualClock } from '../helpers/clock.js';
import { runCli } from '../helpers/process.js';
import { dialects, freshStore, openVigil, testVigil } from '../helpers/targets.js';

const targets = await dialects();
const FIXTURES = resolve(import.meta.dirname, '../../src/intel/ip/fixtures');
const TOR_FIXTURE = resolve(import.meta.dirname, 'fixtures/tor-exits.txt');

function configFile(lines: string[]): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-intel-'));
  const file = join(dir, 'vigil.config.yaml');
  writeFileSync(file, lines.join('\n'));
  return { dir, file };
}

describe.each(targets)('sign-up intelligence on %s', (dialect) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('geolocates from a configured MMDB, takes the minFraud score into the decision, and blocks a domain without mail', async () => {
    const minfraud = await startMinFraudFake({ scores: { '81.2.69.160': 92 } });
    const dns = await startTestDnsServer({ zone: { 'harbourmail.com': { MX: [{ preference: 10, exchange: 'mx.harbourmail.com' }] } } });
    cleanup.push(() => minfraud.close(), () => dns.close());
    const { file } = configFile([
      'intel:',
      `  mmdbCity: ${JSON.stringify(join(FIXTURES, 'test-city.mmdb'))}`,
      `  mmdbAsn: ${JSON.stringify(join(FIXTURES, 'test-asn.mmdb'))}`,
      `  mx: { enabled: true, servers: [${JSON.stringify(dns.address)}], timeoutMs: 1000 }`,
      `  minfraud: { baseUrl: ${JSON.stringify(minfraud.url)}, accountId: "${MINFRAUD_FAKE_CREDENTIALS.accountId}", licenseKey: "${MINFRAUD_FAKE_CREDENTIALS.licenseKey}" }`,
    ]);
    const { vigil, close } = await testVigil(dialect, {}, { VIGIL_CONFIG: file });
    cleanup.push(close);
    const risky = await vigil.signups.evaluate({ externalRef: 'm-1', email: 'someone@harbourmail.com', ip: '81.2.69.160' }, 'test');
    expect(risky.signals).toMatchObject({ ip: { country: 'GB' }, email: { mx: 'has_mx' }, minfraud: { riskScore: 92 } });
    expect(risky).toMatchObject({ action: 'require_kyc', riskScore: 92 });
    expect(risky.reasons.map((r) => r.code)).toContain('SIGNUP_MINFRAUD_HIGH');
    expect(minfraud.received.at(-1)!.body).toMatchObject({ device: { ip_address: '81.2.69.160' }, event: { type: 'account_creation' } });
    expect(minfraud.received.at(-1)!.raw).not.toContain('someone@');
    const noMail = await vigil.signups.evaluate({ externalRef: 'm-2', email: 'x@no-such-mailhost.net', ip: '89.160.20.112' }, 'test');
    expect(noMail).toMatchObject({ action: 'block', reasons: [{ code: 'SIGNUP_EMAIL_NO_MX' }] });
    // minFraud down: the sign-up is still decided, with the outage as a signal.
    minfraud.mode = 'fail';
    const down = await vigil.signups.evaluate({ externalRef: 'm-3', email: 'y@harbourmail.com', ip: '89.160.20.113' }, 'test');
    expect(down.signals.minfraud).toEqual({ error: 'INTEL_PROVIDER_FAILED' });
    expect(down.action).toBe('allow');
  });

  it('reports a missing file at start-up clearly, and keeps the previous data when a reload finds a broken one', async () => {
    const { dir, file } = configFile([]);
    const tor = join(dir, 'tor.txt');
    copyFileSync(TOR_FIXTURE, tor);
    writeFileSync(file, `intel:\n  torFiles: [${JSON.stringify(tor)}]\n`);
    const { vigil, close } = await testVigil(dialect, {}, { VIGIL_CONFIG: file });
    cleanup.push(close);
    await vigil.intel.current();
    const before = vigil.intel.status();
    expect(before.ip).toMatchObject({ tor: 3 });
    writeFileSync(tor, 'this is not an address\n');
    const seq = async () => (await vigil.database.db.selectFrom('intel_state').select('reload_seq').executeTakeFirstOrThrow()).reload_seq;
    const seqBefore = await seq();
    await expect(vigil.intel.requestReload('test')).rejects.toMatchObject({ code: 'INTEL_FILE_MALFORMED', message: expect.stringContaining('tor.txt') });
    expect(await seq()).toBe(seqBefore); // no other node is asked to load the broken file
    expect(vigil.intel.status()).toMatchObject({ dataVer: before.dataVer, lastError: { message: expect.stringContaining('line 1') } });
    expect((await vigil.signups.evaluate({ externalRef: 't-1', email: 'a@outlook.com', ip: '93.95.230.253', declaredCountry: 'DE' }, 'test')).signals).toMatchObject({ ip: { tor: true } });

    const missing = configFile(['intel:', '  mmdbCity: /nonexistent/GeoLite2-City.mmdb']);
    const store = await freshStore(dialect, { VIGIL_CONFIG: missing.file });
    cleanup.push(() => store.cleanup());
    const other = await openVigil(store);
    cleanup.push(() => other.close());
    await expect(other.intel.current()).rejects.toMatchObject({ code: 'INTEL_FILE_UNREADABLE', message: expect.stringContaining('/nonexistent/GeoLite2-City.mmdb') });
  });

  it('a running server loads a reload another node requested by itself, without waiting for a sign-up', async () => {
    const { dir, file } = configFile([]);
    const tor = join(dir, 'tor.txt');
    copyFileSync(TOR_FIXTURE, tor);
    writeFileSync(file, `intel:\n  torFiles: [${JSON.stringify(tor)}]\n`);
    const store = await freshStore(dialect, { VIGIL_CONFIG: file });
    cleanup.push(() => store.cleanup());
    const clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
    const [a, b] = [await openVigil(store, { clock }), await openVigil(store, { clock, migrate: false })];
    cleanup.push(async () => {
      await a.close();
      await b.close();
    });
    await a.intel.current();
    await b.intel.current();
    b.intel.startWatching(10);
    appendFileSync(tor, '198.51.100.77\n');
    const requested = await a.intel.requestReload('test');
    clock.advance(6_000);
    await vi.waitFor(() => expect(b.intel.status()).toMatchObject({ reloadSeq: requested.reloadSeq, ip: { tor: 4 } }), { timeout: 5_000, interval: 20 });
  });

  it.skipIf(dialect !== 'postgres')('counts sign-ups from one IP exactly with two servers on one database', async () => {
    const store = await freshStore(dialect);
    cleanup.push(() => store.cleanup());
    const nodes: Vigil[] = [await openVigil(store), await openVigil(store, { migrate: false })];
    cleanup.push(async () => {
      for (const n of nodes) await n.close();
    });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => nodes[i % 2]!.signups.evaluate({ externalRef: `v-${i}`, email: `user${i}@outlook.com`, ip: '86.150.12.34', declaredCountry: 'GB' }, 'test')),
    );
    const counts = results.map((r) => (r.signals.velocity as Array<{ kind: string; count: number }>).find((v) => v.kind === 'ip')!.count).sort((a, b) => a - b);
    expect(counts).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(results.filter((r) => r.action === 'allow')).toHaveLength(2);
  });

  it.skipIf(dialect === 'postgres')('vigil intel reload refuses a broken file with a clear message and a non-zero exit', async () => {
    const { dir, file } = configFile([]);
    const tor = join(dir, 'tor.txt');
    writeFileSync(tor, '1.2.3.4\n');
    writeFileSync(file, `dataDir: ${JSON.stringify(join(dir, 'data'))}\nintel:\n  torFiles: [${JSON.stringify(tor)}]\n`);
    const env = { VIGIL_CONFIG: file };
    const ok = await runCli(['intel', 'reload'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Tor 1');
    writeFileSync(tor, '1.2.3.4\n999.1.1.1\n');
    const bad = await runCli(['intel', 'reload'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/tor\.txt.*line 2.*INTEL_FILE_MALFORMED/s);
    // The server refuses to start on it, saying which file and line.
    const serve = await runCli(['serve', '--port', '0'], env);
    expect(serve.code).not.toBe(0);
    expect(serve.stderr).toMatch(/tor\.txt.*line 2.*INTEL_FILE_MALFORMED/s);
    // The refusal stays on record for every server's status (and `vigil intel`) to show.
    writeFileSync(tor, '1.2.3.4\n');
    const shown = await runCli(['intel', '--json'], env);
    expect(JSON.parse(shown.stdout).lastRefusedReload).toMatchObject({ by: 'cli', force: false, code: 'INTEL_FILE_MALFORMED', message: expect.stringMatching(/tor\.txt.*line 2/), superseded: false });
    expect((await runCli(['intel'], env)).stdout).toMatch(/last refused reload: \S+ by cli: INTEL_FILE_MALFORMED: .*tor\.txt/);
  }, 90_000);
});
