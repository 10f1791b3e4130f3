import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/helpers/clock.js';
import { dialects, testVigil } from '../../test/helpers/targets.js';
import type { Vigil } from '../app/composition.js';
import type { Executor } from '../db/executor.js';
import type { MutationRequest } from './idempotency.service.js';

const targets = await dialects();

describe.each(targets)('idempotency on %s', (dialect) => {
  let vigil: Vigil;
  let clock: ManualClock;
  let close: () => Promise<void>;
  beforeEach(async () => {
    clock = new ManualClock();
    ({ vigil, close } = await testVigil(dialect, { clock }));
  });
  afterEach(async () => close());

  const req = (key: string | undefined, body: unknown = { url: 'https://example.test/hook' }): MutationRequest => ({
    scope: 'key1',
    key,
    method: 'POST',
    path: '/v1/things',
    body,
  });

  let counter = 0;
  async function change(trx: Executor) {
    counter += 1;
    await vigil.audit.append(trx, { actor: 'test', action: 'thing.created', subject: `thing:${counter}` });
    return { status: 201, body: { seq: (await vigil.audit.head(trx)).seq } };
  }

  async function auditCount(): Promise<number> {
    return (await vigil.audit.head(vigil.database.db)).seq;
  }

  it('replays the stored response for the same key and body', async () => {
    const first = await vigil.idempotency.run(req('k1'), change);
    const second = await vigil.idempotency.run(req('k1'), change);
    expect(first).toEqual({ status: 201, body: { seq: 1 }, replayed: false });
    expect(second).toEqual({ status: 201, body: { seq: 1 }, replayed: true });
    expect(await auditCount()).toBe(1);
  });

  it('refuses the same key with a different body', async () => {
    await vigil.idempotency.run(req('k1'), change);
    await expect(vigil.idempotency.run(req('k1', { url: 'https://other.test' }), change)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await auditCount()).toBe(1);
  });

  it('keeps keys of different callers apart', async () => {
    await vigil.idempotency.run(req('k1'), change);
    const other = await vigil.idempotency.run({ ...req('k1'), scope: 'key2' }, change);
    expect(other.replayed).toBe(false);
    expect(await auditCount()).toBe(2);
  });

  it('runs concurrent duplicates once and answers all of them alike', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => vigil.idempotency.run(req('same'), change)));
    expect(await auditCount()).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
  });

  it('stores nothing when the change fails, so a retry runs it', async () => {
    await expect(
      vigil.idempotency.run(req('k1'), async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const retry = await vigil.idempotency.run(req('k1'), change);
    expect(retry.replayed).toBe(false);
  });

  it('keeps a key for its time to live and forgets it after', async () => {
    await vigil.idempotency.run(req('k1'), change);
    clock.advance(47 * 3_600_000);
    expect((await vigil.idempotency.run(req('k1'), change)).replayed).toBe(true);
    clock.advance(2 * 3_600_000);
    expect(await vigil.idempotency.purgeExpired()).toBe(1);
    expect((await vigil.idempotency.run(req('k1'), change)).replayed).toBe(false);
  });

  it('runs the change again under an expired key nobody purged yet, and replays the new answer after', async () => {
    const first = await vigil.idempotency.run(req('k1'), change);
    clock.advance(49 * 3_600_000);
    const again = await vigil.idempotency.run(req('k1'), change);
    expect(again.replayed).toBe(false);
    expect(await auditCount()).toBe(2);
    expect(again.body).not.toEqual(first.body);
    const replay = await vigil.idempotency.run(req('k1'), change);
    expect(replay).toEqual({ ...again, replayed: true });
    expect(await auditCount()).toBe(2);
  });

  it('rejects malformed keys', async () => {
    await expect(vigil.idempotency.run(req('has space'), change)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_INVALID' });
    await expect(vigil.idempotency.run(req('x'.repeat(256)), change)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_INVALID' });
  });
});
