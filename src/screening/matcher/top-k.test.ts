import { describe, expect, it } from 'vitest';
import { TopK } from './top-k.js';

describe('TopK', () => {
  it.each([
    [[0.5, 0.9, 0.1, 0.7, 0.3], 3, [1, 3, 0]],
    [[0.5, 0.9], 3, [1, 0]],
    [[0.2, 0.2, 0.2], 0, []],
  ])('keeps the best of %j (k = %i) best first', (scores, k, expected) => {
    const top = new TopK(16);
    top.reset(k);
    scores.forEach((s, id) => top.offer(id, s));
    expect(top.drain()).toEqual(expected);
  });

  it('tells whether a score would still be kept', () => {
    const top = new TopK(4);
    top.reset(2);
    top.offer(1, 0.5);
    expect(top.accepts(0.1)).toBe(true);
    top.offer(2, 0.6);
    expect(top.accepts(0.4)).toBe(false);
    expect(top.accepts(0.55)).toBe(true);
  });

  it('keeps the right items over a long stream', () => {
    const top = new TopK(64);
    top.reset(10);
    const scores = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 1000);
    scores.forEach((s, id) => top.offer(id, s));
    const expected = scores.map((s, id) => ({ s, id })).sort((a, b) => b.s - a.s).slice(0, 10).map((x) => x.id);
    expect(top.drain()).toEqual(expected);
  });
});
