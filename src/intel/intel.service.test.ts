import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dialects, freshStore, openVigil } from '../../test/helpers/targets.js';

const targets = await dialects();
const exits = (n: number) => Array.from({ length: n }, (_, i) => `198.51.100.${i + 1}\n`).join('');
const domains = (n: number) => Array.from({ length: n }, (_, i) => `throwaway${i}.com\n`).join('');

function setup(): { tor: string; email: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-shrink-'));
  const [tor, email, config] = ['tor.txt', 'disposable.txt', 'vigil.config.yaml'].map((f) => join(dir, f)) as [string, string, string];
  writeFileSync(tor, exits(40));
  writeFileSync(email, domains(20));
  writeFileSync(config, `intel:\n  torFiles: [${JSON.stringify(tor)}]\n  disposableEmailFiles: [${JSON.stringify(email)}]\n`);
  return { tor, email, config };
}

describe.each(targets)('intel reload shrink guard on %s', (dialect) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function start(config: string) {
    const store = await freshStore(dialect, { VIGIL_CONFIG: config });
    cleanup.push(() => store.cleanup());
    const vigil = await openVigil(store);
    cleanup.push(() => vigil.close());
    return { store, vigil };
  }

  it('refuses a reload that drops more than half of a list, keeps the data in use, and reloads it with force', async () => {
    const files = setup();
    const { vigil } = await start(files.config);
    await vigil.intel.current();
    const before = vigil.intel.status();
    expect(before.ip).toMatchObject({ tor: 40 });
    const seq = async () => (await vigil.database.db.selectFrom('intel_state').select('reload_seq').executeTakeFirstOrThrow()).reload_seq;
    const seqBefore = await seq();

    writeFileSync(files.tor, exits(19)); // 21 of 40 gone: more than half
    await expect(vigil.intel.requestReload('test')).rejects.toMatchObject({ code: 'INTEL_LIST_SHRUNK', kind: 'conflict', context: { file: files.tor, loaded: 40, entries: 19 }, message: expect.stringContaining('--force') });
    expect(await seq()).toBe(seqBefore); // no other node is asked to load the cut list
    expect(vigil.intel.status()).toMatchObject({ dataVer: before.dataVer, ip: { tor: 40 }, lastError: { message: expect.stringContaining('tor.txt holds 19 entries where the loaded list had 40') } });
    expect(vigil.intel.ip('198.51.100.30').tor).toBe(true);

    writeFileSync(files.tor, exits(20)); // exactly half gone is allowed
    expect((await vigil.intel.requestReload('test')).ip).toMatchObject({ tor: 20 });

    writeFileSync(files.email, domains(5));
    await expect(vigil.intel.requestReload('test')).rejects.toMatchObject({ code: 'INTEL_LIST_SHRUNK', context: { file: files.email, loaded: 20, entries: 5 } });
    expect(vigil.intel.email('x@throwaway12.com').disposable).toBe(true);
    const forced = await vigil.intel.requestReload('test', { force: true });
    expect(forced).toMatchObject({ email: { domains: 5 }, lastError: null, reloadSeq: seqBefore + 2 });
    expect(vigil.intel.email('x@throwaway12.com').disposable).toBe(false);
  });

  it('refuses in a process with nothing loaded (the CLI), comparing with the last accepted load, while start-up is not checked', async () => {
    const files = setup();
    const { store, vigil: server } = await start(files.config);
    await server.intel.current();
    writeFileSync(files.tor, exits(4));
    // `vigil intel reload` is another process on the same store and data directory.
    const cli = await openVigil(store, { migrate: false });
    cleanup.push(() => cli.close());
    await expect(cli.intel.requestReload('cli')).rejects.toMatchObject({ code: 'INTEL_LIST_SHRUNK', context: { loaded: 40, entries: 4 } });
    // A process starting on the cut file loads it (nothing is loaded to keep), yet does not make it the baseline.
    const looker = await openVigil(store, { migrate: false });
    cleanup.push(() => looker.close());
    await looker.intel.current();
    expect(looker.intel.status().ip).toMatchObject({ tor: 4 });
    const again = await openVigil(store, { migrate: false });
    cleanup.push(() => again.close());
    await expect(again.intel.requestReload('cli')).rejects.toMatchObject({ code: 'INTEL_LIST_SHRUNK' });
    // Forced, it becomes the baseline for the next reload.
    expect((await again.intel.requestReload('cli', { force: true })).ip).toMatchObject({ tor: 4 });
    const next = await openVigil(store, { migrate: false });
    cleanup.push(() => next.close());
    writeFileSync(files.tor, exits(3));
    expect((await next.intel.requestReload('cli')).ip).toMatchObject({ tor: 3 });
  });
});
