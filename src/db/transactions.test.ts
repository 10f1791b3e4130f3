import SQLite from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects, freshStore, testVigil } from '../../test/helpers/targets.js';
import type { Vigil } from '../app/composition.js';
import { atCommit, inSavepoint, staged } from './commit-work.js';
import { openDatabase } from './database.js';
import type { Schema } from './schema.js';

const targets = await dialects();

describe.each(targets)('transactions on %s', (dialect) => {
  let vigil: Vigil;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ vigil, close } = await testVigil(dialect, {}, { VIGIL_SQLITE_BUSY_TIMEOUT_MS: '200' }));
  });
  afterEach(async () => close());

  const policy = (i: number) => ({ seq: i + 1, version: `v${i}`, source: 'test', document: '{}', applied_at: '2026-01-01T00:00:00.000Z', applied_by: 'test' });
  const versions = async () => (await vigil.database.db.selectFrom('policies').select('version').orderBy('version').execute()).map((r) => r.version);

  it('many at once each commit their own changes, and one that fails takes only its own with it', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        vigil.database.transaction(async (trx) => {
          await trx.insertInto('policies').values(policy(i)).execute();
          await vigil.audit.append(trx, { actor: 'test', action: 'policy.stored', subject: `policy:v${i}` });
          if (i % 7 === 3) throw new Error(`change ${i} failed`);
          return i;
        }),
      ),
    );
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
    expect(failed).toEqual([3, 10, 17, 24]);
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual(
      Array.from({ length: 30 }, (_, i) => i).filter((i) => !failed.includes(i)),
    );
    expect(await versions()).toEqual(Array.from({ length: 30 }, (_, i) => i).filter((i) => !failed.includes(i)).map((i) => `v${i}`).sort());
    // The audit chain holds one record per committed change, unbroken.
    const audit = await vigil.audit.list(vigil.database.db, { action: 'policy.stored', limit: 100 });
    expect(audit.map((r) => r.subject).sort()).toEqual((await versions()).map((v) => `policy:${v}`).sort());
    expect(await vigil.audit.verify(vigil.database.db)).toMatchObject({ ok: true });
  });

  it('writes a transaction’s audit records in the order they were appended, and a read of the head inside it sees them', async () => {
    const head = await vigil.database.transaction(async (trx) => {
      for (const s of ['a', 'b', 'c']) await vigil.audit.append(trx, { actor: 'test', action: 'ordered', subject: s });
      return vigil.audit.head(trx);
    });
    const records = await vigil.audit.list(vigil.database.db, { action: 'ordered', limit: 10 });
    expect(records.map((r) => r.subject)).toEqual(['a', 'b', 'c']);
    expect(head.seq).toBe(records[2]!.seq);
    expect(await vigil.audit.verify(vigil.database.db)).toMatchObject({ ok: true, checked: head.seq });
  });

  it('links a transaction’s audit records onto the chain however many it made (several inserts)', async () => {
    await vigil.database.transaction(async (trx) => {
      for (let i = 0; i < 1201; i++) await vigil.audit.append(trx, { actor: 'test', action: 'bulk', subject: `item:${i}` });
    });
    const records = await vigil.audit.list(vigil.database.db, { action: 'bulk', limit: 2000 });
    expect(records).toHaveLength(1201);
    expect(await vigil.audit.verify(vigil.database.db)).toMatchObject({ ok: true });
  });

  it('undoes a failed savepoint’s changes and audit records alone; the rest of the transaction commits', async () => {
    await vigil.database.transaction(async (trx) => {
      await trx.insertInto('policies').values(policy(1)).execute();
      await vigil.audit.append(trx, { actor: 'test', action: 'kept', subject: 'before' });
      await expect(
        inSavepoint(trx, 'part', async () => {
          await trx.insertInto('policies').values(policy(2)).execute();
          await vigil.audit.append(trx, { actor: 'test', action: 'undone', subject: 'inside' });
          throw new Error('part failed');
        }),
      ).rejects.toThrow('part failed');
      await inSavepoint(trx, 'part', async () => {
        await trx.insertInto('policies').values(policy(3)).execute();
        await vigil.audit.append(trx, { actor: 'test', action: 'kept', subject: 'after' });
      });
    });
    expect(await versions()).toEqual(['v1', 'v3']);
    expect((await vigil.audit.list(vigil.database.db, { action: 'kept', limit: 10 })).map((r) => r.subject)).toEqual(['before', 'after']);
    expect(await vigil.audit.list(vigil.database.db, { action: 'undone', limit: 10 })).toEqual([]);
    expect(await vigil.audit.verify(vigil.database.db)).toMatchObject({ ok: true });
  });

  it('writes work kept for the commit once per commit, after every transaction sharing it, and drops a failed one’s share', async () => {
    const KIND = Symbol('test commit work');
    const flushes: string[][] = [];
    const record = async (items: string[]) => void flushes.push([...items]);
    const seenBefore: string[][] = [];
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        vigil.database.transaction(async (trx) => {
          seenBefore.push([...staged<string, Schema>(trx, KIND)]);
          atCommit(trx, KIND, record)!.push(`t${i}`);
          await inSavepoint(trx, 'nested', async () => {
            atCommit(trx, KIND, record)!.push(`t${i}-inner`);
          });
          if (i % 5 === 2) throw new Error(`transaction ${i} failed`);
        }),
      ),
    );
    expect(results.map((r) => r.status === 'rejected')).toEqual(Array.from({ length: 12 }, (_, i) => i % 5 === 2));
    const written = flushes.flat();
    const kept = [0, 1, 3, 4, 5, 6, 8, 9, 10, 11];
    expect(written.sort()).toEqual(kept.flatMap((i) => [`t${i}`, `t${i}-inner`]).sort());
    // SQLite commits transactions that queue up together as one group: fewer flushes than transactions,
    // and a later transaction of a group sees what earlier ones staged. PostgreSQL commits each alone.
    if (dialect === 'sqlite') {
      expect(flushes.length).toBeLessThan(kept.length);
      expect(seenBefore.some((s) => s.length > 0)).toBe(true);
    } else {
      expect(flushes).toHaveLength(kept.length);
    }
  });

  it('drops commit work added inside a savepoint that rolls back, and keeps what came before it', async () => {
    const KIND = Symbol('test commit work');
    let written: string[] = [];
    await vigil.database.transaction(async (trx) => {
      const list = () => atCommit(trx, KIND, async (items: string[]) => void (written = [...items]))!;
      list().push('before');
      await expect(
        inSavepoint(trx, 'part', async () => {
          list().push('inside');
          throw new Error('part failed');
        }),
      ).rejects.toThrow('part failed');
      list().push('after');
      expect(staged<string, Schema>(trx, KIND)).toEqual(['before', 'after']);
    });
    expect(written).toEqual(['before', 'after']);
  });

  it('stores personal data put within a transaction when it commits, shows it to reads within it, and drops it when it rolls back', async () => {
    const ctx = { actor: 'test', purpose: 'test' };
    await vigil.database.transaction(async (trx) => {
      await vigil.vault.put('cus_kept', { fullName: 'Ada Lovelace', email: 'ada@example.org' }, trx);
      await vigil.vault.put('cus_kept', { email: null, phone: '+447700900123' }, trx);
      expect(await vigil.vault.read('cus_kept', null, ctx)).toEqual({});
      expect(await vigil.vault.read('cus_kept', null, ctx, trx)).toEqual({ fullName: 'Ada Lovelace', phone: '+447700900123' });
      expect(await vigil.vault.read('cus_kept', ['fullName'], ctx, trx)).toEqual({ fullName: 'Ada Lovelace' });
    });
    expect(await vigil.vault.read('cus_kept', null, ctx)).toEqual({ fullName: 'Ada Lovelace', phone: '+447700900123' });
    await expect(
      vigil.database.transaction(async (trx) => {
        await vigil.vault.put('cus_dropped', { fullName: 'Charles Babbage' }, trx);
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    expect(await vigil.vault.read('cus_dropped', null, ctx)).toEqual({});
  });

  it.runIf(dialect === 'sqlite')('says which lock and timeout it waited on when another process keeps writing', async () => {
    const other = new SQLite(join(vigil.config.dataDir, 'vigil.db'));
    other.exec('begin immediate');
    try {
      const started = Date.now();
      await expect(vigil.database.transaction((trx) => trx.insertInto('policies').values(policy(0)).execute())).rejects.toMatchObject({ code: 'DATABASE_BUSY', context: { busyTimeoutMs: 200 } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    } finally {
      other.exec('rollback');
      other.close();
    }
    // The lock released, the next transaction goes through.
    await vigil.database.transaction((trx) => trx.insertInto('policies').values(policy(1)).execute());
  });
});

describe.skipIf(!targets.includes('postgres'))('opening a new PostgreSQL schema', () => {
  it('succeeds for every node when several open it at once', async () => {
    const store = await freshStore('postgres');
    try {
      // Each node creates its schema (and the vault's) when it opens: on a new database they race.
      const opened = await Promise.allSettled(Array.from({ length: 8 }, () => openDatabase(store.config, { pgSchema: store.pgSchema! })));
      const failures = opened.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason));
      expect(failures).toEqual([]);
      for (const o of opened) if (o.status === 'fulfilled') await o.value.close();
    } finally {
      await store.cleanup();
    }
  });
});
