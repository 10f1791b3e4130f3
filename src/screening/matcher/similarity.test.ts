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
