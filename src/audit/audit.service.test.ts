import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects, freshStore, openVigil, testVigil } from '../../test/helpers/targets.js';
import type { Vigil } from '../app/composition.js';

const targets = await dialects();

describe.each(targets)('audit chain on %s', (dialect) => {
  let vigil: Vigil;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ vigil, close } = await testVigil(dialect));
  });
  afterEach(async () => close());

  async function appendMany(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      await vigil.database.transaction((trx) =>
        vigil.audit.append(trx, { actor: 'test', action: 'thing.done', subject: `thing:${i}`, data: { i, nested: { b: 1, a: [i] } } }),
      );
    }
    // On PostgreSQL the records wait for the sequencer: the tests below change audit_log itself.
    await vigil.audit.link();
  }

  async function dropProtection(): Promise<void> {
    const db = vigil.database.db;
    if (dialect === 'sqlite') {
      await sql`DROP TRIGGER audit_log_no_update`.execute(db);
      await sql`DROP TRIGGER audit_log_no_delete`.execute(db);
    } else {
      await sql`DROP TRIGGER audit_log_append_only ON audit_log`.execute(db);
    }
  }

  it('links each record to the previous one and verifies intact', async () => {
    await appendMany(5);
    const records = await vigil.audit.list(vigil.database.db, { limit: 10 });
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records[0]!.prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < records.length; i++) expect(records[i]!.prevHash).toBe(records[i - 1]!.hash);
    const result = await vigil.audit.verify(vigil.database.db);
    expect(result).toMatchObject({ ok: true, checked: 5, head: { seq: 5, hash: records[4]!.hash } });
  });

  it('verifies an empty chain', async () => {
    expect(await vigil.audit.verify(vigil.database.db)).toMatchObject({ ok: true, checked: 0 });
  });

  it('refuses UPDATE and DELETE of audit rows in the database itself', async () => {
    await appendMany(2);
    const db = vigil.database.db;
    await expect(sql`UPDATE audit_log SET actor = 'mallory' WHERE seq = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE seq = 2`.execute(db)).rejects.toThrow(/append-only/);
    if (dialect === 'postgres') await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect((await vigil.audit.verify(db)).ok).toBe(true);
  });

  it('names the first changed record once the protection is dropped and one byte changes', async () => {
    await appendMany(4);
    await dropProtection();
    await sql`UPDATE audit_log SET data = replace(data, '"i":2', '"i":3') WHERE seq = 3`.execute(vigil.database.db);
    const result = await vigil.audit.verify(vigil.database.db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq: 3, reason: 'hash_mismatch' });
  });

  it('detects a deleted record and a truncated tail', async () => {
    await appendMany(4);
    await dropProtection();
    await sql`DELETE FROM audit_log WHERE seq = 2`.execute(vigil.database.db);
    expect((await vigil.audit.verify(vigil.database.db)).firstBroken).toMatchObject({ seq: 2, reason: 'seq_gap' });
  });

  it('detects a removed last record through the chain head', async () => {
    await appendMany(3);
    await dropProtection();
    await sql`DELETE FROM audit_log WHERE seq = 3`.execute(vigil.database.db);
    expect((await vigil.audit.verify(vigil.database.db)).firstBroken).toMatchObject({ seq: 3, reason: 'seq_gap' });
  });

  it('rolls an append back with the transaction that made it', async () => {
    await appendMany(1);
    await expect(
      vigil.database.transaction(async (trx) => {
        await vigil.audit.append(trx, { actor: 'test', action: 'x', subject: 's' });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    await appendMany(1);
    expect(await vigil.audit.verify(vigil.database.db)).toMatchObject({ ok: true, checked: 2 });
  });

  it('never forks the chain under concurrent appenders', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        vigil.database.transaction((trx) => vigil.audit.append(trx, { actor: 'test', action: 'concurrent', subject: `c:${i}` })),
      ),
    );
    expect(await vigil.audit.verify(vigil.database.db)).toMatchObject({ ok: true, checked: 40 });
  });

  it('lets audited transactions commit while another is still open, and links their records in the order they were written', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let appended!: () => void;
    const open = new Promise<void>((r) => (appended = r));
    const slow = vigil.database.transaction(async (trx) => {
      await vigil.audit.append(trx, { actor: 'test', action: 'slow', subject: 'slow:1' });
      appended();
      await held;
    });
    await open;
    if (dialect === 'postgres') {
      // The open transaction holds no chain lock: others commit past it, several records each.
      for (let i = 0; i < 3; i++) {
        await vigil.database.transaction(async (trx) => {
          await vigil.audit.append(trx, { actor: 'test', action: 'fast', subject: `fast:${i}`, data: { part: 1 } });
          await vigil.audit.append(trx, { actor: 'test', action: 'fast', subject: `fast:${i}`, data: { part: 2 } });
        });
      }
      expect((await vigil.audit.list(vigil.database.db, { limit: 10 })).map((r) => `${r.subject}/${JSON.parse(r.data).part}`)).toEqual(['fast:0/1', 'fast:0/2', 'fast:1/1', 'fast:1/2', 'fast:2/1', 'fast:2/2']);
    }
    release();
    await slow;
    const records = await vigil.audit.list(vigil.database.db, { limit: 10 });
    expect(records.map((r) => r.subject).at(-1)).toBe('slow:1');
    expect(await vigil.audit.verify(vigil.database.db)).toMatchObject({ ok: true, checked: records.length });
  });

  it.skipIf(dialect !== 'postgres')('links records another process left pending when it stopped', async () => {
    const db = vigil.database.db;
    // As a node that died after its commit and before its sequencer ran leaves them.
    await db.insertInto('audit_pending').values([1, 2].map((i) => ({ at: new Date().toISOString(), actor: 'test', action: 'orphan', subject: `orphan:${i}`, data: '{}' }))).execute();
    expect(await vigil.audit.verify(db)).toMatchObject({ ok: true, checked: 2, head: { seq: 2 } });
    expect((await vigil.audit.list(db, { limit: 10 })).map((r) => r.subject)).toEqual(['orphan:1', 'orphan:2']);
    expect(await db.selectFrom('audit_pending').select('id').execute()).toEqual([]);
  });

  it('signs checkpoints that verify against the chain and fail once history is rewritten', async () => {
    await appendMany(3);
    const checkpoint = await vigil.database.transaction((trx) => vigil.audit.checkpoint(trx, vigil.signingKey()));
    expect(checkpoint.seq).toBe(3);
    expect(await vigil.audit.verifyCheckpoint(vigil.database.db, checkpoint)).toMatchObject({ ok: true });

    await expect(vigil.audit.verifyCheckpoint(vigil.database.db, { ...checkpoint, hash: 'f'.repeat(64) })).rejects.toMatchObject({
      code: 'AUDIT_CHECKPOINT_INVALID',
    });

    await dropProtection();
    await sql`UPDATE audit_log SET hash = ${'e'.repeat(64)} WHERE seq = 3`.execute(vigil.database.db);
    expect(await vigil.audit.verifyCheckpoint(vigil.database.db, checkpoint)).toMatchObject({ ok: false, seq: 3 });
  });
});

