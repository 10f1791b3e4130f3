import { describe, expect, it } from 'vitest';
import { boundedDistance } from './similarity.js';
import { bitCount, letterSet } from './vocabulary.js';

describe('letterSet', () => {
  it('never tells apart more letters than two edits can change, so it rules out no word two edits away', () => {
    const pairs: Array<[string, string]> = [
      ['bicentebraio', 'bicentenario'],
      ['muhanmsd', 'muhammad'],
      ['internaiona', 'international'],
      ['karvsian', 'karbasian'],
      ['qwxzabcd', 'abcdefgh'],
    ];
    for (const [a, b] of pairs) {
      const within = boundedDistance(a, b, 2) <= 2;
      if (within) expect(bitCount(letterSet(a) ^ letterSet(b))).toBeLessThanOrEqual(4);
    }
    expect(bitCount(letterSet('qwxzabcd') ^ letterSet('abcdefgh'))).toBeGreaterThan(4);
  });

  it('sets one bit per distinct letter a–z and ignores other characters', () => {
    expect(letterSet('aab')).toBe(0b11);
    expect(letterSet('z')).toBe(1 << 25);
    expect(letterSet('é1-')).toBe(0);
  });
});

describe('bitCount', () => {
  it.each([
    [0, 0],
    [1, 1],
    [0b1011, 3],
    [-1, 32],
    [(1 << 25) | 1, 2],
  ])('%i has %i bits set', (x, n) => {
    expect(bitCount(x)).toBe(n);
  });
});
