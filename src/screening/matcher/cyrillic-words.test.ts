import { describe, expect, it } from 'vitest';
import { cyrillicWordReading } from './cyrillic-words.js';
import { DEFAULT_THRESHOLD, ScreeningIndex } from './matcher.js';

describe('cyrillicWordReading spells the Cyrillic words foreign names are often written with', () => {
  it('spells each word the table knows as it mostly writes, whatever its case and ё', () => {
    expect(cyrillicWordReading('Жак Ширак')).toMatch(/^jacques \S+$/);
    expect(cyrillicWordReading('УИЛЬЯМ')).toBe('william');
  });

  it('gives nothing for a name whose letters already read as lists spell it, or one it knows no word of', () => {
    // владимир transliterates to vladimir: the table leaves it out.
    expect(cyrillicWordReading('Владимир')).toBeNull();
    expect(cyrillicWordReading('Ббббб')).toBeNull();
  });
});

describe('ScreeningIndex.search reads a foreign name in Cyrillic by its words too', () => {
  const index = ScreeningIndex.build([
    {
      id: 'ofac:c1',
      list: 'ofac',
      entity: { sourceId: 'c1', type: 'person', names: [{ full: 'William JACQUES', kind: 'primary' }], dates: [], countries: [], identifiers: [], addresses: [], cryptoAddresses: [], programs: [], topics: [], listedAt: null, remarks: null },
    },
  ]);

  it('finds Уильям Жак, whose letters alone read uilyam zhak', () => {
    const m = index.search({ name: 'Уильям Жак' })[0];
    expect(m?.entityId).toBe('ofac:c1');
    expect(m!.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });
});
