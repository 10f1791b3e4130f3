import { describe, expect, it } from 'vitest';
import type { AppendedRange, StoredEvent } from './events.store.js';
import { FreshEvents } from './fresh-events.js';

const event = (seq: number): StoredEvent => ({ seq, eventId: `e${seq}`, type: 'account.login', customerId: 'cus_1', occurredAt: '2026-01-01T00:00:00.000Z', data: {}, receivedAt: '' });
/** A committed range: numbers after+1 … to, of which `stored` were stored (the rest duplicates). */
const range = (after: number, to: number, stored: number[] = Array.from({ length: to - after }, (_, i) => after + 1 + i)): AppendedRange => ({ after, to, events: stored.map(event) });
const seqs = (r: { events: StoredEvent[] } | null) => r?.events.map((e) => e.seq);

describe('events handed to the rule processor in memory', () => {
  it('are taken in number order while the ranges continue the cursor, past duplicates at a range end', () => {
    const fresh = new FreshEvents(100);
    fresh.add(range(0, 3, [1, 2]));
    fresh.add(range(3, 5));
    expect(fresh.take(0, 10)).toEqual({ events: [event(1), event(2), event(4), event(5)], to: 5 });
  });

  it('stop at the batch size and go on from where the cursor stands', () => {
    const fresh = new FreshEvents(100);
    fresh.add(range(0, 6));
    expect(fresh.take(0, 4)).toEqual({ events: [1, 2, 3, 4].map(event), to: 4 });
    expect(fresh.take(4, 4)).toEqual({ events: [event(5), event(6)], to: 6 });
  });

  it('are not used across a gap: numbers no held range covers may hold another node’s events', () => {
    const fresh = new FreshEvents(100);
    fresh.add(range(2, 4));
    expect(fresh.take(0, 10)).toBeNull();
    fresh.add(range(0, 1));
    // 1 is held, 2 is not: the batch stops before the gap.
    expect(seqs(fresh.take(0, 10))).toEqual([1]);
    expect(seqs(fresh.take(2, 10))).toEqual([3, 4]);
  });

  it('line up when their commits are reported out of order', () => {
    const fresh = new FreshEvents(100);
    fresh.add(range(2, 4));
    fresh.add(range(0, 2));
    expect(seqs(fresh.take(0, 10))).toEqual([1, 2, 3, 4]);
  });

  it('are dropped, not piled up, when the processor falls behind by more than the limit', () => {
    const fresh = new FreshEvents(5);
    fresh.add(range(0, 4));
    fresh.add(range(4, 8));
    expect(fresh.size).toBe(4);
    expect(fresh.take(0, 10)).toBeNull();
  });

  it('let a batch read from the store reach past a held range’s trailing duplicates, so the next range lines up', () => {
    const fresh = new FreshEvents(100);
    fresh.add(range(0, 5, [1, 2, 3]));
    fresh.add(range(5, 7));
    expect(fresh.reach(3)).toBe(5);
    expect(seqs(fresh.take(5, 10))).toEqual([6, 7]);
    // A read that stopped inside a range with events still to come reaches only its last event.
    fresh.add(range(7, 10));
    expect(fresh.reach(8)).toBe(8);
  });
});
