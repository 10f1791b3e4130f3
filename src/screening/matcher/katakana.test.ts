import { describe, expect, it } from 'vitest';
import { hasKatakana, katakanaReadings } from './katakana.js';

describe('katakanaReadings spells katakana as Japanese writes foreign names', () => {
  it.each([
    // The vowels Japanese adds to close a consonant drop: after u-row kana before a consonant or at the end…
    ['ペスコフ', ['pesukofu', 'peskof']],
    ['ジャクソン', ['jakuson', 'jakson']],
    // …the first syllable only where it opens a cluster (Smith, Trump), so ムハンマド keeps mu…
    ['スミス', ['sumisu', 'smis']],
    ['ムハンマド', ['muhanmado', 'muhanmad', 'mujanmad']],
    // …an added o only at the end (Viktor keeps its o), chi only at the end (-vich)
    ['ヴィクトル', ['vikutoru', 'vikutolu', 'viktor', 'viktol']],
    ['ミロシェヴィッチ', ['miroshevichi', 'miloshevichi', 'miroshevich', 'miloshevich']],
    // A vowel before ッ or ー is the name's own: Bush keeps its u, and shu at the end is sh.
    ['ブッシュ', ['bushu', 'bush']],
    // Small kana set the syllable (ニョ nyo, ティ ti, ファ fa); r is also read as l.
    ['カニョーニ', ['kanyoni']],
    ['ティファニー', ['tifani']],
    ['ロヨラ', ['royora', 'loyola']],
    // A final long a is the -er, -ar, -or of English names.
    ['ミラー', ['mira', 'mila', 'mirar', 'milar']],
  ])('%s → %j', (name, readings) => {
    expect(katakanaReadings(name, { words: false })).toEqual(readings);
  });

  it('lets each word of a name read r or l on its own once the added vowels are gone', () => {
    const readings = katakanaReadings('マリア・テレサ', { words: false });
    expect(readings).toEqual(expect.arrayContaining(['maria teresa', 'malia teresa', 'maria telesa', 'malia telesa']));
    expect(readings).toHaveLength(4);
    // Past four words with an r, the others keep r (at most 16 mixes, 21 readings in all); only
    // the reading with l throughout has them with l.
    const many = katakanaReadings('ラ・リ・ル・レ・ロ・ラ');
    expect(many.length).toBeLessThanOrEqual(21);
    expect(many.filter((r) => r.endsWith('lo la'))).toEqual(['la li lu le lo la']);
  });

  it('also reads an h of the ha row and a first fu as the Spanish j Japanese writes with them, not the h of sh or ch', () => {
    expect(katakanaReadings('ホセ・フアン', { words: false })).toEqual(['hose fuan', 'jose juan']);
    expect(katakanaReadings('アフア')).toEqual(['afua']); // a fu inside a word stays f
    expect(katakanaReadings('シャキーラ')).not.toContain('sjakila');
  });

  it('spells a word written often as it mostly writes, in every mix when it mostly writes one spelling', () => {
    // ジャクソン writes jackson (name-words.table.ts), which stands for its r and l mixes.
    expect(katakanaReadings('ジャクソン')).toEqual(['jakuson', 'jackson']);
    // マリア writes maria; テレサ teresa and theresa, so it keeps its mixes and adds a reading
    // with its second spelling.
    expect(katakanaReadings('マリア・テレサ')).toEqual(['maria teresa', 'malia telesa', 'maria telesa', 'maria theresa']);
    // アリ writes Ary, Arri and Harit (learnt from names written so), none mostly: its l stays.
    expect(katakanaReadings('アリ・エル')).toContain('ali el');
  });

  it('reads the middle dot as a space and leaves other scripts to the rest of normalisation', () => {
    expect(katakanaReadings('ヴィクトル・ボウト')).toContain('viktor bout');
    expect(katakanaReadings('Dr ダリン', { words: false })).toEqual(['Dr darin', 'Dr dalin']);
    expect(hasKatakana('ひらがな 漢字 Latin')).toBe(false);
  });
});
