import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects, testVigil } from '../../test/helpers/targets.js';
import type { Vigil } from '../app/composition.js';
import { inSavepoint } from './commit-work.js';

const targets = await dialects();

describe.each(targets)('transactions on %s', (dialect) => {
  let vigil: Vigil;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ vigil, close } = await testVigil(dialect));
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
});
