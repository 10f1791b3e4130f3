import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { ICAO_TD3, JPEG, multipart, PDF } from '../../../test/helpers/multipart.js';
import { dialects } from '../../../test/helpers/targets.js';

const targets = await dialects();
// The specimen passport is valid until 2012-04-15.
const clock = new ManualClock(new Date('2011-06-01T09:00:00Z'));

describe.each(targets)('manual verification through the API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(dialect, { clock });
  });
  afterAll(async () => t.close());

  async function person(ref: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await t.app.inject({ method: 'POST', url: '/v1/customers', payload: { type: 'person', externalRef: ref, country: 'SE', fullName: 'Anna Maria Eriksson', birthDate: '1974-08-12', ...extra }, headers: t.auth('service') });
    return (res.json() as { id: string }).id;
  }
  function upload(customerId: string, fields: Record<string, string>, file: { filename: string; type: string; bytes: Buffer }, headers: Record<string, string> = {}) {
    const body = multipart(fields, file);
    return t.app.inject({ method: 'POST', url: `/v1/customers/${customerId}/documents`, payload: body.payload, headers: { ...t.auth('service'), ...body.headers, ...headers } });
  }
  const passport = (id: string) => upload(id, { kind: 'passport', mrz: ICAO_TD3 }, { filename: 'passport.jpg', type: 'image/jpeg', bytes: JPEG });
  const bill = (id: string, issuedOn = '2011-05-02') => upload(id, { kind: 'utility_bill', issuedOn }, { filename: 'bill.pdf', type: 'application/pdf', bytes: PDF });
  const review = (verificationId: string, decision: 'approve' | 'reject', role: 'compliance_officer' | 'service' = 'compliance_officer') =>
    t.app.inject({ method: 'POST', url: `/v1/verifications/${verificationId}/review`, payload: { decision, reason: 'documents checked against the profile' }, headers: t.auth(role) });
  const status = async (id: string) => ((await t.app.inject({ url: `/v1/customers/${id}`, headers: t.auth('service') })).json() as { status: string }).status;

  it('runs the automatic checks, keeps the file encrypted, and lets a reviewer approve', async () => {
    const id = await person('doc-1');
    const p = await passport(id);
    expect(p.statusCode, p.body).toBe(201);
    const doc = p.json() as { id: string; verificationId: string; checksPassed: boolean; checks: Array<{ code: string; status: string }> };
    expect(doc.checksPassed).toBe(true);
    expect(doc.checks.map((c) => c.code)).toEqual(['MRZ_VALID', 'MRZ_FORMAT_MATCHES_KIND', 'DOCUMENT_NOT_EXPIRED', 'MINIMUM_AGE', 'NAME_MATCHES_PROFILE', 'BIRTH_DATE_MATCHES_PROFILE']);
    expect(await status(id)).toBe('pending');
    expect((await review(doc.verificationId, 'approve')).json()).toMatchObject({ code: 'KYC_REVIEW_INCOMPLETE', context: { missing: ['a proof of address'] } });
    expect((await bill(id)).statusCode).toBe(201);
    expect((await review(doc.verificationId, 'approve', 'service')).statusCode).toBe(403);
    const ok = await review(doc.verificationId, 'approve');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await status(id)).toBe('verified');
    const file = await t.app.inject({ url: `/v1/documents/${doc.id}/file?purpose=audit%20sample`, headers: t.auth('compliance_officer') });
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.rawPayload.equals(JPEG)).toBe(true);
    expect(await t.vigil.vault.lookup('documentNumber', 'L898902C3')).toEqual([id]);
  });

  it('flags a passport that does not match the profile and refuses to approve on it', async () => {
    const id = await person('doc-2', { fullName: 'Erik Andersson', birthDate: '1980-01-01' });
    const doc = (await passport(id)).json() as { verificationId: string; checksPassed: boolean; checks: Array<{ code: string; status: string }> };
    expect(doc.checksPassed).toBe(false);
    expect(doc.checks.filter((c) => c.status === 'fail').map((c) => c.code)).toEqual(['NAME_MATCHES_PROFILE', 'BIRTH_DATE_MATCHES_PROFILE']);
    await bill(id);
    expect((await review(doc.verificationId, 'approve')).json()).toMatchObject({ code: 'KYC_REVIEW_INCOMPLETE' });
    expect((await review(doc.verificationId, 'reject')).statusCode).toBe(200);
    expect(await status(id)).toBe('rejected');
  });

  it('refuses renamed, executable, empty and oversized files and stores nothing for them', async () => {
    const id = await person('doc-3');
    const renamed = await upload(id, { kind: 'passport', mrz: ICAO_TD3 }, { filename: 'scan.jpg', type: 'image/jpeg', bytes: PDF });
    expect(renamed.json()).toMatchObject({ code: 'KYC_UPLOAD_TYPE_MISMATCH', status: 415 });
    const elf = await upload(id, { kind: 'passport' }, { filename: 'passport.pdf', type: 'application/pdf', bytes: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(64)]) });
    expect(elf.json()).toMatchObject({ code: 'KYC_UPLOAD_TYPE_REJECTED' });
    const empty = await upload(id, { kind: 'passport' }, { filename: 'p.pdf', type: 'application/pdf', bytes: Buffer.alloc(0) });
    expect(empty.json()).toMatchObject({ code: 'KYC_UPLOAD_EMPTY' });
    const big = await upload(id, { kind: 'passport' }, { filename: 'p.pdf', type: 'application/pdf', bytes: Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]) });
    expect(big.statusCode).toBe(413);
    const noDate = await upload(id, { kind: 'utility_bill' }, { filename: 'b.pdf', type: 'application/pdf', bytes: PDF });
    expect(noDate.json()).toMatchObject({ code: 'CUSTOMER_DATA_INVALID' });
    const badKind = await upload(id, { kind: 'selfie' }, { filename: 'b.pdf', type: 'application/pdf', bytes: PDF });
    expect(badKind.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const list = (await t.app.inject({ url: `/v1/customers/${id}/documents`, headers: t.auth('service') })).json() as { data: unknown[] };
    expect(list.data).toHaveLength(0);
    const files = await t.vigil.vault.database.db.selectFrom('vault_files').select('id').where('subject_id', '=', id).execute();
    expect(files).toHaveLength(0);
    expect(await status(id)).toBe('not_verified');
  });

  it('replays an upload sent twice with one idempotency key', async () => {
    const id = await person('doc-4');
    const first = await passport(id);
    const body = multipart({ kind: 'passport', mrz: ICAO_TD3 }, { filename: 'passport.jpg', type: 'image/jpeg', bytes: JPEG });
    const headers = { ...t.auth('service'), ...body.headers, 'idempotency-key': 'upload-once' };
    const a = await t.app.inject({ method: 'POST', url: `/v1/customers/${id}/documents`, payload: body.payload, headers });
    const b = await t.app.inject({ method: 'POST', url: `/v1/customers/${id}/documents`, payload: body.payload, headers });
    expect(b.json()).toEqual(a.json());
    expect(b.headers['idempotent-replayed']).toBe('true');
    const list = (await t.app.inject({ url: `/v1/customers/${id}/documents`, headers: t.auth('service') })).json() as { data: unknown[] };
    expect(list.data).toHaveLength(2);
    expect(first.statusCode).toBe(201);
  });

  it('serves a signed upload page that accepts documents and refuses forged or expired links', async () => {
    const id = await person('doc-5');
    const link = (await t.app.inject({ method: 'POST', url: `/v1/customers/${id}/upload-links`, payload: { ttlHours: 2 }, headers: t.auth('service') })).json() as { url: string };
    const path = new URL(link.url).pathname;
    const pageRes = await t.app.inject({ url: path });
    expect(pageRes.statusCode).toBe(200);
    expect(pageRes.body).toContain('<form method="post" enctype="multipart/form-data">');
    const body = multipart({ kind: 'utility_bill', issuedOn: '2011-05-20' }, { filename: 'bill.pdf', type: 'application/pdf', bytes: PDF });
    const posted = await t.app.inject({ method: 'POST', url: path, payload: body.payload, headers: body.headers });
    expect(posted.statusCode).toBe(201);
    expect(posted.body).toContain('Thank you');
    const forged = await t.app.inject({ url: path.slice(0, -3) + 'abc' });
    expect(forged.statusCode).toBe(403);
    clock.advance(3 * 3_600_000);
    expect((await t.app.inject({ url: path })).body).toContain('expired');
    const docs = (await t.app.inject({ url: `/v1/customers/${id}/documents`, headers: t.auth('service') })).json() as { data: Array<{ kind: string }> };
    expect(docs.data.map((d) => d.kind)).toEqual(['utility_bill']);
  });

  it('verifies a company only once its documents and every director and UBO are verified', async () => {
    const co = (await t.app.inject({ method: 'POST', url: '/v1/customers', payload: { type: 'company', externalRef: 'org-kyb', country: 'SE', legalName: 'Utopia Proxies AB', registrationNumber: '556000-0000' }, headers: t.auth('service') })).json() as { id: string };
    const ubo = (await t.app.inject({ method: 'POST', url: `/v1/customers/${co.id}/related-persons`, payload: { role: 'ubo', ownershipPct: 100, country: 'SE', fullName: 'Anna Maria Eriksson', birthDate: '1974-08-12' }, headers: t.auth('service') })).json() as { id: string };
    const dir = (await t.app.inject({ method: 'POST', url: `/v1/customers/${co.id}/related-persons`, payload: { role: 'director', country: 'SE', fullName: 'Anna Maria Eriksson', birthDate: '1974-08-12' }, headers: t.auth('service') })).json() as { id: string };
    let companyVerification = '';
    for (const kind of ['registry_extract', 'articles_of_association', 'company_address_proof']) {
      const res = await upload(co.id, { kind, issuedOn: '2011-05-15' }, { filename: 'doc.pdf', type: 'application/pdf', bytes: PDF });
      expect(res.statusCode, res.body).toBe(201);
      companyVerification = (res.json() as { verificationId: string }).verificationId;
    }
    expect((await review(companyVerification, 'approve')).statusCode).toBe(200);
    expect(await status(co.id)).toBe('pending');
    for (const personId of [ubo.id, dir.id]) {
      const v = ((await passport(personId)).json() as { verificationId: string }).verificationId;
      await bill(personId);
      await review(v, 'approve');
      expect(await status(personId)).toBe('verified');
      expect(await status(co.id)).toBe(personId === dir.id ? 'verified' : 'pending');
    }
  });

  it('asks for EDD documents automatically when the risk level becomes high', async () => {
    const id = await person('edd-auto');
    const set = (level: string) =>
      t.app.inject({ method: 'POST', url: `/v1/customers/${id}/risk-level`, payload: { level, reason: { code: 'FATF_GREY_LIST', text: 'resident in a grey-listed country' } }, headers: t.auth('compliance_officer') });
    const res = await set('high');
    expect(res.json()).toMatchObject({ customer: { riskLevel: 'high' }, decision: { kind: 'customer.risk_level', action: 'limit' } });
    await set('edd');
    const requests = (await t.app.inject({ url: `/v1/customers/${id}/edd-requests`, headers: t.auth('service') })).json() as { data: Array<{ kinds: string[]; status: string }> };
    expect(requests.data).toEqual([expect.objectContaining({ kinds: ['source_of_funds', 'source_of_wealth'], status: 'open' })]);
    const unknown = await t.app.inject({ url: '/v1/customers/cus_nope/edd-requests', headers: t.auth('service') });
    expect(unknown.json()).toMatchObject({ status: 404, code: 'CUSTOMER_NOT_FOUND' });
  });

  it('restricts a customer who does not provide requested EDD documents in time, and not one who does', async () => {
    const late = await person('edd-1');
    const prompt = await person('edd-2');
    for (const id of [late, prompt]) {
      const res = await t.app.inject({ method: 'POST', url: `/v1/customers/${id}/edd-requests`, payload: { kinds: ['source_of_funds'], deadlineDays: 7, reason: 'high-risk jurisdiction' }, headers: t.auth('compliance_officer') });
      expect(res.statusCode, res.body).toBe(201);
    }
    await upload(prompt, { kind: 'source_of_funds' }, { filename: 'payslips.pdf', type: 'application/pdf', bytes: PDF });
    clock.advance(8 * 86_400_000);
    await t.vigil.scheduler.runAll((job, err) => {
      throw new Error(`${job}: ${String(err)}`);
    });
    expect(await status(late)).toBe('restricted');
    expect(await status(prompt)).toBe('not_verified');
    const requests = (await t.app.inject({ url: `/v1/customers/${prompt}/edd-requests`, headers: t.auth('service') })).json() as { data: Array<{ status: string }> };
    expect(requests.data.map((r) => r.status)).toEqual(['fulfilled']);
  });
});
