import { describe, expect, it } from 'vitest';
import { SYLLABLE_MARK } from './cyrillic-foreign.js';
import { hangulKoreanReading, hangulReadings, hasHangul } from './hangul-foreign.js';
import { DEFAULT_THRESHOLD, ScreeningIndex, type IndexedEntity } from './matcher.js';

describe('hangulReadings spells Hangul as Korean writes foreign names', () => {
  it.each([
    // The ㅡ Korean adds to close a consonant drops (쿠르트 ku-reu-teu → kurt), ㄹ reads r and l…
    ['쿠르트 발트하임', ['kurt balthaim', 'kult balthaim', 'kurt valthaim']],
    // …ㅂ also v, and 블라 (beul-la) is the cluster vl…
    ['블라디미르', ['bladimir', 'vladimir', 'vladimil']],
    // …a word-final 치 is -ch (자술리치 → -lich), and ㅈ also z.
    ['미하일 자술리치', ['mihail zasulich', 'mihail jasulich']],
    // 에이 is English a, 아이 German ei; open ㅓ is English schwa (애덤스 Adams), ㅚ German ö.
    ['제임스 맨골드', ['jams mangold']],
    ['아인슈타인', ['einshtain', 'ainshtein']],
    ['애덤스', ['adams']],
    ['게르하르트 슈퇴크', ['gerhard shtok', 'gerhart shtok']],
    // A first syllable keeps its ㅡ unless it opens a cluster: 르클레르 is Leclerc, 크루즈 Cruz.
    ['르클레르', ['lekler', 'recler']],
    ['크루즈', ['kruz', 'cruz']],
    // Frequent names whose Latin spelling keeps letters Korean does not hear come from a table.
    ['존 스미스', ['john smith']],
    ['스티븐 킹', ['stephen king', 'steven king']],
    // Korean writes Japanese k, t at the start as ㄱ, ㄷ, and つ as 쓰: one reading for that.
    ['가토 나쓰키', ['kato natsuki']],
    ['삿사 나리마사', ['sassa narimasa']],
    // 세 after a number is a ruler's ordinal.
    ['루이 15세', ['louis xv']],
  ])('%s → %j among its readings', (name, readings) => {
    expect(hangulReadings(name)).toEqual(expect.arrayContaining(readings));
  });

  it('puts every word\'s likeliest spelling first and keeps to 16 readings', () => {
    expect(hangulReadings('타티야나 레베데바')[0]).toBe('tatiyana rebedeba');
    expect(hangulReadings('타티야나 레베데바')).toContain('tatiyana lebedeva');
    const long = hangulReadings('블라디미르 블라디미로비치 레베데프 크리스토퍼');
    expect(long.length).toBeLessThanOrEqual(16);
    expect(long[0]).toBe('bladimir bladimirobich rebedep christopher');
  });

  it('leaves a Korean name written as one word to the block-by-block reading', () => {
    expect(hangulReadings('김정은')).toEqual([]);
    expect(hangulReadings('남궁민')).toEqual([]);
    // Four syllables, or one with the ㅡ Korean adds to a foreign consonant, is read as foreign.
    expect(hangulReadings('스미스')).toContain('smith');
  });

  it('never spells a word as one letter, which would read as an initial or a numeral', () => {
    expect(hangulReadings('소누 아이').every((r) => r.split(' ').every((w) => w.length > 1))).toBe(true);
  });

  it('leaves other scripts to the rest of normalisation', () => {
    expect(hangulReadings('Dr 쿠르트')[0]).toBe('Dr kurt');
    expect(hangulReadings('Kurt Waldheim')).toEqual([]);
    expect(hasHangul('ひらがな 漢字 Latin')).toBe(false);
    expect(hasHangul('김정은')).toBe(true);
  });
});

describe('Korean names read in McCune-Reischauer as North Korean names are listed', () => {
  const person = (id: string, name: string): IndexedEntity => ({
    id: `ofac:${id}`,
    list: 'ofac',
    entity: { sourceId: id, type: 'person', names: [{ full: name, kind: 'primary' }], dates: [], countries: [], identifiers: [], addresses: [], cryptoAddresses: [], programs: [], topics: [], listedAt: null, remarks: null },
  });
  const index = ScreeningIndex.build([person('1', 'KIM Yo Jong'), person('2', 'CHOE Ryong Hae'), person('3', 'RI Pyong Chol'), person('4', 'Jung Jong KIM')]);

  it.each([
    ['김여정', 'ofac:1'],
    ['김 여정', 'ofac:1'],
    ['최룡해', 'ofac:2'],
    ['최 룡해', 'ofac:2'],
    ['리병철', 'ofac:3'],
    ['리 병철', 'ofac:3'],
  ])('%s → %s, written with or without a space', (name, expected) => {
    const found = index.search({ name });
    expect(found[0]?.entityId).toBe(expected);
    expect(found[0]!.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it.each([
    ['Ri Pyongchol', 'ofac:3'],
    ['Choe Ryonghae', 'ofac:2'],
    ['Kim Yojong', 'ofac:1'],
  ])('%s → %s: a given name written as one word in Latin letters', (name, expected) => {
    const found = index.search({ name });
    expect(found[0]?.entityId).toBe(expected);
    expect(found[0]!.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('spells each block as a syllable of its own, and leaves foreign names alone', () => {
    expect(hangulKoreanReading('김여정')?.split(/\s+/).filter(Boolean)).toEqual(['kim', 'yo', 'jong'].map((s) => SYLLABLE_MARK + s));
    expect(hangulKoreanReading('리 병철')?.split(/\s+/).filter(Boolean)).toEqual(['ri', 'pyong', 'chol'].map((s) => SYLLABLE_MARK + s));
    expect(hangulKoreanReading('쿠르트 발트하임')).toBeNull();
    expect(hangulKoreanReading('Kim Jong Un')).toBeNull();
    // Two blocks written as one word are mostly a foreign or Chinese name (나다 Nada).
    expect(hangulKoreanReading('나다')).toBeNull();
  });

  it('does not take a given name with its syllables swapped for the listed one', () => {
    const swapped = ScreeningIndex.build([person('5', 'Tong-ho KIM')]);
    expect(swapped.search({ name: '김동호' })[0]?.entityId).toBe('ofac:5');
    expect(swapped.search({ name: '김호동' })).toEqual([]);
  });
});
