import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/helpers/clock.js';
import { dialects, testVigil } from '../../test/helpers/targets.js';
import type { Vigil } from '../app/composition.js';
import type { NewCustomer } from '../customers/customers.service.js';

const targets = await dialects();
const HEADER = 'id,name,type,aliases,birth_date,countries,topics\n';
const VIKTOR = 'w-1,Viktor Bout,person,Victor Butt;Виктор Бут,1967-01-13,RU,crime\n';
const OTHERS = 'w-2,Anna Schmidt,person,,1980-01-01,DE,pep\nw-3,Acme Shadow Holdings Ltd,organization,,,CY,crime\n';

describe.each(targets)('customer screening on %s', (dialect) => {
  let vigil: Vigil;
  let close: () => Promise<void>;
  let dir: string;
  const clock = new ManualClock(new Date('2026-05-01T10:00:00Z'));
  beforeEach(async () => {
    ({ vigil, close } = await testVigil(dialect, { clock }));
    dir = mkdtempSync(join(tmpdir(), 'vigil-screen-'));
  });
  afterEach(async () => close());

  async function importList(body: string, name = 'watch.csv') {
    const path = join(dir, name);
    writeFileSync(path, HEADER + body);
    return vigil.lists.importAndRescreen(path, { format: 'csv', list: 'watch', actor: 'test' });
  }
  const create = (input: Partial<NewCustomer> & { externalRef: string }) =>
    vigil.database.transaction((trx) => vigil.customers.create(trx, { type: 'person', country: 'RU', fullName: 'Nobody', ...input } as NewCustomer, 'test'));
  const openHits = (customerId: string) => vigil.customerScreening.listHits(vigil.database.db, { customerId, status: 'open', limit: 10 });

  it('screens a new customer at onboarding and records the outcome as a decision with the list version', async () => {
    const report = await importList(VIKTOR + OTHERS);
    const hit = await create({ externalRef: 'c-1', fullName: 'Viktor Bout', birthDate: '1967-01-13' });
    const clean = await create({ externalRef: 'c-2', fullName: 'Maria Gonzalez', country: 'ES' });
    const hits = await openHits(hit.id);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ entityId: 'watch:w-1', status: 'open' });
    expect(await openHits(clean.id)).toHaveLength(0);
    // The customer has other decisions too (the initial risk score): take the screening one.
    const decision = (await vigil.decisions.listForSubject(vigil.database.db, `customer:${hit.id}`)).find((d) => d.kind === 'screening');
    expect(decision).toMatchObject({ kind: 'screening', action: 'verify', modelVer: 'matcher/1' });
    expect(decision!.dataVer).not.toBe('none');
    expect(report.rescreen).toEqual({ checked: 0, candidates: 0, rescreened: 0, closed: 0 });
    // The name screened at onboarding is the one just stored: nothing was decrypted for it.
    expect(await vigil.vault.accessLog(hit.id)).toEqual([]);
  });

  it('finds a customer added before the list when the list arrives, and only those the change affects', async () => {
    await importList(OTHERS);
    const viktor = await create({ externalRef: 'c-1', fullName: 'Виктор Бут' });
    const bystander = await create({ externalRef: 'c-2', fullName: 'Maria Gonzalez', country: 'ES' });
    expect(await openHits(viktor.id)).toHaveLength(0);
    const report = await importList(VIKTOR + OTHERS, 'watch2.csv');
    // Only Viktor's stored name keys meet the new entity's; the bystander is never decrypted.
    expect(report).toMatchObject({ added: 1, rescreen: { checked: 2, candidates: 1, rescreened: 1 } });
    expect((await openHits(viktor.id)).map((h) => h.entityId)).toEqual(['watch:w-1']);
    expect(await openHits(bystander.id)).toHaveLength(0);
  });

  it('finds variants through the stored name keys after a list change, without decrypting unrelated customers', async () => {
    await importList(OTHERS);
    const typo = await create({ externalRef: 'c-1', fullName: 'Victor Boutt', birthDate: '1967-01-13' });
    const reordered = await create({ externalRef: 'c-2', fullName: 'BOUT, Viktor' });
    for (let i = 0; i < 20; i++) await create({ externalRef: `b-${i}`, fullName: `Maria Gonzalez ${['Ruiz', 'Vega', 'Lopez', 'Diaz'][i % 4]}`, country: 'ES' });
    const report = await importList(VIKTOR + OTHERS, 'watch2.csv');
    expect(report.rescreen).toEqual({ checked: 22, candidates: 2, rescreened: 2, closed: 0 });
    expect((await openHits(typo.id)).map((h) => h.entityId)).toEqual(['watch:w-1']);
    expect((await openHits(reordered.id)).map((h) => h.entityId)).toEqual(['watch:w-1']);
    const reads = await vigil.vault.database.db.selectFrom('vault_access_log').select('subject_id').where('purpose', '=', 'sanctions re-screening after a list change').execute();
    expect(new Set(reads.map((r) => r.subject_id))).toEqual(new Set([typo.id, reordered.id]));
  });

  it('screens a customer again when the screened data changes', async () => {
    await importList(VIKTOR);
    const c = await create({ externalRef: 'c-1', fullName: 'Ivan Petrov' });
    expect(await openHits(c.id)).toHaveLength(0);
    await vigil.database.transaction((trx) => vigil.customers.update(trx, c.id, { fullName: 'Viktor Bout' }, 'test'));
    expect((await openHits(c.id)).map((h) => h.entityId)).toEqual(['watch:w-1']);
  });

  it('remembers a false positive until the listed entity changes', async () => {
    await importList(VIKTOR);
    const c = await create({ externalRef: 'c-1', fullName: 'Viktor Bout', birthDate: '1990-02-02' });
    const [hit] = await openHits(c.id);
    await vigil.database.transaction((trx) => vigil.customerScreening.review(trx, hit!.id, { disposition: 'false_positive', reason: 'different birth date and passport' }, 'key:officer'));
    await vigil.database.transaction((trx) => vigil.customerScreening.screenCustomer(trx, c.id, 'daily', 'test'));
    expect(await openHits(c.id)).toHaveLength(0);
    // Re-importing unchanged data keeps the disposition; a change to the entity re-opens it.
    await importList(VIKTOR, 'same.csv');
    expect(await openHits(c.id)).toHaveLength(0);
    await importList(VIKTOR.replace('RU,crime', 'RU;AE,crime'), 'changed.csv');
    const reopened = await openHits(c.id);
    expect(reopened).toHaveLength(1);
    expect(reopened[0]!.reason).toMatch(/re-opened/);
  });

  it('restricts the customer and raises an alert on a confirmed true match', async () => {
    await importList(VIKTOR);
    const c = await create({ externalRef: 'c-1', fullName: 'Viktor Bout', birthDate: '1967-01-13' });
    const [hit] = await openHits(c.id);
    await vigil.database.transaction((trx) => vigil.customerScreening.review(trx, hit!.id, { disposition: 'true_match', reason: 'same person: DOB and nationality match' }, 'key:officer'));
    expect((await vigil.customers.get(vigil.database.db, c.id)).status).toBe('restricted');
    const alerts = await vigil.database.db.selectFrom('alerts').selectAll().where('customer_id', '=', c.id).execute();
    expect(alerts).toMatchObject([{ kind: 'screening.true_match', severity: 'high', status: 'open' }]);
    const audit = await vigil.audit.list(vigil.database.db, { subject: `customer:${c.id}`, action: 'screening.hit_reviewed', limit: 5 });
    expect(JSON.parse(audit[0]!.data)).toMatchObject({ disposition: 'true_match', dataVer: expect.stringMatching(/^dv_/) });
  });

  it('keeps a confirmed match restricted: no verification or manual move lifts it until the hit is cleared', async () => {
    await importList(VIKTOR);
    const c = await create({ externalRef: 'c-1', fullName: 'Viktor Bout', birthDate: '1967-01-13' });
    const opened = await vigil.database.transaction((trx) => vigil.verifications.openManual(trx, c.id, 'test'));
    const [hit] = await openHits(c.id);
    await vigil.database.transaction((trx) => vigil.customerScreening.review(trx, hit!.id, { disposition: 'true_match', reason: 'same person' }, 'key:officer'));
    const move = (to: 'verified' | 'not_verified' | 'suspended', manual = true) =>
      vigil.database.transaction((trx) => vigil.customers.transition(trx, c.id, { to, reasons: [{ code: 'TEST', text: 'test' }], trigger: 'manual:test', actor: 'key:officer', manual }));

    // The verification opened before the match passes: recorded, audited, and the customer stays restricted.
    await vigil.database.transaction((trx) => vigil.verifications.applyOutcome(trx, opened, 'approved', [], 'review:test', 'key:officer'));
    expect((await vigil.customers.get(vigil.database.db, c.id)).status).toBe('restricted');
    const held = await vigil.audit.list(vigil.database.db, { subject: `customer:${c.id}`, action: 'kyc.outcome_held', limit: 5 });
    expect(JSON.parse(held[0]!.data)).toMatchObject({ to: 'verified', hold: expect.stringContaining(hit!.id) });
    await expect(move('verified')).rejects.toMatchObject({ code: 'CUSTOMER_STATUS_HELD', context: { hitId: hit!.id, entityId: 'watch:w-1' } });
    // A change to the listed entity re-opens false positives, not a confirmed match: the hold stays.
    await importList(VIKTOR.replace('RU,crime', 'RU;AE,crime'), 'changed.csv');
    expect(await openHits(c.id)).toEqual([]);
    await expect(move('not_verified', false)).rejects.toMatchObject({ code: 'CUSTOMER_STATUS_HELD' });
    expect((await move('suspended')).customer.status).toBe('suspended');

    // Cleared as a false positive: the hold is gone, but nothing verified them yet.
    await vigil.database.transaction((trx) => vigil.customerScreening.review(trx, hit!.id, { disposition: 'false_positive', reason: 'different passport after all' }, 'key:officer'));
    await expect(move('verified')).rejects.toMatchObject({ code: 'CUSTOMER_VERIFICATION_REQUIRED' });
    expect((await move('not_verified')).customer.status).toBe('not_verified');
  });

  it('never answers "clear" while a confirmed match stands, and records the restriction with the list version', async () => {
    await importList(VIKTOR);
    const c = await create({ externalRef: 'c-1', fullName: 'Viktor Bout', birthDate: '1967-01-13' });
    const [hit] = await openHits(c.id);
    await vigil.database.transaction((trx) => vigil.customerScreening.review(trx, hit!.id, { disposition: 'true_match', reason: 'same person' }, 'key:officer'));
    const again = await vigil.database.transaction((trx) => vigil.customerScreening.screenCustomer(trx, c.id, 'daily', 'system:scheduler'));
    expect(again.decision.action).toBe('restrict');
    expect(again.decision.reasons).toEqual([expect.objectContaining({ code: 'SCREENING_TRUE_MATCH', text: expect.stringContaining(hit!.id) })]);
    const restriction = (await vigil.decisions.listForSubject(vigil.database.db, `customer:${c.id}`)).find((d) => d.kind === 'customer.status' && d.action === 'restrict');
    expect(restriction!.dataVer).toBe(hit!.dataVer);
  });

  it('keeps every disposition with its reason in the audit log, also the ones later replaced or re-opened', async () => {
    await importList(VIKTOR);
    const c = await create({ externalRef: 'c-1', fullName: 'Viktor Bout', birthDate: '1990-02-02' });
    const [hit] = await openHits(c.id);
    await vigil.database.transaction((trx) => vigil.customerScreening.review(trx, hit!.id, { disposition: 'false_positive', reason: 'different DOB per passport' }, 'key:officer'));
    await importList(VIKTOR.replace('RU,crime', 'RU;AE,crime'), 'changed.csv');
    await vigil.database.transaction((trx) => vigil.customerScreening.review(trx, hit!.id, { disposition: 'true_match', reason: 'passport matches listed X1234567' }, 'key:senior'));
    const records = await vigil.audit.list(vigil.database.db, { subject: `customer:${c.id}`, limit: 50 });
    const data = (action: string) => records.filter((r) => r.action === action).map((r) => JSON.parse(r.data) as Record<string, unknown>);
    expect(data('screening.hit_reviewed')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ disposition: 'false_positive', reason: 'different DOB per passport', previous: expect.objectContaining({ status: 'open' }) }),
        expect.objectContaining({ disposition: 'true_match', reason: 'passport matches listed X1234567', previous: expect.objectContaining({ status: 'open', reason: expect.stringMatching(/re-opened/) }) }),
      ]),
    );
    expect(data('screening.hit_opened')).toEqual(
      expect.arrayContaining([expect.objectContaining({ reopened: true, previous: expect.objectContaining({ status: 'false_positive', reason: 'different DOB per passport', reviewedBy: 'key:officer' }) })]),
    );
  });

  it('closes open hits on an entity the list removes, and opens them again if it is listed again', async () => {
    await importList(VIKTOR + OTHERS);
    const c = await create({ externalRef: 'c-1', fullName: 'Anna Schmidt', country: 'DE' });
    const [hit] = await openHits(c.id);
    expect(hit).toMatchObject({ entityId: 'watch:w-2' });
    clock.advance(60_000);
    const report = await importList(VIKTOR + OTHERS.replace(/^w-2.*\n/, ''), 'removed.csv');
    expect(report).toMatchObject({ removed: 1, rescreen: { closed: 1 } });
    expect(await vigil.customerScreening.getHit(vigil.database.db, hit!.id)).toMatchObject({ status: 'delisted', reason: expect.stringContaining('removed from list watch') });
    const latest = (await vigil.decisions.listForSubject(vigil.database.db, `customer:${c.id}`)).find((d) => d.kind === 'screening')!;
    expect(latest.action).toBe('allow');
    const closed = await vigil.audit.list(vigil.database.db, { subject: `customer:${c.id}`, action: 'screening.hit_closed', limit: 5 });
    expect(closed).toHaveLength(1);
    // Listed again (unchanged data): the hit is open again, for a reviewer.
    await importList(VIKTOR + OTHERS, 'back.csv');
    expect(await openHits(c.id)).toEqual([expect.objectContaining({ id: hit!.id, status: 'open', reason: 're-opened: the entity is listed again' })]);
  });

  it('re-screens every customer daily', async () => {
    await importList(OTHERS);
    await create({ externalRef: 'c-1', fullName: 'Maria Gonzalez', country: 'ES' });
    expect(await vigil.customerScreening.rescreenDue('test')).toBe(0);
    clock.advance(25 * 3_600_000);
    expect(await vigil.customerScreening.rescreenDue('test')).toBe(1);
    expect(await vigil.customerScreening.rescreenDue('test')).toBe(0);
  });

  it('screens company names and directors', async () => {
    await importList(OTHERS);
    const co = await create({ type: 'company', externalRef: 'org-1', country: 'CY', legalName: 'ACME Shadow Holdings Limited', registrationNumber: 'HE 1' } as unknown as NewCustomer & { externalRef: string });
    expect((await openHits(co.id)).map((h) => h.entityId)).toEqual(['watch:w-3']);
    const director = await vigil.database.transaction((trx) => vigil.customers.addRelatedPerson(trx, co.id, { role: 'director', country: 'DE', fullName: 'Anna Schmidt', birthDate: '1980-01-01' }, 'test'));
    expect((await openHits(director.id)).map((h) => h.entityId)).toEqual(['watch:w-2']);
  });

  it('restricts, alerts and scores the company whose director is a confirmed match, and holds it while the match stands', async () => {
    await importList('w-9,Igor Sechin,person,,1960-09-07,RU,sanction\n');
    const co = await create({ type: 'company', externalRef: 'org-2', country: 'GB', legalName: 'Zulekha General Trading', registrationNumber: 'GB 2' } as unknown as NewCustomer & { externalRef: string });
    const director = await vigil.database.transaction((trx) => vigil.customers.addRelatedPerson(trx, co.id, { role: 'director', country: 'RU', fullName: 'Igor Sechin', birthDate: '1960-09-07' }, 'test'));
    const [hit] = await openHits(director.id);
    await vigil.database.transaction((trx) => vigil.customerScreening.review(trx, hit!.id, { disposition: 'true_match', reason: 'same person' }, 'test'));
    const company = await vigil.customers.get(vigil.database.db, co.id);
    expect(company.status).toBe('restricted');
    const alerts = await vigil.alerts.list(vigil.database.db, { customerId: co.id, limit: 10 });
    expect(alerts).toEqual([expect.objectContaining({ kind: 'screening.true_match', entityId: 'watch:w-9' })]);
    const [assessment] = await vigil.risk.history(vigil.database.db, co.id, 1);
    expect(assessment!.factors.map((f) => f.code)).toContain('CUSTOMER_SANCTIONS_CONFIRMED');
    // The company cannot be moved back while its director's match stands.
    await expect(vigil.database.transaction((trx) => vigil.customers.transition(trx, co.id, { to: 'not_verified', reasons: [{ code: 'TEST', text: 'try' }], trigger: 'test', actor: 'test' }))).rejects.toMatchObject({
      code: 'CUSTOMER_STATUS_HELD',
      context: { relatedPersonId: director.id },
    });
  });
});
