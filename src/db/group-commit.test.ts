import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshStore, type TestStore } from '../../test/helpers/targets.js';
import { openDatabase } from './database.js';
import type { Database } from './executor.js';
import { migrateToLatest } from './migrate.js';

/** SQLite runs transactions queued behind a running one under one commit; each stays all-or-nothing. */
describe('SQLite group commit', () => {
  let store: TestStore;
  let database: Database;
  beforeEach(async () => {
    store = await freshStore('sqlite');
    database = await openDatabase(store.config);
    await migrateToLatest(database);
  });
  afterEach(async () => {
    await database.close();
    await store.cleanup();
  });

  const put = (key: string) => (trx: Parameters<Parameters<Database['transaction']>[0]>[0]) =>
    trx.insertInto('intel_state').values({ id: Number(key), reload_seq: 0, requested_at: key }).execute().then(() => key);
  const ids = async () => (await database.db.selectFrom('intel_state').select('id').orderBy('id').execute()).map((r) => r.id);

  it('commits every member of a group, rolls back only the one that failed, and reports each outcome', async () => {
    const outcomes = await Promise.allSettled([
      database.transaction(put('10')),
      database.transaction(async (trx) => {
        await put('11')(trx);
        throw new Error('this one changes its mind');
      }),
      database.transaction(put('12')),
      database.transaction(put('10')), // duplicate key: fails alone
      database.transaction(put('13')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await ids()).toEqual([1, 10, 12, 13]);
  });

  it('runs many concurrent transactions to the same end state as one at a time', async () => {
    const bump = () => database.transaction(async (trx) => {
      const row = await trx.selectFrom('intel_state').select('reload_seq').where('id', '=', 1).executeTakeFirstOrThrow();
      await trx.updateTable('intel_state').set({ reload_seq: row.reload_seq + 1 }).where('id', '=', 1).execute();
      return row.reload_seq + 1;
    });
    const seen = await Promise.all(Array.from({ length: 200 }, bump));
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });
});