describe.skipIf(!targets.includes('postgres'))('audit sequencer with two nodes on one PostgreSQL', () => {
  it('links every record of both nodes exactly once, each transaction’s in its order, into one intact chain', async () => {
    const store = await freshStore('postgres');
    const nodes = [await openVigil(store), await openVigil(store, { migrate: false })];
    try {
      // Both nodes write and run their sequencers at once: after each write, on a short sweep, and on reads.
      for (const node of nodes) node.audit.startLinking(5, () => undefined);
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          nodes[i % 2]!.database.transaction(async (trx) => {
            for (const part of [1, 2, 3]) await nodes[i % 2]!.audit.append(trx, { actor: `node-${i % 2}`, action: 'race', subject: `t:${i}`, data: { part } });
          }),
        ),
      );
      const db = nodes[0]!.database.db;
      const records = await nodes[1]!.audit.list(db, { action: 'race', limit: 1000 });
      expect(records).toHaveLength(180);
      expect(new Set(records.map((r) => `${r.subject}/${r.data}`)).size).toBe(180);
      const parts = new Map<string, number[]>();
      for (const r of records) parts.set(r.subject, [...(parts.get(r.subject) ?? []), (JSON.parse(r.data) as { part: number }).part]);
      for (const seen of parts.values()) expect(seen).toEqual([1, 2, 3]);
      expect(await nodes[0]!.audit.verify(db)).toMatchObject({ ok: true, checked: 180 });
      expect(await db.selectFrom('audit_pending').select('id').execute()).toEqual([]);
    } finally {
      for (const node of nodes) await node.close();
      await store.cleanup();
    }
  });
});
