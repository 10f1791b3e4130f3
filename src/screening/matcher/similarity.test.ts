import { describe, expect, it } from 'vitest';
import { allowedEdits, boundedDistance, jaro, jaroWinkler } from './similarity.js';

describe('jaroWinkler', () => {
  it.each([
    // Textbook values (Winkler 1990; Wikipedia's worked examples).
    ['martha', 'marhta', 0.961],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.813],
    ['jellyfish', 'smellyfish', 0.896],
    ['saddam', 'sadam', 0.961],
    ['same', 'same', 1],
    ['abc', 'xyz', 0],
    ['', 'abc', 0],
  ])('%s ~ %s = %f', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });

  it('is symmetric', () => {
    expect(jaroWinkler('hussein', 'husayn')).toBeCloseTo(jaroWinkler('husayn', 'hussein'), 10);
  });

  it('adds no prefix bonus to a weak Jaro score', () => {
    expect(jaroWinkler('abcxyz', 'abqrst')).toBe(jaro('abcxyz', 'abqrst'));
  });
});

describe('boundedDistance', () => {
  it.each([
    ['saddam', 'saddam', 2, 0],
    ['saddam', 'sadam', 2, 1],
    ['hussein', 'husein', 2, 1],
    ['martha', 'marhta', 2, 1], // adjacent transposition counts once
    ['kitten', 'sitting', 3, 3],
    ['kitten', 'sitting', 2, 3], // over the bound: bound + 1
    ['abc', 'abcdef', 2, 3], // length gap alone exceeds the bound
    ['', 'ab', 2, 2],
  ])('%s → %s within %i is %i', (a, b, max, expected) => {
    expect(boundedDistance(a, b, max)).toBe(expected);
  });
});

/** Words of a few letters from `alphabet`, and copies with up to four random edits: near and far pairs alike. */
function randomPairs(alphabet: string, count: number, seed: number): Array<[string, string]> {
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const letter = () => alphabet[Math.floor(next() * alphabet.length)]!;
  const pairs: Array<[string, string]> = [];
  for (let k = 0; k < count; k++) {
    const a = Array.from({ length: Math.floor(next() * (next() < 0.1 ? 70 : 14)) }, letter);
    const b = [...a];
    for (let e = Math.floor(next() * 5); e > 0; e--) {
      const at = Math.floor(next() * (b.length + 1));
      const r = next();
      if (r < 0.3) b.splice(at, 0, letter());
      else if (r < 0.6) b.splice(at, 1);
      else if (r < 0.8) b[at] = letter();
      else if (at + 1 < b.length) [b[at], b[at + 1]] = [b[at + 1]!, b[at]!];
    }
    pairs.push([a.join(''), b.join('')]);
  }
  return pairs;
}

/** Jaro as usually written: a scan of each window, matched positions marked in arrays. */
function plainJaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = Math.min(a.length, 64);
  const lb = Math.min(b.length, 64);
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  const ma: boolean[] = [];
  const mb: boolean[] = [];
  let m = 0;
  for (let i = 0; i < la; i++) {
    for (let j = Math.max(0, i - window); j <= Math.min(lb - 1, i + window); j++) {
      if (!mb[j] && a[i] === b[j]) {
        ma[i] = mb[j] = true;
        m++;
        break;
      }
    }
  }
  if (m === 0) return 0;
  let t = 0;
  for (let i = 0, j = 0; i < la; i++) {
    if (!ma[i]) continue;
    while (!mb[j]) j++;
    if (a[i] !== b[j++]) t++;
  }
  return (m / la + m / lb + (m - t / 2) / m) / 3;
}

/** Optimal-string-alignment distance over the whole matrix. */
function plainDistance(a: string, b: string): number {
  const la = Math.min(a.length, 64);
  const lb = Math.min(b.length, 64);
  const d = Array.from({ length: la + 1 }, (_, i) => Array.from({ length: lb + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= la; i++) {
    for (let j = 1; j <= lb; j++) {
      d[i]![j] = Math.min(d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), d[i - 1]![j]! + 1, d[i]![j - 1]! + 1);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[la]![lb]!;
}

describe('jaro and boundedDistance against their plain forms', () => {
  it.each(['ab', 'abcde', 'aeiourstmnh', 'abcdefghijklmnopqrstuvwxyz', 'abé'])('agree on random words over %s, long ones and non-ASCII included', (alphabet) => {
    for (const [a, b] of randomPairs(alphabet, 3000, alphabet.length)) {
      expect(jaro(a, b), `${a} ${b}`).toBe(plainJaro(a, b));
      const d = plainDistance(a, b);
      for (const max of [0, 1, 2, 3]) expect(boundedDistance(a, b, max), `${a} ${b} ${max}`).toBe(Math.min(d, max + 1));
    }
  });
});

describe('allowedEdits', () => {
  it.each([
    [2, 2, 0],
    [3, 3, 0], // Ali/Ala are two names
    [3, 4, 1], // Jos/Jose
    [5, 5, 1],
    [7, 7, 1], // Karimov/Kazemov: two edits in seven letters make another name
    [6, 8, 2], // Sokeda ~ Sociedad: a long word that lost letters to its typos
    [7, 8, 2], // Beigdes ~ Brigades
    [5, 8, 1],
    [8, 8, 2],
  ])('%i and %i letters allow %i edits', (shorter, longer, expected) => {
    expect(allowedEdits(shorter, longer)).toBe(expected);
  });
});
