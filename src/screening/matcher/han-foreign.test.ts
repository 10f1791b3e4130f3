import { describe, expect, it } from 'vitest';
import { hanForeignReadings, hanHeardSpellings, hanReadingSources, hanSpellings } from './han-foreign.js';
import { foldByEar } from './keys.js';

describe('hanSpellings spells a Han word back as the foreign name it writes', () => {
  it.each([
    // Added vowels go (ke-lu-sen, si-ji), and the characters of a syllable write runs of letters.
    ['克魯森', 'kruson'],
    ['卡德罗夫', 'kadrov'],
    ['米洛舍维奇', 'miloshevic'],
  ])('%s reads as %s among its likeliest spellings', (word, spelling) => {
    const found = hanSpellings(word);
    expect(found.map((s) => s.text)).toContain(spelling);
    expect(found.length).toBeLessThanOrEqual(3);
    // Likeliest first.
    expect(found.map((s) => s.logP)).toEqual([...found.map((s) => s.logP)].sort((a, b) => b - a));
  });

  it('spells a word written often as the spellings it mostly writes, before its characters do', () => {
    // Character by character 穆罕默德 is muhammerd and 豪爾赫 haulh.
    expect(hanSpellings('穆罕默德').map((s) => s.text).slice(0, 2)).toEqual(['mohamed', 'muhammad']);
    expect(hanSpellings('豪爾赫')[0]!.text).toBe('jorge');
    expect(hanSpellings('豪爾赫').length).toBeLessThanOrEqual(3);
  });

  it('spells a word of one character as the syllable it writes (丁 din of al-Din, 汗 Khan)', () => {
    expect(hanSpellings('丁').map((s) => s.text)).toContain('din');
    expect(hanSpellings('汗').map((s) => s.text)).toContain('khan');
  });

  it('reads one character the table lacks by its pinyin (庭 ting in 尼基庭 Nikitin)', () => {
    expect(hanSpellings('尼基庭').map((s) => s.text)).toContain('nikiting');
  });

  it('spells nothing for a character foreign names are not written with', () => {
    expect(hanSpellings('鑫')).toEqual([]);
    expect(hanSpellings('鑫鑫')).toEqual([]);
    expect(hanSpellings('Anna')).toEqual([]);
  });
});

describe('hanForeignReadings reads a name as a foreign one only when it looks like one', () => {
  it('reads a name whose words a dot separates, one word changed at a time, at most six readings', () => {
    const readings = hanForeignReadings('拉姆赞·卡德罗夫');
    expect(readings[0]).toBe(`${hanSpellings('拉姆赞')[0]!.text} ${hanSpellings('卡德罗夫')[0]!.text}`);
    expect(readings.length).toBeGreaterThan(1);
    expect(readings.length).toBeLessThanOrEqual(6);
    for (const r of readings.slice(1)) {
      const differs = r.split(' ').filter((w, i) => w !== readings[0]!.split(' ')[i]);
      expect(differs).toHaveLength(1);
    }
  });

  it('keeps words it cannot read as they are', () => {
    expect(hanForeignReadings('奥萨马·鑫·拉登')[0]).toMatch(/^\w+ 鑫 \w+$/);
    expect(hanForeignReadings('奥萨马·本·拉登')[0]).toMatch(/^\w+ ben \w+$/);
  });

  it('leaves a Chinese name of two or three characters to its pinyin reading', () => {
    expect(hanForeignReadings('王伟')).toEqual([]);
    expect(hanForeignReadings('张敏华')).toEqual([]);
    expect(hanForeignReadings('习近平')).toEqual([]);
  });
});

describe('hanHeardSpellings spells a Han word more widely, folded by ear, with what each spelling costs', () => {
  it('keeps less likely spellings beside the likeliest (溫 writes un too, 溫貝托 unberto ~ Umberto)', () => {
    const spellings = hanHeardSpellings('溫貝托');
    expect(spellings[0]).toEqual({ ear: foldByEar('winbeto'), regret: 0 });
    const umberto = spellings.find((s) => s.ear === foldByEar('umberto'));
    // About twenty times less likely than winbeto.
    expect(umberto?.regret).toBeGreaterThan(2);
    expect(umberto?.regret).toBeLessThan(4);
  });

  it('orders them by cost, each ear form once, none past the cut-off', () => {
    const spellings = hanHeardSpellings('卡爾特');
    expect(spellings.map((s) => s.ear)).toEqual([...new Set(spellings.map((s) => s.ear))]);
    expect(spellings.map((s) => s.regret)).toEqual([...spellings.map((s) => s.regret)].sort((a, b) => a - b));
    expect(spellings.every((s) => s.regret <= 6)).toBe(true);
    // 卡爾特 Cartes: kalte, one edit from the listed name by ear, is among them.
    expect(spellings.map((s) => s.ear)).toContain(foldByEar('kalte'));
  });

  it('spells nothing for a word that is not Han', () => {
    expect(hanHeardSpellings('Anna')).toEqual([]);
  });
});

describe('hanReadingSources tells which Han word each word of a reading spells', () => {
  it('maps every word of every reading back to its Han word', () => {
    const sources = hanReadingSources('拉姆赞·卡德罗夫');
    for (const reading of hanForeignReadings('拉姆赞·卡德罗夫')) {
      const [given, family] = reading.split(' ');
      expect(sources.get(given!)).toBe('拉姆赞');
      expect(sources.get(family!)).toBe('卡德罗夫');
    }
  });
});
