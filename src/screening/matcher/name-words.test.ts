import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD, ScreeningIndex } from './matcher.js';
import { arabicWordReading, cyrillicWordReading } from './name-words.js';

const person = (id: string, name: string) => ({
  id: `ofac:${id}`,
  list: 'ofac',
  entity: { sourceId: id, type: 'person' as const, names: [{ full: name, kind: 'primary' as const }], dates: [], countries: [], identifiers: [], addresses: [], cryptoAddresses: [], programs: [], topics: [], listedAt: null, remarks: null },
});

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

describe('ScreeningIndex.search reads a foreign name in Arabic or Cyrillic script by its words too', () => {
  const index = ScreeningIndex.build([person('g1', 'Guillermo VALENCIA'), person('c1', 'William JACQUES')]);
  const best = (name: string) => index.search({ name })[0];

  it('finds غييرمو فالنسيا, whose letters alone read gyyrmw falnsya', () => {
    const m = best('غييرمو فالنسيا');
    expect(m?.entityId).toBe('ofac:g1');
    expect(m!.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(m!.explanation.alignment).toContainEqual(expect.objectContaining({ query: 'guillermo', candidate: 'guillermo' }));
  });

  it('finds Уильям Жак, whose letters alone read uilyam zhak', () => {
    const m = best('Уильям Жак');
    expect(m?.entityId).toBe('ofac:c1');
    expect(m!.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });
});
