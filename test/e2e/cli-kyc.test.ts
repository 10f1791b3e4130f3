import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVigil } from '../../src/app/composition.js';
import { loadConfig } from '../../src/config/config.js';
import { JPEG, PDF } from '../helpers/multipart.js';
import { runCli } from '../helpers/process.js';

// The ICAO specimen with its expiry moved to 2032 (check digits recomputed), so it is valid today.
const MRZ = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F3204153ZE184226B<<<<<16';

describe('vigil customers show / kyc review', () => {
  let data: string;
  let customerId: string;
  beforeEach(async () => {
    data = mkdtempSync(join(tmpdir(), 'vigil-cli-kyc-'));
    const vigil = await createVigil(loadConfig({ env: { VIGIL_DATA_DIR: data, VIGIL_LOG_LEVEL: 'silent' }, cwd: data }));
    try {
      const c = await vigil.database.transaction((trx) =>
        vigil.customers.create(trx, { type: 'person', externalRef: 'cli-user', country: 'SE', fullName: 'Anna Maria Eriksson', birthDate: '1974-08-12', email: 'anna@fjordmail.net' }, 'test'),
      );
      customerId = c.id;
      await vigil.documents.upload(c.id, { kind: 'passport', mrz: MRZ, bytes: JPEG, declaredMime: 'image/jpeg', fileName: 'p.jpg' }, 'test');
      const issuedOn = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
      await vigil.documents.upload(c.id, { kind: 'utility_bill', issuedOn, bytes: PDF, declaredMime: 'application/pdf', fileName: 'b.pdf' }, 'test');
    } finally {
      await vigil.close();
    }
  });
  afterEach(() => rmSync(data, { recursive: true, force: true }));

  it('shows a customer without personal data unless asked with a purpose', async () => {
    const plain = await runCli(['customers', 'show', 'cli-user', '--data', data]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(`${customerId}  person  pending`);
    expect(plain.stdout).toContain('document');
    expect(plain.stdout).not.toContain('Eriksson');
    expect((await runCli(['customers', 'show', customerId, '--pii', '--data', data])).code).toBe(2);
    const pii = await runCli(['customers', 'show', customerId, '--pii', '--purpose', 'support ticket 7', '--json', '--data', data]);
    expect(JSON.parse(pii.stdout)).toMatchObject({ personalData: { fullName: 'Anna Maria Eriksson' } });
  });

  it('approves the open manual verification of a customer', async () => {
    expect((await runCli(['kyc', 'review', customerId, '--reason', 'x', '--data', data])).code).toBe(2);
    const res = await runCli(['kyc', 'review', customerId, '--approve', '--reason', 'passport and bill match the profile', '--reviewer', 'alice', '--data', data]);
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('is now approved');
    expect((await runCli(['customers', 'show', customerId, '--data', data])).stdout).toContain('person  verified');
    const audit = await runCli(['audit', 'verify', '--data', data]);
    expect(audit.code).toBe(0);
  });
});
