/**
 * Delta re-screening benchmark: a customer base of N people (synthetic names of many cultures,
 * plus one planted variant — a typo or reordering — of each changed entity's name), a watch
 * list of real OFAC SDN entries, then a new version of that list with some entities changed and
 * some added. Prints the time `rescreenForVersion` takes to find and re-screen the customers the
 * change can affect, how many it had to decrypt, and how many planted customers it found.
 *
 *   npm run bench:rescreen [-- --customers 1000000 --delta 200 --store sqlite|postgres]
 *
 * Customers are seeded in bulk (rows, vault records and stored name keys written in batches
 * through the same functions the service uses); only the re-screen is timed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { newId } from '../src/core/ids.js';
import { ListImportService } from '../src/screening/list-import.service.js';
import { ALL_PARSERS } from '../src/screening/import/registry.js';
import { testVigil, type DialectName } from '../test/helpers/targets.js';
import { CULTURES, loadLists, pick, rng, syntheticName } from './screening-data.js';
import { variant } from './screening-variants.js';

const { values } = parseArgs({ options: { customers: { type: 'string', default: '1000000' }, delta: { type: 'string', default: '200' }, store: { type: 'string', default: 'sqlite' }, base: { type: 'string', default: '3000' } } });
const CUSTOMERS = Number(values.customers);
const DELTA = Number(values.delta);
const BASE = Number(values.base);
const STORE = values.store as DialectName;
const BATCH = 5000;
const random = rng(11);
const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(2);

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

interface Row {
  id: string;
  name: string;
  type: string;
  aliases: string[];
  countries: string[];
}

function writeList(path: string, rows: Row[]): void {
  const lines = rows.map((r) => [r.id, r.name, r.type, r.aliases.join(';'), '', r.countries.join(';'), 'sanction'].map(csvCell).join(','));
  writeFileSync(path, `id,name,type,aliases,birth_date,countries,topics\n${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const all = (await loadLists()).filter((e) => e.list === 'ofac-sdn' && (e.entity.type === 'person' || e.entity.type === 'organization'));
  const rows: Row[] = all.slice(0, BASE + DELTA / 2).map((e) => ({
    id: e.entity.sourceId,
    name: e.entity.names[0]!.full,
    type: e.entity.type,
    aliases: e.entity.names.slice(1, 4).filter((n) => n.kind !== 'original_script').map((n) => n.full.replace(/;/g, ' ')),
    countries: e.entity.countries.slice(0, 2),
  }));
  const base = rows.slice(0, BASE);
  const changedIds = new Set(base.slice(0, DELTA / 2).map((r) => r.id));
  const next = [...base.map((r) => (changedIds.has(r.id) ? { ...r, countries: [...r.countries, 'AE'] } : r)), ...rows.slice(BASE)];
  const deltaRows = next.filter((r) => changedIds.has(r.id) || !base.includes(r));

  const { vigil, store, close } = await testVigil(STORE);
  try {
    const v1 = join(store.dataDir, 'watch-v1.csv');
    const v2 = join(store.dataDir, 'watch-v2.csv');
    writeList(v1, base);
    writeList(v2, next);
    await vigil.lists.importAndRescreen(v1, { format: 'csv', list: 'watch', actor: 'bench' });

    // Customers: synthetic people, and one variant of each changed entity's name.
    const planted = new Set<string>();
    const cultures = Object.keys(CULTURES);
    const now = new Date().toISOString();
    let t0 = performance.now();
    for (let start = 0; start < CUSTOMERS; start += BATCH) {
      const batch: Array<{ id: string; name: string; type: 'person' | 'organization' }> = [];
      for (let i = start; i < Math.min(CUSTOMERS, start + BATCH); i++) {
        const plant = i < deltaRows.length ? deltaRows[i]! : null;
        const id = newId('cus');
        if (plant) planted.add(id);
        const name = plant ? (variant(plant.name, pick(random, ['typo1', 'swap'] as const), random) ?? plant.name) : syntheticName(random, pick(random, cultures));
        batch.push({ id, name, type: plant?.type === 'organization' ? 'organization' : 'person' });
      }
      await vigil.vault.putMany(batch.map((c) => [c.id, c.type === 'person' ? { fullName: c.name } : { legalName: c.name }] as const));
      await vigil.database.transaction(async (trx) => {
        for (let k = 0; k < batch.length; k += 500) {
          const chunk = batch.slice(k, k + 500);
          await trx
            .insertInto('customers')
            .values(chunk.map((c, j) => ({ id: c.id, external_ref: `bench-${start + k + j}`, type: c.type === 'person' ? 'person' : 'company', status: 'verified', country: 'GB', risk_level: 'low', risk_factors: '[]', kyc_required_at: null, kyc_deadline_at: null, verified_at: now, verification_expires_at: null, parent_id: null, role: null, ownership_pct: null, email_verified_at: null, phone_verified_at: null, contact_checks: '[]', version: 1, created_at: now, updated_at: now })))
            .execute();
          await trx
            .insertInto('customer_screenings')
            .values(chunk.map((c) => ({ customer_id: c.id, data_ver: 'seed', screened_at: now, matches: 0, name_keys: vigil.customerScreening.nameKeys({ name: c.name, type: c.type }) })))
            .execute();
        }
      });
      if (process.stderr.isTTY) process.stderr.write(`\rseeding customers: ${Math.min(CUSTOMERS, start + BATCH).toLocaleString('en-US')}`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.log(`seeded ${CUSTOMERS.toLocaleString('en-US')} customers on ${STORE} in ${seconds(t0)} s (${planted.size} planted variants of changed entities)`);

    const importer = new ListImportService(vigil.database, { now: () => new Date() }, vigil.audit, vigil.events, ALL_PARSERS);
    const report = await importer.import(v2, { format: 'csv', list: 'watch', actor: 'bench' });
    vigil.screening.invalidate();
    console.log(`list delta: +${report.added} ~${report.changed} -${report.removed} of ${report.entityCount} entities`);

    t0 = performance.now();
    const result = await vigil.customerScreening.rescreenForVersion(report.versionId!, 'bench');
    const elapsed = (performance.now() - t0) / 1000;
    const hits = await vigil.database.db.selectFrom('screening_hits').select('customer_id').distinct().execute();
    const found = hits.filter((h) => planted.has(h.customer_id)).length;
    console.log(
      `re-screen: ${elapsed.toFixed(2)} s for ${result.checked.toLocaleString('en-US')} customers (${Math.round(result.checked / elapsed).toLocaleString('en-US')}/s); ` +
        `${result.candidates} decrypted as candidates, ${result.rescreened} re-screened; planted variants found: ${found}/${planted.size}`,
    );
    console.log(`peak RSS ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`);
  } finally {
    await close();
  }
}

await main();
