import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/helpers/clock.js';
import { startReceiver } from '../../test/helpers/receiver.js';
import { dialects, freshStore, openVigil, type TestStore } from '../../test/helpers/targets.js';
import type { Vigil } from '../app/composition.js';
import type { Executor } from '../db/executor.js';
import { backoffMs } from './webhook-dispatcher.js';
import { verifySignature } from './signature.js';

const targets = await dialects();

describe('backoffMs', () => {
  it.each([
    [1, 10_000],
    [2, 20_000],
    [5, 160_000],
    [30, 3_600_000],
  ])('waits about base·2^(attempt-1), capped: attempt %i → %i ms', (attempt, expected) => {
    expect(backoffMs(attempt, 10_000, 3_600_000, () => 0.5)).toBe(expected);
    expect(backoffMs(attempt, 10_000, 3_600_000, () => 0)).toBe(Math.round(expected * 0.8));
  });
});

describe.each(targets)('webhooks on %s', (dialect) => {
  let store: TestStore;
  let vigil: Vigil;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock(new Date());
    store = await freshStore(dialect, { VIGIL_WEBHOOKS_MAX_ATTEMPTS: '3', VIGIL_WEBHOOKS_TIMEOUT_MS: '2000' });
    vigil = await openVigil(store, { clock });
  });
  afterEach(async () => {
    await vigil.close();
    await store.cleanup();
  });

  const tx = <T>(fn: (trx: Executor) => Promise<T>) => vigil.database.transaction(fn);

  async function emitDecision(subject = 'customer:1') {
    return tx((trx) => vigil.events.emit(trx, { type: 'decision.recorded', subject, payload: { decisionId: 'dec_1' } }));
  }

  it('delivers a subscribed event once, signed, with a stable event id', async () => {
    const receiver = await startReceiver();
    try {
      const endpoint = await tx((trx) => vigil.webhooks.create(trx, { url: receiver.url, events: ['decision.*'] }, 'test'));
      await tx((trx) => vigil.webhooks.create(trx, { url: receiver.url, events: ['api_key.created'] }, 'test'));
      const eventId = await emitDecision();
      expect(await vigil.dispatcher.runOnce()).toBe(1);
      expect(await vigil.dispatcher.runOnce()).toBe(0);
      expect(receiver.received).toHaveLength(1);
      const got = receiver.received[0]!;
      expect(got.headers['vigil-event-id']).toBe(eventId);
      expect(verifySignature(endpoint.secret, got.body, String(got.headers['vigil-signature']), Math.floor(Date.now() / 1000))).toBe(true);
      expect(verifySignature('whsec_wrong_secret_value', got.body, String(got.headers['vigil-signature']), Math.floor(Date.now() / 1000))).toBe(false);
      expect(JSON.parse(got.body)).toMatchObject({ id: eventId, type: 'decision.recorded', subject: 'customer:1', data: { decisionId: 'dec_1' } });
      const log = await vigil.webhooks.deliveries(vigil.database.db, endpoint.id, 10);
      expect(log[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200 });
    } finally {
      await receiver.close();
    }
  });

  it('fans an event out to endpoints created or disabled earlier in the same transaction', async () => {
    const first = await tx((trx) => vigil.webhooks.create(trx, { url: 'http://127.0.0.1:9/a', events: ['decision.*'] }, 'test'));
    const { second, e1, e2 } = await tx(async (trx) => {
      // Events are written at the commit, yet each goes to the endpoints subscribed when it was emitted.
      const e1 = await vigil.events.emit(trx, { type: 'decision.recorded', subject: 'customer:1', payload: {} });
      const second = await vigil.webhooks.create(trx, { url: 'http://127.0.0.1:9/b', events: ['decision.*'] }, 'test');
      await vigil.webhooks.update(trx, first.id, { status: 'disabled' }, 'test');
      const e2 = await vigil.events.emit(trx, { type: 'decision.recorded', subject: 'customer:2', payload: {} });
      return { second, e1, e2 };
    });
    const eventsTo = async (id: string) => (await vigil.webhooks.deliveries(vigil.database.db, id, 10)).map((d) => d.eventId).sort();
    expect(await eventsTo(first.id)).toEqual([e1]);
    expect(await eventsTo(second.id)).toEqual([e2]);
  });

  it.skipIf(dialect !== 'sqlite')('sends each event of a group commit to the endpoints subscribed when its transaction emitted it, and a rolled-back change to none', async () => {
    const first = await tx((trx) => vigil.webhooks.create(trx, { url: 'http://127.0.0.1:9/a', events: ['decision.*'] }, 'test'));
    const emit = (subject: string) => tx((trx) => vigil.events.emit(trx, { type: 'decision.recorded', subject, payload: {} }));
    // Queued together, they share one commit, each in its own savepoint, in this order.
    const [e1, undone, e2, disabled, e3] = await Promise.allSettled([
      emit('customer:1'),
      tx(async (trx) => {
        await vigil.webhooks.update(trx, first.id, { status: 'disabled' }, 'test');
        throw new Error('this change is rolled back');
      }),
      emit('customer:2'),
      tx((trx) => vigil.webhooks.update(trx, first.id, { status: 'disabled' }, 'test')),
      emit('customer:3'),
    ]);
    expect([undone.status, disabled.status]).toEqual(['rejected', 'fulfilled']);
    const id = (r: PromiseSettledResult<string>) => (r as PromiseFulfilledResult<string>).value;
    const delivered = (await vigil.webhooks.deliveries(vigil.database.db, first.id, 10)).map((d) => d.eventId).sort();
    expect(delivered).toEqual([id(e1), id(e2)].sort());
    expect(e3.status).toBe('fulfilled');
  });

  it('retries a failing receiver with backoff and gives up after the configured attempts', async () => {
    const receiver = await startReceiver([500, 503, 500]);
    try {
      const endpoint = await tx((trx) => vigil.webhooks.create(trx, { url: receiver.url, events: ['*'] }, 'test'));
      await emitDecision();
      expect(await vigil.dispatcher.runOnce()).toBe(1);
      expect(await vigil.dispatcher.runOnce()).toBe(0); // not due yet
      clock.advance(13_000);
      expect(await vigil.dispatcher.runOnce()).toBe(1);
      clock.advance(30_000);
      expect(await vigil.dispatcher.runOnce()).toBe(1);
      clock.advance(3_600_000);
      expect(await vigil.dispatcher.runOnce()).toBe(0);
      const [delivery] = await vigil.webhooks.deliveries(vigil.database.db, endpoint.id, 10);
      expect(delivery).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 500 });
      expect(delivery!.attemptLog.map((a) => a.statusCode)).toEqual([500, 503, 500]);
      expect(new Set(receiver.received.map((r) => r.headers['vigil-event-id'])).size).toBe(1);
    } finally {
      await receiver.close();
    }
  });

  it('records an unreachable receiver as a failed attempt and retries it', async () => {
    const receiver = await startReceiver();
    await receiver.close();
    const endpoint = await tx((trx) => vigil.webhooks.create(trx, { url: receiver.url, events: ['*'] }, 'test'));
    await emitDecision();
    await vigil.dispatcher.runOnce();
    const [delivery] = await vigil.webhooks.deliveries(vigil.database.db, endpoint.id, 10);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null });
    expect(delivery!.lastError).toBeTruthy();
  });

  it('emits nothing for a change that rolls back', async () => {
    const receiver = await startReceiver();
    try {
      await tx((trx) => vigil.webhooks.create(trx, { url: receiver.url, events: ['*'] }, 'test'));
      await expect(
        tx(async (trx) => {
          await vigil.events.emit(trx, { type: 'decision.recorded', subject: 's', payload: {} });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow();
      expect(await vigil.dispatcher.runOnce()).toBe(0);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it('delivers after a restart what was committed before a crash', async () => {
    const receiver = await startReceiver();
    try {
      await tx((trx) => vigil.webhooks.create(trx, { url: receiver.url, events: ['*'] }, 'test'));
      const eventId = await emitDecision();
      await vigil.close(); // the process dies before the dispatcher ran
      vigil = await openVigil(store, { clock });
      await vigil.dispatcher.runOnce();
      expect(receiver.received.map((r) => r.headers['vigil-event-id'])).toEqual([eventId]);
    } finally {
      await receiver.close();
    }
  });

  it('re-delivers a delivery whose sender died mid-attempt once its lease runs out', async () => {
    const receiver = await startReceiver();
    try {
      await tx((trx) => vigil.webhooks.create(trx, { url: receiver.url, events: ['*'] }, 'test'));
      await emitDecision();
      const now = clock.now();
      const { claimDue } = await import('./webhooks.store.js');
      const lease = new Date(now.getTime() + 10_000).toISOString();
      const claimed = await tx((trx) => claimDue(trx, vigil.database.caps, now.toISOString(), lease, 10));
      expect(claimed).toHaveLength(1);
      expect(await vigil.dispatcher.runOnce()).toBe(0); // leased elsewhere
      clock.advance(11_000);
      expect(await vigil.dispatcher.runOnce()).toBe(1);
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('stops delivering to disabled and deleted endpoints', async () => {
    const receiver = await startReceiver();
    try {
      const a = await tx((trx) => vigil.webhooks.create(trx, { url: receiver.url, events: ['*'] }, 'test'));
      const b = await tx((trx) => vigil.webhooks.create(trx, { url: receiver.url, events: ['*'] }, 'test'));
      await emitDecision();
      await tx((trx) => vigil.webhooks.update(trx, a.id, { status: 'disabled' }, 'test'));
      await tx((trx) => vigil.webhooks.remove(trx, b.id, 'test'));
      expect(await vigil.dispatcher.runOnce()).toBe(0);
      expect(receiver.received).toHaveLength(0);
      expect((await vigil.webhooks.list(vigil.database.db)).map((e) => e.id)).toEqual([a.id]);
      expect(await vigil.webhooks.deliveries(vigil.database.db, b.id, 10)).toMatchObject([{ status: 'cancelled' }]);
    } finally {
      await receiver.close();
    }
  });

  it('refuses bad URLs and unknown event types', async () => {
    await expect(tx((trx) => vigil.webhooks.create(trx, { url: 'ftp://x', events: ['*'] }, 't'))).rejects.toMatchObject({ code: 'WEBHOOK_URL_INVALID' });
    await expect(tx((trx) => vigil.webhooks.create(trx, { url: 'not a url', events: ['*'] }, 't'))).rejects.toMatchObject({ code: 'WEBHOOK_URL_INVALID' });
    await expect(tx((trx) => vigil.webhooks.create(trx, { url: 'https://x.test', events: ['nope.thing'] }, 't'))).rejects.toMatchObject({
      code: 'WEBHOOK_EVENT_UNKNOWN',
    });
  });
});
