import { describe, expect, it } from 'vitest';
import { translateArabicWords } from './arabic-translation.js';
import { normalizeName } from './normalize.js';

describe('translateArabicWords', () => {
  it.each([
    ['الدولة الإسلامية في العراق والشام', 'state islamic in iraq and levant'], // article, و and a hamza seat taken off
    ['جبهة النصرة لأهل الشام', 'front النصرة people levant'], // ل taken off a word without the article
    ['مكتب حنيفة للصرافة', 'office حنيفة exchange'], // لل taken off, the name left to transliteration
    ['شرکت کشتیرانی', 'company shipping'], // Persian letters
    ['شبکه حقانی', 'network حقانی'], // a final ه for ة
    ['جيش المهاجرين و الأنصار', 'army emigrants و supporters'], // words lists spell too (Jaysh al-Muhajirin wal-Ansar)
  ])('%s → %s', (name, expected) => {
    expect(translateArabicWords(name)).toEqual([expected]);
  });

  it('gives a second translation with the other English of a word lists translate two ways', () => {
    expect(translateArabicWords('الجماعة الاسلامية المغربية المقاتلة')).toEqual(['group islamic moroccan fighting', 'group islamic moroccan combatant']);
    // جزيرة العرب, the peninsula of the Arabs, is the Arabian Peninsula.
    expect(translateArabicWords('القاعدة في جزيرة العرب')).toEqual(['القاعدة in peninsula arabian', 'القاعدة in peninsula arab']);
  });

  it('returns null for a name with no word to translate', () => {
    expect(translateArabicWords('صدام حسين التكريتي')).toBeNull();
    expect(translateArabicWords('Hanifa Exchange')).toBeNull();
  });
});

describe('normalizeName searches an Arabic organisation name translated too', () => {
  const forms = (name: string, hint: 'person' | 'other' | 'unknown') => normalizeName(name, hint).map((f) => f.tokens.map((t) => t.text).join(' '));

  it('adds the translated form after the transliterated one, except for a person', () => {
    expect(forms('مكتب حنيفة للصرافة', 'other')).toEqual(['mktb hnyfh al srafh', 'office hnyfh exchange']);
    expect(forms('مكتب حنيفة للصرافة', 'person')).toEqual(['mktb hnyfh al srafh']);
  });
});
