import { describe, expect, it } from 'vitest';
import { canonical } from './variants.js';
import { initialSimilarity, tokenInfo, tokenSimilarity, unpackHow, unpackSim, type MatchHow } from './token-similarity.js';

const info = (text: string, vowelPoor = false) => tokenInfo(text, canonical(text), vowelPoor);
const compare = (a: string, b: string, aPoor = false) => {
  const packed = tokenSimilarity(info(a, aPoor), info(b));
  return packed === 0 ? null : { sim: unpackSim(packed), how: unpackHow(packed) };
};

describe('tokenSimilarity', () => {
  it.each<[string, string, MatchHow, number, number]>([
    ['saddam', 'saddam', 'exact', 1, 1],
    ['muhammad', 'mohammed', 'variant', 1, 1],
    ['sadam', 'saddam', 'romanisation', 0.94, 0.94], // a doubled letter is a romanisation choice
    ['husein', 'hussein', 'variant', 1, 1],
    ['el', 'al', 'variant', 1, 1], // one Arabic article (El-Sayed, Al-Sayed)
    ['tikrity', 'tikriti', 'romanisation', 0.94, 0.94],
    ['tikrita', 'tikriti', 'fuzzy', 0.9, 0.92],
    ['zhelvinsky', 'jelvinskiy', 'phonetic', 0.8, 0.88],
    ['karimi', 'karami', 'fuzzy', 0.85, 0.9],
    ['caro', 'karo', 'romanisation', 0.94, 0.94],
    ['yousouf', 'yusuf', 'romanisation', 0.94, 0.94],
  ])('%s ~ %s: %s in [%f, %f]', (a, b, how, low, high) => {
    const r = compare(a, b);
    expect(r?.how).toBe(how);
    expect(r!.sim).toBeGreaterThanOrEqual(low);
    expect(r!.sim).toBeLessThanOrEqual(high);
  });

  it.each([
    ['sdm', 'saddam', 0.92],
    ['tkryty', 'tikriti', 0.92],
    ['ms', 'ammash', 0.88],
    ['nsrh', 'nusrat', 0.88], // a ta marbuta (نصرة), which lists spell -at before another word
    ['jmaah', 'jamaat', 0.88],
  ])('matches the abjad spelling %s to %s by skeleton (%f)', (a, b, sim) => {
    expect(compare(a, b, true)).toEqual({ sim, how: 'skeleton' });
  });

  it.each([
    ['clayton', 'golden'], // same Double Metaphone code KLTN, nothing else alike
    ['khalid', 'claudia'],
    ['ali', 'ala'], // three letters may not change one
    ['8', '6'],
  ])('does not match %s and %s', (a, b) => {
    expect(compare(a, b)).toBeNull();
  });

  it('reads an abjad word opening with alif as a name opening with a vowel', () => {
    expect(compare('awsalh', 'saleh', true)).toBeNull(); // أوصالح is not Saleh
    expect(compare('amant', 'montoya', true)).toBeNull();
    expect(compare('abrahym', 'ibrahim', true)?.how).toBe('skeleton');
    expect(compare('astankzy', 'stanekzai', true)?.how).toBe('skeleton'); // alif carrying an s-cluster (Pashto)
  });

  it('costs a different first letter (Lelikov/Melikov are two names)', () => {
    expect(compare('lelikov', 'melikov')!.sim).toBeLessThan(compare('melikov', 'melikow')!.sim);
  });

  it('compares glued word pairs by spelling only', () => {
    expect(tokenSimilarity(info('daisylowe'), info('hdsl'), true)).toBe(0);
    expect(unpackHow(tokenSimilarity(info('jinping'), info('jinping'), true))).toBe('exact');
  });
});

describe('initialSimilarity', () => {
  it('lets an initial stand for a word it starts', () => {
    expect(unpackHow(initialSimilarity(info('j'), info('john')))).toBe('initial');
    expect(initialSimilarity(info('k'), info('john'))).toBe(0);
    expect(initialSimilarity(info('jo'), info('john'))).toBe(0);
  });
});
