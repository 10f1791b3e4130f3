import { describe, expect, it } from 'vitest';
import { arabicWordReading } from './arabic-words.js';
import { DEFAULT_THRESHOLD, ScreeningIndex } from './matcher.js';

describe('arabicWordReading spells the Arabic-script words foreign names are often written with', () => {
  it('spells each word the table knows as it mostly writes, whatever its vowel marks and alef', () => {
    expect(arabicWordReading('غييرمو فالنسيا')).toMatch(/^guillermo \S+$/);
    expect(arabicWordReading('خوسيه')).toBe('jose');
    expect(arabicWordReading('خُوسِيه')).toBe('jose');
  });

  it('leaves other words as they are, and gives nothing for a name it knows no word of', () => {
    expect(arabicWordReading('خوسيه زززز')).toBe('jose زززز');
    expect(arabicWordReading('زززز')).toBeNull();
    expect(arabicWordReading('Jose')).toBeNull();
  });
});

describe('ScreeningIndex.search reads a foreign name in Arabic script by its words too', () => {
  const index = ScreeningIndex.build([
    {
      id: 'ofac:g1',
      list: 'ofac',
      entity: { sourceId: 'g1', type: 'person', names: [{ full: 'Guillermo VALENCIA', kind: 'primary' }], dates: [], countries: [], identifiers: [], addresses: [], cryptoAddresses: [], programs: [], topics: [], listedAt: null, remarks: null },
    },
  ]);

  it('finds غييرمو فالنسيا, whose letters alone read gyyrmw falnsya', () => {
    const m = index.search({ name: 'غييرمو فالنسيا' })[0];
    expect(m?.entityId).toBe('ofac:g1');
    expect(m!.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(m!.explanation.alignment).toContainEqual(expect.objectContaining({ query: 'guillermo', candidate: 'guillermo' }));
  });
});
