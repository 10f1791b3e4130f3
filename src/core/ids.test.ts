import { describe, expect, it } from 'vitest';
import { newId, newUuid } from './ids.js';

const later = async () => new Promise((resolve) => setTimeout(resolve, 3));

describe('ids', () => {
  it('carry their prefix, 24 hex digits, and sort in the order they were minted', async () => {
    const first = newId('cus');
    await later();
    const second = newId('cus');
    expect(first).toMatch(/^cus_[0-9a-f]{24}$/);
    expect(second > first).toBe(true);
    // Within one millisecond they still differ.
    expect(new Set(Array.from({ length: 10_000 }, () => newId('x'))).size).toBe(10_000);
  });

  it('mints version 7 UUIDs, in time order', async () => {
    const first = newUuid();
    await later();
    const second = newUuid();
    for (const u of [first, second]) expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second > first).toBe(true);
    expect(parseInt(first.replace(/-/g, '').slice(0, 12), 16)).toBeLessThanOrEqual(Date.now());
  });
});
