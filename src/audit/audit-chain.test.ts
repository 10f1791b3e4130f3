import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../core/canonical-json.js';
import { recordHash, recordHashOfEncoded } from './audit-chain.js';

describe('recordHashOfEncoded', () => {
  it('hashes the bytes recordHash hashes, for data given as its canonical JSON', () => {
    const records = [
      { seq: 1, at: '2026-01-01T00:00:00.000Z', actor: 'key:abc', action: 'decision.recorded', subject: 'customer:cus_1', prevHash: '0'.repeat(64), data: {} },
      { seq: 9_007_199_254_740_991, at: 'x', actor: 'système "quoted" \\ \u2028', action: 'a.b', subject: 'ключ:é\u0000', prevHash: 'f'.repeat(64), data: { z: [1, 2.5, null, { b: true, a: 'ü' }], a: -0, m: 1e21 } },
    ];
    for (const r of records) expect(recordHashOfEncoded({ ...r, data: canonicalJson(r.data) })).toBe(recordHash(r));
  });
});
