import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { dialects, freshStore, PG_URL, type TestStore } from '../../test/helpers/targets.js';
import { loadConfig } from '../config/config.js';
import { openDatabase } from './database.js';
import type { Database } from './executor.js';

const targets = await dialects();

describe.skipIf(!targets.includes('postgres'))('prepared statements on postgres', () => {
  const opened: Array<{ store: TestStore; database: Database<unknown> }> = [];
  afterEach(async () => {
    for (const { store, database } of opened.splice(0)) {
      await database.close();
      await store.cleanup();
    }
  });

  async function open(preparedStatements: boolean) {
    const store = await freshStore('postgres');
    const config = loadConfig({ env: { VIGIL_DATA_DIR: store.dataDir, VIGIL_DATABASE_URL: PG_URL, VIGIL_DATABASE_PREPARED_STATEMENTS: String(preparedStatements) }, cwd: store.dataDir });
    const database = await openDatabase<unknown>(config, { pgSchema: store.pgSchema! });
    opened.push({ store, database });
    await sql`create table t (id int primary key, a int not null)`.execute(database.db);
    return database;
  }

  const prepared = async (conn: Kysely<unknown>) =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements order by prepare_time`.execute(conn)).rows.map((r) => r.statement);

  it('leaves a batch of many values unnamed, however often it runs', async () => {
    const database = await open(true);
    await database.db.connection().execute(async (conn) => {
      for (let batch = 0; batch < 3; batch++) {
        const rows = Array.from({ length: 125 }, (_, i) => sql`(${batch * 1000 + i}, ${i})`);
        await sql`insert into t (id, a) values ${sql.join(rows)}`.execute(conn);
      }
      expect(await prepared(conn)).toEqual([]);
      expect((await sql<{ n: number }>`select count(*)::int as n from t`.execute(conn)).rows).toEqual([{ n: 375 }]);
    });
  });

  it('prepares a statement the connection runs again, but not one that reads *', async () => {
    const database = await open(true);
    await database.db.connection().execute(async (conn) => {
      for (let i = 1; i <= 3; i++) {
        await sql`insert into t (id, a) values (${i}, ${i * 10})`.execute(conn);
        await sql`select * from t where id = ${i}`.execute(conn);
      }
      expect(await prepared(conn)).toEqual(['insert into t (id, a) values ($1, $2)']);
      // A prepared statement answers as the unnamed one did.
      expect((await sql<{ a: number }>`select a from t where id = ${2}`.execute(conn)).rows).toEqual([{ a: 20 }]);
      expect((await sql<{ a: number }>`select a from t where id = ${3}`.execute(conn)).rows).toEqual([{ a: 30 }]);
      expect(await prepared(conn)).toContain('select a from t where id = $1');
    });
  });

  it('prepares anew a statement whose plan a schema change made stale, after failing once', async () => {
    const database = await open(true);
    await sql`insert into t (id, a) values (1, 7)`.execute(database.db);
    await database.db.connection().execute(async (conn) => {
      const read = () => sql<{ a: unknown }>`select a from t where id = ${1}`.execute(conn);
      await read();
      expect((await read()).rows).toEqual([{ a: 7 }]);
      const other = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${opened[0]!.store.pgSchema}` });
      await other.connect();
      await other.query('alter table t alter column a type text');
      await other.end();
      await expect(read()).rejects.toMatchObject({ code: '0A000' });
      expect((await read()).rows).toEqual([{ a: '7' }]);
      expect((await read()).rows).toEqual([{ a: '7' }]);
    });
  });

  it('prepares nothing when turned off (for poolers that drop them)', async () => {
    const database = await open(false);
    await database.db.connection().execute(async (conn) => {
      for (let i = 1; i <= 3; i++) await sql`insert into t (id, a) values (${i}, ${i})`.execute(conn);
      expect(await prepared(conn)).toEqual([]);
    });
  });
});
