import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync, type fsync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { isVigilError } from '../core/errors.js';
import { openDatabase } from './database.js';
import { WalSync } from './wal-sync.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-wal-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** An fsync whose completions the test releases by hand, counting the calls. */
function heldFsync() {
  const waiting: Array<(err: Error | null) => void> = [];
  const fn = ((_fd: number, cb: (err: Error | null) => void) => waiting.push(cb)) as unknown as typeof fsync;
  return { fn, waiting, calls: () => waiting.length };
}

describe('the write-ahead log sync', () => {
  it('answers a caller only with a sync that started after it asked, and shares one such sync among all who asked meanwhile', async () => {
    const file = join(tempDir(), 'db-wal');
    writeFileSync(file, 'frames');
    const held = heldFsync();
    const wal = new WalSync(file, held.fn);
    const answered: string[] = [];
    const first = wal.sync().then(() => answered.push('first'));
    const second = wal.sync().then(() => answered.push('second'));
    const third = wal.sync().then(() => answered.push('third'));
    expect(held.calls()).toBe(1);
    held.waiting[0]!(null);
    await first;
    await new Promise((r) => setImmediate(r));
    // The first sync may have started before the others' commits were written: they wait for another.
    expect(answered).toEqual(['first']);
    expect(held.calls()).toBe(2);
    held.waiting[1]!(null);
    await Promise.all([second, third]);
    expect(answered).toEqual(['first', 'second', 'third']);
    await wal.settled();
    wal.close();
  });

  it('fails every later sync once one failed, with a code and the file, since the disk may have dropped what it reported written', async () => {
    const file = join(tempDir(), 'db-wal');
    writeFileSync(file, 'frames');
    const held = heldFsync();
    const wal = new WalSync(file, held.fn);
    const first = wal.sync();
    held.waiting[0]!(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    const err = await first.catch((e: unknown) => e);
    expect(isVigilError(err) && err.code).toBe('DATABASE_SYNC_FAILED');
    expect((err as Error).message).toContain(file);
    await expect(wal.sync()).rejects.toBe(err);
    await expect(wal.settled()).rejects.toBe(err);
    expect(held.calls()).toBe(1);
    wal.close();
  });

  it('reports a log file it cannot open as a failed sync', async () => {
    const wal = new WalSync(join(tempDir(), 'missing-wal'));
    await expect(wal.sync()).rejects.toMatchObject({ code: 'DATABASE_SYNC_FAILED' });
    expect(wal.failure).not.toBeNull();
  });
});

describe('SQLite checkpoints', () => {
  it('are made by a worker thread, not by commits, once a store has been open a while, and the store closes cleanly', async () => {
    const dataDir = tempDir();
    const config = loadConfig({ env: { VIGIL_DATA_DIR: dataDir, VIGIL_LOG_LEVEL: 'silent' }, cwd: dataDir });
    const database = await openDatabase(config, { sqliteFile: 'checkpoints.db' });
    const file = join(dataDir, 'checkpoints.db');
    try {
      const autocheckpoint = async () => (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db)).rows[0]?.wal_autocheckpoint;
      expect(await autocheckpoint()).toBe(1000);
      // A store open for a while hands its checkpoints to the worker.
      const handedOver = Date.now() + 20_000;
      while ((await autocheckpoint()) !== 0 && Date.now() < handedOver) await new Promise((r) => setTimeout(r, 100));
      expect(await autocheckpoint()).toBe(0);
      await database.transaction(async (trx) => {
        await sql`create table blobs (id integer primary key, data blob)`.execute(trx);
        for (let i = 0; i < 64; i++) await sql`insert into blobs (data) values (randomblob(65536))`.execute(trx);
      });
      // 4 MiB went into the log; only a checkpoint copies them into the database file.
      const deadline = Date.now() + 20_000;
      while (statSync(file).size < 4 * 1024 * 1024 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(statSync(file).size).toBeGreaterThanOrEqual(4 * 1024 * 1024);
      await database.durable();
    } finally {
      await database.close();
    }
    // The last connection to close removes the log: the worker's connection was closed too.
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('hand a store whose files were deleted back to its own commits, and it still closes', async () => {
    const dataDir = tempDir();
    const config = loadConfig({ env: { VIGIL_DATA_DIR: dataDir, VIGIL_LOG_LEVEL: 'silent' }, cwd: dataDir });
    const database = await openDatabase(config, { sqliteFile: 'gone.db' });
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const autocheckpoint = async () => (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db)).rows[0]?.wal_autocheckpoint;
      const until = async (want: number) => {
        const deadline = Date.now() + 20_000;
        while ((await autocheckpoint()) !== want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        return autocheckpoint();
      };
      expect(await until(0)).toBe(0);
      await database.transaction(async (trx) => {
        await sql`create table t (x)`.execute(trx);
      });
      // Long enough for the worker to have copied the log: with nothing left to copy, its
      // checkpoints succeed on a deleted file, and only looking for the file tells.
      await new Promise((r) => setTimeout(r, 400));
      // A test's clean-up (or an operator) removing the directory while the store is open.
      rmSync(dataDir, { recursive: true, force: true });
      expect(await until(1000)).toBe(1000);
      expect(warnings.some((w) => w.message.includes('gone.db'))).toBe(true);
    } finally {
      process.off('warning', onWarning);
      await database.close();
    }
  });
});
