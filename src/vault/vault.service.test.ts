import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects, testVigil, type TestStore } from '../../test/helpers/targets.js';
import type { Vigil } from '../app/composition.js';
import { Keyring } from './keyring.js';
import { rotateMasterKey } from './rotation.js';
import { VaultService } from './vault.service.js';

const targets = await dialects();

const PERSON = {
  fullName: 'Zofia Plantedska-Vault',
  email: 'Zofia.Planted@Example-Vault.test',
  phone: '+48 601 555 0199',
  birthDate: '1987-03-14',
  documentNumber: 'ZP-998877-V',
  address: '12 Ciphertext Lane, Kraków',
};
const ctx = { actor: 'key:test', purpose: 'kyc review' };

describe.each(targets)('vault on %s', (dialect) => {
  let vigil: Vigil;
  let store: TestStore;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ vigil, store, close } = await testVigil(dialect));
  });
  afterEach(async () => close());

  it('returns what was stored and logs who read it and why', async () => {
    await vigil.vault.put('cus_1', PERSON);
    expect(await vigil.vault.read('cus_1', null, ctx)).toEqual(PERSON);
    expect(await vigil.vault.read('cus_1', ['email'], { actor: 'key:other', purpose: 'support ticket 42' })).toEqual({ email: PERSON.email });
    const log = await vigil.vault.accessLog('cus_1');
    expect(log.map((l) => [l.actor, l.purpose, l.what])).toEqual([
      ['key:other', 'support ticket 42', 'fields:email'],
      ['key:test', 'kyc review', `fields:${Object.keys(PERSON).sort().join(',')}`],
    ]);
  });

  it('updates and removes single fields', async () => {
    await vigil.vault.put('cus_1', PERSON);
    await vigil.vault.put('cus_1', { email: 'new@example-vault.test', address: null });
    const got = await vigil.vault.read('cus_1', null, ctx);
    expect(got.email).toBe('new@example-vault.test');
    expect(got).not.toHaveProperty('address');
    expect(await vigil.vault.lookup('email', PERSON.email)).toEqual([]);
    expect(await vigil.vault.lookup('email', 'NEW@example-vault.test ')).toEqual(['cus_1']);
  });

  it('writes many subjects at once as one put after another would: the last put of a field wins, null removes it and its index', async () => {
    await vigil.vault.put('cus_old', { email: 'old@example-vault.test', phone: PERSON.phone });
    await vigil.vault.putMany([
      ['cus_new', { fullName: 'First Name', email: 'first@example-vault.test' }],
      ['cus_old', { email: 'second@example-vault.test', phone: null }],
      ['cus_new', { fullName: 'Second Name', address: undefined }],
      ['cus_new', { email: null }],
      ['cus_new', { email: 'third@example-vault.test' }],
    ]);
    expect(await vigil.vault.read('cus_new', null, ctx)).toEqual({ fullName: 'Second Name', email: 'third@example-vault.test' });
    expect(await vigil.vault.read('cus_old', null, ctx)).toEqual({ email: 'second@example-vault.test' });
    expect(await vigil.vault.lookup('email', 'first@example-vault.test')).toEqual([]);
    expect(await vigil.vault.lookup('email', 'third@example-vault.test')).toEqual(['cus_new']);
    expect(await vigil.vault.lookup('email', 'old@example-vault.test')).toEqual([]);
    expect(await vigil.vault.lookup('phone', PERSON.phone)).toEqual([]);
  });

  it('writes subjects minted in a transaction when it commits, with their indexes, and drops them when it rolls back', async () => {
    await vigil.database.transaction(async (trx) => {
      await vigil.vault.put('cus_minted_1', PERSON, trx, { newSubject: true });
      await vigil.vault.put('cus_minted_2', { fullName: 'Second Minted', email: 'minted2@example-vault.test' }, trx, { newSubject: true });
      await vigil.vault.put('cus_minted_2', { email: 'minted2b@example-vault.test' }, trx);
      expect(await vigil.vault.read('cus_minted_1', ['fullName'], ctx)).toEqual({});
    });
    expect(await vigil.vault.read('cus_minted_1', null, ctx)).toEqual(PERSON);
    expect(await vigil.vault.read('cus_minted_2', null, ctx)).toEqual({ fullName: 'Second Minted', email: 'minted2b@example-vault.test' });
    expect(await vigil.vault.lookup('email', PERSON.email)).toEqual(['cus_minted_1']);
    expect(await vigil.vault.lookup('email', 'minted2b@example-vault.test')).toEqual(['cus_minted_2']);
    await expect(
      vigil.database.transaction(async (trx) => {
        await vigil.vault.put('cus_minted_3', PERSON, trx, { newSubject: true });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await vigil.vault.read('cus_minted_3', null, ctx)).toEqual({});
  });

  it('finds subjects by normalised email, phone and document number without plaintext', async () => {
    await vigil.vault.put('cus_1', PERSON);
    await vigil.vault.put('cus_2', { email: 'someone.else@example-vault.test', phone: '+48601555019' });
    expect(await vigil.vault.lookup('email', ' zofia.planted@example-vault.TEST')).toEqual(['cus_1']);
    expect(await vigil.vault.lookup('phone', '+48-601-555-0199')).toEqual(['cus_1']);
    expect(await vigil.vault.lookup('documentNumber', 'zp998877v')).toEqual(['cus_1']);
    expect(await vigil.vault.lookup('email', 'nobody@example-vault.test')).toEqual([]);
  });

  it('keeps no plaintext anywhere in the database files', async () => {
    await vigil.vault.put('cus_1', PERSON);
    await vigil.vault.putFile('cus_1', { kind: 'passport', mime: 'application/pdf', bytes: Buffer.from(`%PDF-1.4 ${PERSON.fullName} ${PERSON.documentNumber}`) });
    const planted = [PERSON.fullName, 'Zofia.Planted', 'zofia.planted', '601 555', '6015550199', 'ZP-998877', 'ZP998877V', 'Ciphertext Lane', '1987-03-14'];
    let haystack: string;
    if (dialect === 'sqlite') {
      const files = readdirSync(store.dataDir).filter((f) => f.endsWith('.db') || f.endsWith('-wal'));
      expect(files).toEqual(expect.arrayContaining(['vault.db', 'vigil.db']));
      haystack = files.map((f) => readFileSync(join(store.dataDir, f)).toString('latin1')).join('\n');
    } else {
      const db = vigil.vault.database.db;
      const tables = ['vault_keys', 'vault_fields', 'vault_index', 'vault_files', 'vault_access_log'];
      const dumps = await Promise.all(tables.map((t) => sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(t)} t`.execute(db)));
      haystack = dumps.flatMap((d) => d.rows.map((r) => r.row)).join('\n');
      haystack += Buffer.from(haystack.replace(/[^0-9a-f]/gi, ''), 'hex').toString('latin1');
    }
    for (const value of planted) expect(haystack, `found ${value}`).not.toContain(value);
  });

  it('refuses a ciphertext moved to another field or subject', async () => {
    await vigil.vault.put('cus_1', PERSON);
    await vigil.vault.put('cus_2', { email: 'other@example-vault.test' });
    const db = vigil.vault.database.db;
    await sql`UPDATE vault_fields SET ciphertext = (SELECT ciphertext FROM vault_fields WHERE subject_id = 'cus_1' AND field = 'fullName') WHERE subject_id = 'cus_1' AND field = 'address'`.execute(db);
    await expect(vigil.vault.read('cus_1', ['address'], ctx)).rejects.toMatchObject({ code: 'VAULT_DECRYPT_FAILED' });
    await sql`UPDATE vault_keys SET wrapped_dek = (SELECT wrapped_dek FROM vault_keys WHERE subject_id = 'cus_1') WHERE subject_id = 'cus_2'`.execute(db);
    await expect(vigil.vault.read('cus_2', null, ctx)).rejects.toMatchObject({ code: 'VAULT_DECRYPT_FAILED' });
  });

  it('stores files encrypted and reads them back with an access record', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]);
    const fileId = await vigil.vault.putFile('cus_1', { kind: 'passport', mime: 'image/jpeg', bytes });
    const got = await vigil.vault.readFile(fileId, ctx);
    expect(got).toMatchObject({ subjectId: 'cus_1', kind: 'passport', mime: 'image/jpeg' });
    expect(got.bytes.equals(bytes)).toBe(true);
    expect((await vigil.vault.accessLog('cus_1'))[0]!.what).toBe(`file:${fileId}`);
    await expect(vigil.vault.readFile('file_missing', ctx)).rejects.toMatchObject({ code: 'VAULT_FILE_NOT_FOUND' });
  });

  it('erases a subject by destroying its data key', async () => {
    await vigil.vault.put('cus_1', PERSON);
    const fileId = await vigil.vault.putFile('cus_1', { kind: 'passport', mime: 'application/pdf', bytes: Buffer.from('%PDF-') });
    expect(await vigil.vault.erase('cus_1', { actor: 'key:dpo', purpose: 'GDPR art. 17 request 7' })).toEqual({ fields: 6, files: 1 });
    await expect(vigil.vault.read('cus_1', null, ctx)).rejects.toMatchObject({ code: 'VAULT_SUBJECT_ERASED' });
    await expect(vigil.vault.put('cus_1', { email: 'x@y.test' })).rejects.toMatchObject({ code: 'VAULT_SUBJECT_ERASED' });
    await expect(vigil.vault.readFile(fileId, ctx)).rejects.toMatchObject({ code: 'VAULT_FILE_NOT_FOUND' });
    expect(await vigil.vault.lookup('email', PERSON.email)).toEqual([]);
  });

  it('rotates the master key without losing access, then retires the old one', async () => {
    await vigil.vault.put('cus_1', PERSON);
    const oldId = vigil.keyring.currentMaster().id;
    const newId = vigil.keyring.rotate(new Date('2030-01-01'));
    await vigil.vault.put('cus_2', { email: 'after@example-vault.test' });
    expect(await vigil.vault.keyUsage()).toEqual({ [oldId]: 1, [newId]: 1 });
    expect(await vigil.vault.rewrapAll()).toBe(1);
    expect(await vigil.vault.keyUsage()).toEqual({ [newId]: 2 });
    vigil.keyring.retire(oldId);
    expect(await vigil.vault.read('cus_1', ['fullName'], ctx)).toEqual({ fullName: PERSON.fullName });
    expect(await vigil.vault.lookup('email', PERSON.email)).toEqual(['cus_1']);
  });

  it('reports data wrapped by a master key the keyring lacks', async () => {
    await vigil.vault.put('cus_1', PERSON);
    await sql`UPDATE vault_keys SET kek_id = 'mk_gone'`.execute(vigil.vault.database.db);
    await expect(vigil.vault.read('cus_1', null, ctx)).rejects.toMatchObject({ code: 'VAULT_KEY_UNKNOWN' });
  });
});

describe('keyring file', () => {
  it('refuses a keyring without a usable current key', async () => {
    const { store, close } = await testVigil('sqlite');
    const file = join(store.dataDir, 'bad-keyring.json');
    writeFileSync(file, JSON.stringify({ version: 1, current: 'mk_x', masterKeys: { mk_x: 'c2hvcnQ=' }, indexKey: 'c2hvcnQ=' }));
    expect(() => Keyring.open(file)).toThrow(expect.objectContaining({ code: 'VAULT_KEYRING_INVALID' }));
    writeFileSync(file, '{not json');
    expect(() => Keyring.open(file)).toThrow(expect.objectContaining({ code: 'VAULT_KEYRING_INVALID' }));
    await close();
  });

  it('creates a keyring readable only by its owner', async () => {
    const { store, close } = await testVigil('sqlite');
    const { statSync } = await import('node:fs');
    expect(statSync(join(store.dataDir, 'keys', 'vault-keyring.json')).mode & 0o777).toBe(0o600);
    await close();
  });
});

describe('online master key rotation', () => {
  it('re-wraps data keys created by a server that still used the old key, then retires it', async () => {
    const { vigil, store, close } = await testVigil('sqlite');
    try {
      await vigil.vault.put('cus_1', PERSON);
      const old = vigil.keyring.currentMaster().id;
      // A second server on the same store that has not re-read the keyring yet.
      const staleKeyring = Keyring.open(join(store.dataDir, 'keys', 'vault-keyring.json'));
      const otherServer = new VaultService(vigil.vault.database, staleKeyring, vigil.clock);
      const rotation = rotateMasterKey(vigil.vault, vigil.keyring, { settleMs: 300 });
      await new Promise((r) => setTimeout(r, 100));
      await otherServer.put('cus_2', { email: 'written.during@rotation.test' });
      const report = await rotation;
      expect(report.rewrapped).toBe(2);
      expect(report.retired).toEqual([old]);
      expect(vigil.keyring.masterIds()).toEqual([report.newKeyId]);
      expect(await vigil.vault.read('cus_2', ['email'], ctx)).toEqual({ email: 'written.during@rotation.test' });
      expect(await vigil.vault.read('cus_1', ['email'], ctx)).toEqual({ email: PERSON.email });
    } finally {
      await close();
    }
  });
});

describe('keyring from the environment', () => {
  it('works read-only, refuses in-place rotation, and re-wraps after a key is added to it', async () => {
    const { randomBytes } = await import('node:crypto');
    const k = () => randomBytes(32).toString('base64');
    const first = { version: 1, current: 'mk_env_1', masterKeys: { mk_env_1: k() }, indexKey: k() };
    const a = await testVigil('sqlite', {}, { VIGIL_VAULT_KEYRING: JSON.stringify(first) });
    try {
      await a.vigil.vault.put('cus_env', { email: 'env@example.test' });
      expect(() => a.vigil.keyring.rotate()).toThrow(expect.objectContaining({ code: 'VAULT_KEYRING_READ_ONLY' }));
      expect(existsSync(join(a.store.dataDir, 'keys', 'vault-keyring.json'))).toBe(false);
    } finally {
      await a.vigil.close();
    }
    const second = { ...first, current: 'mk_env_2', masterKeys: { ...first.masterKeys, mk_env_2: k() } };
    const { openVigil } = await import('../../test/helpers/targets.js');
    const { loadConfig } = await import('../config/config.js');
    const b = await openVigil({ ...a.store, config: loadConfig({ env: { VIGIL_DATA_DIR: a.store.dataDir, VIGIL_LOG_LEVEL: 'silent', VIGIL_VAULT_KEYRING: JSON.stringify(second) }, cwd: a.store.dataDir }) });
    try {
      expect(await b.vault.rewrapAll()).toBe(1);
      expect(await b.vault.keyUsage()).toEqual({ mk_env_2: 1 });
      expect(await b.vault.lookup('email', 'ENV@example.test')).toEqual(['cus_env']);
      expect(await b.vault.read('cus_env', ['email'], ctx)).toEqual({ email: 'env@example.test' });
    } finally {
      await b.close();
      await a.store.cleanup();
    }
  });
});
