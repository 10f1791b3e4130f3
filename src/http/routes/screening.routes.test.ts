import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers/app.js';
import { multipart } from '../../../test/helpers/multipart.js';
import { dialects } from '../../../test/helpers/targets.js';

const targets = await dialects();
const LIST = 'id,name,type,aliases,birth_date,countries,topics\nw-1,Viktor Bout,person,Виктор Бут,1967-01-13,RU,crime\n';
const ADDRESSES = '0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1\n';

describe.each(targets)('screening API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(dialect);
  });
  afterAll(async () => t.close());

  const importFile = (name: string, text: string, fields: Record<string, string>, role: 'compliance_officer' | 'service' = 'compliance_officer') => {
    const body = multipart(fields, { filename: name, type: 'text/plain', bytes: Buffer.from(text) });
    return t.app.inject({ method: 'POST', url: '/v1/lists/import', payload: body.payload, headers: { ...t.auth(role), ...body.headers } });
  };

  it('flags an address as unchecked while no address list is loaded, rather than answering clean', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/addresses/screen', payload: { address: '0x01E2919679362DFBC9EE1644BA9C6DA6D6245BB1', currency: 'ETH' }, headers: t.auth('service') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ riskScore: 0, flags: ['NO_ADDRESS_LISTS'], listings: [] });
  });

  it('refuses a list name out of pattern as SCREENING_LIST_NAME_INVALID, as the CLI does, importing nothing', async () => {
    const res = await importFile('watch.csv', LIST, { format: 'csv', list: 'Bad Name' });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      code: 'SCREENING_LIST_NAME_INVALID',
      detail: expect.stringMatching(/^list name "Bad Name" must match .*lower-case letters, digits/),
      context: { list: 'Bad Name' },
    });
    expect((await t.app.inject({ url: '/v1/lists', headers: t.auth('auditor') })).json()).toMatchObject({ data: [] });
  });

  it('imports lists through the API and shows them with their versions', async () => {
    expect((await importFile('watch.csv', LIST, { format: 'csv', list: 'watch' }, 'service')).statusCode).toBe(403);
    const res = await importFile('watch.csv', LIST, { format: 'csv', list: 'watch' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ list: 'watch', entityCount: 1, added: 1, warnings: [] });
    // Names alone give address screening (KYT) nothing to check against, and the list status says so.
    const namesOnly = (await t.app.inject({ url: '/v1/lists', headers: t.auth('auditor') })).json();
    expect(namesOnly).toMatchObject({ index: { addresses: 0 }, warnings: [{ code: 'NO_ADDRESS_LISTS', message: expect.stringContaining('KYT'), remedy: expect.stringContaining('vigil lists import DIR') }] });
    expect((await importFile('sanctioned_addresses_ETH.txt', ADDRESSES, {})).json()).toMatchObject({ list: 'crypto-addresses', format: 'address-list' });
    const lists = (await t.app.inject({ url: '/v1/lists', headers: t.auth('auditor') })).json() as { data: Array<{ name: string }>; warnings: unknown[] };
    expect(lists.data.map((l) => l.name)).toEqual(['crypto-addresses', 'watch']);
    expect(lists.warnings).toEqual([]);
    const versions = (await t.app.inject({ url: '/v1/lists/watch/versions', headers: t.auth('auditor') })).json() as { data: unknown[] };
    expect(versions.data).toHaveLength(1);
    const bad = await importFile('broken.csv', 'id,name,colour\n1,x,red\n', { format: 'csv', list: 'watch' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'SCREENING_FILE_MALFORMED', detail: expect.stringMatching(/^broken\.csv: /), context: { file: 'broken.csv' } });
    // The server's temporary copy of the upload is never named.
    expect(bad.body).not.toMatch(/vigil-list-|\/tmp\//);
    const badFormat = await importFile('watch.csv', LIST, { format: 'pdf' });
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('leads the dataVer of a screening back to the version of every list', async () => {
    const screened = (await t.app.inject({ method: 'POST', url: '/v1/screenings', payload: { name: 'Viktor Bout' }, headers: t.auth('service') })).json() as { dataVer: string };
    const res = await t.app.inject({ url: `/v1/lists/index-versions/${screened.dataVer}`, headers: t.auth('auditor') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dataVer: screened.dataVer, lists: expect.arrayContaining([expect.objectContaining({ list: 'watch', dataVer: expect.stringMatching(/^dv_/) })]) });
    const unknown = await t.app.inject({ url: '/v1/lists/index-versions/dv_nope', headers: t.auth('auditor') });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'SCREENING_INDEX_VERSION_UNKNOWN' });
  });

  it('pages through the entities a list version added, changed or removed', async () => {
    const rows = (ids: number[]) => 'id,name,type\n' + ids.map((i) => `c-${i},Change Person${i},person\n`).join('');
    const v1 = (await importFile('changes.csv', rows([1, 2, 3]), { format: 'csv', list: 'changes' })).json() as { dataVer: string };
    const v2 = (await importFile('changes.csv', rows([1, 2, 4]), { format: 'csv', list: 'changes' })).json() as { dataVer: string; versionId: string };
    const url = (version: string, query = '') => `/v1/lists/changes/versions/${version}/changes${query}`;
    expect((await t.app.inject({ url: url(v2.dataVer), headers: t.auth('service') })).statusCode).toBe(403);
    const latest = await t.app.inject({ url: url(v2.dataVer), headers: t.auth('auditor') });
    expect(latest.statusCode, latest.body).toBe(200);
    expect(latest.json()).toEqual({
      list: 'changes',
      version: v2.versionId,
      dataVer: v2.dataVer,
      data: [
        { entityId: 'changes:c-3', sourceId: 'c-3', name: null, change: 'removed' },
        { entityId: 'changes:c-4', sourceId: 'c-4', name: 'Change Person4', change: 'added' },
      ],
      next: null,
    });
    const page = (await t.app.inject({ url: url(v1.dataVer, '?limit=2&change=added'), headers: t.auth('auditor') })).json() as { data: Array<{ sourceId: string }>; next: string };
    expect([page.data.map((c) => c.sourceId), page.next]).toEqual([['c-1', 'c-2'], 'c-2']);
    expect((await t.app.inject({ url: url(v1.dataVer, `?limit=2&change=added&after=${page.next}`), headers: t.auth('auditor') })).json()).toMatchObject({ data: [{ sourceId: 'c-3', name: null }], next: null });
    const unknown = await t.app.inject({ url: url('dv_nope'), headers: t.auth('auditor') });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'SCREENING_LIST_VERSION_UNKNOWN']);
    expect((await t.app.inject({ url: url(v1.dataVer, '?limit=0'), headers: t.auth('auditor') })).statusCode).toBe(400);
  });

  it('warns about the companion files an uploaded OFAC sdn.csv comes without, naming no server path', async () => {
    const res = await importFile('sdn.csv', '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a', { list: 'ofac-upload' });
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json() as { warnings: Array<{ code: string; message: string }> };
    expect(report.warnings.map((w) => [w.code, w.message.split(' ')[0]])).toEqual([
      ['COMPANION_FILE_MISSING', 'alt.csv'],
      ['COMPANION_FILE_MISSING', 'add.csv'],
      ['COMPANION_FILE_MISSING', 'sdn_comments.csv'],
    ]);
    expect(res.body).not.toMatch(/vigil-list-|\/tmp\//);
  });

  it('refuses with 409 an upload that would remove most of the loaded list, and takes it with force=true', async () => {
    const people = (ids: number[]) => 'id,name,type\n' + ids.map((i) => `s-${i},Shrink Person${i},person\n`).join('');
    expect((await importFile('shrink.csv', people([1, 2, 3, 4]), { format: 'csv', list: 'shrink' })).statusCode).toBe(201);
    const refused = await importFile('excerpt.csv', people([1]), { format: 'csv', list: 'shrink' });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'SCREENING_LIST_SHRUNK', detail: expect.stringMatching(/would remove 3 of the 4 entities of shrink .*force=true/), context: { list: 'shrink', loaded: 4, removed: 3, entityCount: 1 } });
    const versions = (await t.app.inject({ url: '/v1/lists/shrink/versions', headers: t.auth('auditor') })).json() as { data: unknown[] };
    expect(versions.data).toHaveLength(1);
    expect((await importFile('excerpt.csv', people([1]), { format: 'csv', list: 'shrink', force: 'yes' })).json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const forced = await importFile('excerpt.csv', people([1]), { format: 'csv', list: 'shrink', force: 'true' });
    expect(forced.statusCode, forced.body).toBe(201);
    expect(forced.json()).toMatchObject({ entityCount: 1, removed: 3 });
  });

  it('answers SCREENING_LIST_UNKNOWN for a list that is not loaded, naming the loaded ones', async () => {
    const screening = await t.app.inject({ method: 'POST', url: '/v1/screenings', payload: { name: 'Victor But', lists: ['nonexistent'] }, headers: t.auth('service') });
    expect(screening.statusCode).toBe(404);
    expect(screening.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(screening.json()).toMatchObject({ code: 'SCREENING_LIST_UNKNOWN', detail: expect.stringMatching(/^no list named nonexistent is loaded; loaded lists: .*watch/), context: { unknown: ['nonexistent'], loaded: expect.arrayContaining(['watch']) } });
    const versions = await t.app.inject({ url: '/v1/lists/nope/versions', headers: t.auth('auditor') });
    expect(versions.statusCode).toBe(404);
    expect(versions.json()).toMatchObject({ code: 'SCREENING_LIST_UNKNOWN', detail: expect.stringMatching(/^no list named nope is loaded; loaded lists: /) });
    const known = await t.app.inject({ method: 'POST', url: '/v1/screenings', payload: { name: 'Victor But', birthDate: '1967', lists: ['watch'] }, headers: t.auth('service') });
    expect(known.json()).toMatchObject({ matches: [{ entityId: 'watch:w-1' }] });
  });

  it('screens names and crypto addresses', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/screenings', payload: { name: 'Victor But', birthDate: '1967' }, headers: t.auth('service') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ matches: [{ entityId: 'watch:w-1', explanation: { alignment: expect.any(Array) } }], dataVer: expect.stringMatching(/^dv_/) });
    // `dob` as the CLI spells it is the same birth date: the same answer, birth-date factor and all.
    const byDob = await t.app.inject({ method: 'POST', url: '/v1/screenings', payload: { name: 'Victor But', dob: '1967' }, headers: t.auth('service') });
    expect(byDob.json()).toEqual(res.json());
    const both = await t.app.inject({ method: 'POST', url: '/v1/screenings', payload: { name: 'Victor But', dob: '1967', birthDate: '1968' }, headers: t.auth('service') });
    expect(both.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', detail: expect.stringContaining('not both') });
    const addr = await t.app.inject({ method: 'POST', url: '/v1/addresses/screen', payload: { address: '0x01E2919679362DFBC9EE1644BA9C6DA6D6245BB1', currency: 'ETH' }, headers: t.auth('service') });
    expect(addr.json()).toMatchObject({ riskScore: 100, flags: ['SANCTIONED'] });
  });

  it('raises LISTED_FOR_OTHER_CURRENCY only when no listing of the address is for the currency asked about', async () => {
    // The address crypto-addresses lists for ETH, listed again for Arbitrum as OFAC lists EVM addresses once per chain.
    expect((await importFile('sanctioned_addresses_ARB.txt', ADDRESSES, { list: 'evm-chains' })).statusCode).toBe(201);
    const screen = async (currency: string) => (await t.app.inject({ method: 'POST', url: '/v1/addresses/screen', payload: { address: '0x01e2919679362dfbc9ee1644ba9c6da6d6245bb1', currency }, headers: t.auth('service') })).json() as { flags: string[]; listings: Array<{ currency: string }> };
    const eth = await screen('ETH');
    expect(eth.listings.map((l) => l.currency).sort()).toEqual(['ARB', 'ETH']);
    expect(eth.flags).toEqual(['SANCTIONED']);
    expect((await screen('BTC')).flags).toEqual(['LISTED_FOR_OTHER_CURRENCY', 'SANCTIONED']);
  });

  it('opens a hit at onboarding and takes the reviewer’s disposition', async () => {
    const c = (await t.app.inject({ method: 'POST', url: '/v1/customers', payload: { type: 'person', externalRef: 'vb', country: 'RU', fullName: 'Viktor Bout', birthDate: '1967-01-13' }, headers: t.auth('service') })).json() as { id: string };
    const hits = (await t.app.inject({ url: `/v1/screening/hits?customerId=${c.id}&status=open`, headers: t.auth('compliance_officer') })).json() as { data: Array<{ id: string }> };
    expect(hits.data).toHaveLength(1);
    const review = (role: 'service' | 'compliance_officer') =>
      t.app.inject({ method: 'POST', url: `/v1/screening/hits/${hits.data[0]!.id}/review`, payload: { disposition: 'true_match', reason: 'same DOB and nationality' }, headers: t.auth(role) });
    expect((await review('service')).statusCode).toBe(403);
    expect((await review('compliance_officer')).json()).toMatchObject({ status: 'true_match' });
    expect(((await t.app.inject({ url: `/v1/customers/${c.id}`, headers: t.auth('service') })).json() as { status: string }).status).toBe('restricted');

    // The confirmation is an alert like any other: listed, read, scored into the risk, closed with a reason.
    type Risk = { riskLevel: string; assessments: Array<{ trigger: string; level: string; factors: Array<{ code: string }> }> };
    const risk = async () => (await t.app.inject({ url: `/v1/customers/${c.id}/risk`, headers: t.auth('compliance_officer') })).json() as Risk;
    const scored = await risk();
    expect(scored.assessments[0]).toMatchObject({ trigger: expect.stringMatching(/^screening:true_match:hit_/) });
    expect(scored.assessments[0]!.factors.map((f) => f.code)).toContain('BEHAVIOUR_OPEN_ALERTS');
    const listed = (await t.app.inject({ url: `/v1/alerts?customerId=${c.id}`, headers: t.auth('analyst') })).json() as { data: Array<{ id: string; kind: string; status: string; entityId: string }> };
    expect(listed.data).toEqual([expect.objectContaining({ kind: 'screening.true_match', status: 'open', entityId: expect.any(String) })]);
    const alertId = listed.data[0]!.id;
    expect((await t.app.inject({ url: `/v1/alerts/${alertId}`, headers: t.auth('analyst') })).json()).toMatchObject({ id: alertId, kind: 'screening.true_match', events: [] });
    expect((await t.app.inject({ url: `/v1/alerts?customerId=${c.id}&kind=monitoring`, headers: t.auth('analyst') })).json()).toEqual({ data: [] });

    const close = (role: 'analyst' | 'compliance_officer') => t.app.inject({ method: 'POST', url: `/v1/alerts/${alertId}/close`, payload: { reason: 'customer offboarded; reported to the FIU' }, headers: t.auth(role) });
    expect((await close('analyst')).statusCode).toBe(403);
    const closed = await close('compliance_officer');
    expect(closed.json()).toMatchObject({ id: alertId, status: 'closed', closeReason: 'customer offboarded; reported to the FIU', closedBy: expect.stringMatching(/^key:/) });
    expect((await close('compliance_officer')).json()).toMatchObject({ status: 409, code: 'ALERT_CLOSED' });
    const after = await risk();
    expect(after.assessments[0]).toMatchObject({ trigger: `alert_closed:${alertId}` });
    expect(after.assessments[0]!.factors.map((f) => f.code)).not.toContain('BEHAVIOUR_OPEN_ALERTS');
    expect((await t.app.inject({ url: `/v1/alerts?customerId=${c.id}&status=open`, headers: t.auth('analyst') })).json()).toEqual({ data: [] });
    // Every list answers under `data`, review tasks too.
    expect((await t.app.inject({ url: `/v1/reviews?customerId=${c.id}`, headers: t.auth('compliance_officer') })).json()).toEqual({ data: expect.any(Array) });
  });

  it('lists a director’s hits with the company’s, each under its own customer', async () => {
    const co = (await t.app.inject({ method: 'POST', url: '/v1/customers', payload: { type: 'company', externalRef: 'co-vb', country: 'CY', legalName: 'Harbour Freight Trading Ltd', registrationNumber: 'HE123456' }, headers: t.auth('service') })).json() as { id: string };
    const director = await t.app.inject({ method: 'POST', url: `/v1/customers/${co.id}/related-persons`, payload: { role: 'director', country: 'RU', fullName: 'Viktor Bout', birthDate: '1967-01-13' }, headers: t.auth('service') });
    expect(director.statusCode, director.body).toBe(201);
    const directorId = (director.json() as { id: string }).id;
    const hits = (await t.app.inject({ url: `/v1/screening/hits?customerId=${co.id}`, headers: t.auth('compliance_officer') })).json() as { data: Array<{ customerId: string; entityId: string }> };
    expect(hits.data).toEqual([expect.objectContaining({ customerId: directorId, entityId: 'watch:w-1' })]);
  });

  const screen = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/v1/screenings', payload, headers: t.auth('service') });

  it('refuses an empty list of lists, impossible birth dates, unknown countries and a limit over the maximum', async () => {
    for (const [payload, field] of [
      [{ name: 'Igor Sechin', lists: [] }, 'lists'],
      [{ name: 'Igor Sechin', dob: '1968-13-45' }, 'dob'],
      [{ name: 'Igor Sechin', birthDate: '1968-02-31' }, 'birthDate'],
      [{ name: 'Igor Sechin', birthDate: '1968-13' }, 'birthDate'],
      [{ name: 'Igor Sechin', country: 'XX' }, 'country'],
      [{ name: 'Igor Sechin', limit: 101 }, 'limit'],
    ] as const) {
      const res = await screen(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringContaining(field) });
    }
    expect((await screen({ name: 'Igor Sechin', birthDate: '1968-02-29', country: 'RU', limit: 100 })).statusCode).toBe(200);
  });

  it('says when the answer was cut at its limit, and the threshold each match met', async () => {
    const namesakes = 'id,name,type\n' + [1, 2, 3].map((i) => `n-${i},Mohammed Ali,person\n`).join('');
    expect((await importFile('namesakes.csv', namesakes, { format: 'csv', list: 'namesakes' })).statusCode).toBe(201);
    const cut = (await screen({ name: 'Mohammed Ali', lists: ['namesakes'], limit: 2 })).json() as { matches: Array<{ threshold: number }>; truncated: boolean; limit: number; threshold: number };
    expect(cut).toMatchObject({ truncated: true, limit: 2, threshold: 0.875, thresholds: [] });
    expect(cut.matches.map((m) => m.threshold)).toEqual([0.875, 0.875]);
    const whole = (await screen({ name: 'Mohammed Ali', lists: ['namesakes'], limit: 3 })).json() as { matches: unknown[]; truncated: boolean };
    expect(whole.matches).toHaveLength(3);
    expect(whole.truncated).toBe(false);
  });

  it('pages through the hits with `after`', async () => {
    for (const ref of ['vb-2', 'vb-3', 'vb-4']) {
      const res = await t.app.inject({ method: 'POST', url: '/v1/customers', payload: { type: 'person', externalRef: ref, country: 'RU', fullName: 'Viktor Bout', birthDate: '1967-01-13' }, headers: t.auth('service') });
      expect(res.statusCode, res.body).toBe(201);
    }
    type Page = { data: Array<{ id: string }>; next: string | null };
    const get = async (query: string) => (await t.app.inject({ url: `/v1/screening/hits?status=open&${query}`, headers: t.auth('compliance_officer') })).json() as Page;
    const all = await get('limit=500');
    expect(all.data.length).toBeGreaterThanOrEqual(3);
    expect(all.next).toBeNull();
    const paged: string[] = [];
    for (let page = await get('limit=2'); ; page = await get(`limit=2&after=${page.next}`)) {
      expect(page.data.length).toBeLessThanOrEqual(2);
      paged.push(...page.data.map((h) => h.id));
      if (!page.next) break;
      expect(page.next).toBe(page.data[page.data.length - 1]!.id);
    }
    expect(paged).toEqual(all.data.map((h) => h.id));
    const unknown = await t.app.inject({ url: '/v1/screening/hits?after=hit_nope', headers: t.auth('compliance_officer') });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'SCREENING_HIT_NOT_FOUND' });
  });
});
