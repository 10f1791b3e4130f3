import { describe, expect, it } from 'vitest';
import { boundedDistance } from './similarity.js';
import { letterSet } from './keys.js';
import { bitCount, repeatedLetters } from './vocabulary.js';

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

describe('repeatedLetters', () => {
  it('sets one bit per letter a–z met twice or more', () => {
    expect(repeatedLetters('muhammad')).toBe(letterSet('ma'));
    expect(repeatedLetters('abc')).toBe(0);
    expect(repeatedLetters('zz1z')).toBe(1 << 25);
  });

  it('with letterSet, never tells apart more letters than the edits between two words can change', () => {
    const random = (seed: number) => () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const next = random(11);
    const word = (length: number) => Array.from({ length }, () => 'aabmnr'[Math.floor(next() * 6)]).join('');
    for (let i = 0; i < 2000; i++) {
      const a = word(6 + Math.floor(next() * 6));
      const b = word(6 + Math.floor(next() * 6));
      const edits = boundedDistance(a, b, 2);
      if (edits > 2) continue;
      const apart = bitCount(letterSet(a) ^ letterSet(b)) + bitCount(repeatedLetters(a) ^ repeatedLetters(b));
      expect(apart, `${a} ${b}`).toBeLessThanOrEqual(2 * edits);
    }
    // Letters present alone let this pair through; their counts do not.
    expect(bitCount(letterSet('abcdefgh') ^ letterSet('aabbccdd'))).toBeLessThanOrEqual(4);
    expect(bitCount(letterSet('abcdefgh') ^ letterSet('aabbccdd')) + bitCount(repeatedLetters('abcdefgh') ^ repeatedLetters('aabbccdd'))).toBeGreaterThan(4);
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
