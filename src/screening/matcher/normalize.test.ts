import { describe, expect, it } from 'vitest';
import type { NameHint } from './name-rules.js';
import { normalizeName } from './normalize.js';

/** The normalised words of each form, `~` marking abjad (vowel-poor) words. */
const words = (name: string, hint: NameHint = 'unknown') =>
  normalizeName(name, hint).map((f) => f.tokens.map((t) => `${t.text}${t.vowelPoor ? '~' : ''}`).join(' '));

describe('normalizeName, step by step', () => {
  it('drops a birth remark left in a person\'s name field', () => {
    expect(words('Mohammad Ishaq Akhund born in 1963', 'person')).toEqual(['mohammad ishaq akhund']);
    expect(words('Khirullah Said Wali Khairkhwa, born in Kandahar on 01 Jan.1967', 'person')).toEqual(['khir allah said wali khairkhwa']);
    expect(words('Reborn Industries', 'other')).toEqual(['reborn industries']);
  });

  it.each([
    // 1. NFKC: full-width letters and ligatures.
    ['ＡＢＣ ﬁnance', 'abc finance'],
    // 5. Diacritics and non-Latin alphabets through any-ascii.
    ['Ștefan Müller Łódź', 'stefan muller lodz'],
    ['Владимир Путин', 'vladimir putin'],
    ['Αλέξανδρος', 'alexandros'],
    ['Джохар', 'jokhar'], // дж is the j of a foreign name (Dzhokhar → Jokhar)
    // 5. Han: one pinyin syllable per character, not "XiJinPing".
    ['习近平', 'xi jin ping'],
    // 5. Hangul: one syllable per block; the surname as lists spell it.
    ['김정은', 'gim jeong eun'],
    ['이민호', 'lee min ho'],
    // 5. Arabic: letter by letter, article split off, known name words spelt out.
    ['صدام حسين التكريتي', 'saddam hussein al tkryty~'],
    ['عبد الله', 'abdullah'],
    ['نورالدين', 'nur din'],
    // One article per word: الالفي is al-Alfi, not al-al-Fi.
    ['عبد الله الالفي', 'abdullah al alfy~'],
    // A frequent given name run into the next word is split off it.
    ['نظر محمدعبد البصير', 'nvr~ mohammed abdul bsyr~'],
    // So is بن (son of) from a known name it is written onto, but not from other words.
    ['بنحسين', 'bin hussein'],
    ['بنك', 'bnk~'],
    ['بنو', 'bnw~'],
    // عبدالله without the article's alef.
    ['عبدلله', 'abdullah'],
    // Chaudhry in Urdu letters, h before or after the d.
    ['چوہدری', 'chaudhry'],
    ['چودھری', 'chaudhry'],
    // An alef with hamza starts a word of its own, not the article: إلياس is Ilyas, not al-Yas.
    ['إلياس', 'alyas~'],
    ['ألبر', 'albr~'],
    // و and ل written onto the article come off it: wa-l-Muslimin, li-l-Sarafa (ل goes).
    ['والمسلمين', 'wa al mslmyn~'],
    ['للصرافة', 'al srafh~'],
    // Not before a stem of two letters, nor ب ف ك, which open foreign names: Wali, Palacios.
    ['والي', 'waly~'],
    ['جيش المهاجرين و الأنصار', 'jys~ al mhajryn~ wa al ansar~'], // a lone و is the particle wa
    ['بالاسيوس', 'balasyws~'],
    // تش is a foreign ch (Chaudhry), read as چ.
    ['تشودري', 'kwdry~'],
    // 5. Hebrew: letter by letter, known names spelt out.
    ['משה', 'moshe'],
    // 6. Punctuation: apostrophes and dots join, other marks separate, letters and digits split.
    ["O'Brien", 'obrien'],
    ['Al-Qaida', 'al qaida'],
    ['No.8 Hoshikaze Maru', 'no 8 hoshikaze maru'],
    ['Fendrake & Mollory', 'fendrake and mollory'],
    ["Espoir d'Abidjan", 'espoir abidjan'],
    // 6. Camel case glued words come apart, McDonald does not.
    ['GroupeDiarraImportExport', 'groupe diarra import export'],
    ['McDonald', 'mcdonald'],
    // 7. Runs of single letters join.
    ['N. K. Bansal', 'nk bansal'],
  ])('%s → %s', (name, expected) => {
    expect(words(name)[0]).toBe(expected);
  });

  it('turns a former name in brackets into an alternative form and drops other remarks', () => {
    expect(words('Ocean Pioneer (ex-Cape Diamond)', 'other')).toEqual(['ocean pioneer', 'cape diamond']);
    expect(words('Muheza Sisal Estates Ltd (Korogwe Branch)', 'other')).toEqual(['muheza sisal estates ltd']);
  });

  it('also reads a Cyrillic х as the Spanish j and the Arabic h it writes (Хосе Jose, Хасан Hasan)', () => {
    // (and, having a г, as a Ukrainian name: ukrainian.ts)
    expect(words('Хосе Рауль Вега')).toEqual(['khose raul vega', 'jose raul vega', 'hose raul vega', 'khose raul veha']);
    expect(words('Хасан')).toEqual(['khasan', 'jasan', 'hasan']);
    expect(words('Владимир Путин')).toEqual(['vladimir putin']);
  });

  it('spells katakana out as a foreign name, with and without the vowels Japanese adds', () => {
    // ヴィクトル is a word written often, and mostly as Viktor: no l reading of it without the vowels.
    expect(words('ヴィクトル・ボウト')).toEqual(['vikutoru bouto', 'vikutolu bouto', 'viktor bout']);
  });

  it('also spells Hangul out as Korean writes foreign names, after its block-by-block reading', () => {
    const forms = words('쿠르트 발트하임');
    expect(forms[0]).toBe('ku leu teu bal teu ha im');
    expect(forms).toEqual(expect.arrayContaining(['kurt balthaim', 'kult valthaim']));
    // A Korean name written as one word is read block by block only, in Revised Romanisation and
    // in McCune-Reischauer as North Korean names are listed; not as a foreign name.
    expect(words('김정은')).toEqual(['gim jeong eun', 'kim jong un']);
  });

  it('drops a leading party label', () => {
    expect(words('BENEFICIARY: Kalliosaari Trading Oy', 'other')).toEqual(['kalliosaari trading oy']);
  });

  it('marks later comma parts of a company name as annotations, not of a person name', () => {
    const company = normalizeName("MV Fraternité des Mers, port d'Abidjan", 'other')[0]!.tokens;
    expect(company.filter((t) => t.annotation).map((t) => t.text)).toEqual(['port', 'abidjan']);
    const person = normalizeName('HUSSEIN AL-TIKRITI, Saddam', 'person')[0]!.tokens;
    expect(person.some((t) => t.annotation)).toBe(false);
  });

  it('marks a word joined to the next by a hyphen, and moves the mark to the end of a compound the rules make', () => {
    const hyphened = (name: string) => normalizeName(name, 'other')[0]!.tokens.filter((t) => t.hyphened).map((t) => t.text);
    expect(hyphened('Wirra-long Downs')).toEqual(['wirra']);
    expect(hyphened('Abd-Allah Azzam Trading')).toEqual([]);
    expect(hyphened('Abd Allah-Azzam Trading')).toEqual(['abdullah']);
  });

  it('also takes a part after a spaced dash or c/o as an annotation of a company name', () => {
    const annotated = (name: string) => normalizeName(name, 'other')[0]!.tokens.filter((t) => t.annotation).map((t) => t.text);
    expect(annotated('Coastline Agro Supplies Ltd - Malindi Branch')).toEqual(['malindi', 'branch']);
    expect(annotated('Rancho Vercel Importadora S.A. de C.V. c/o Aduanas Pedraza, Nuevo Laredo')).toEqual(['aduanas', 'pedraza', 'nuevo', 'laredo']);
    // A hyphen inside a word is no such break.
    expect(annotated('Mbeki-Sandoval Environmental Services LLC')).toEqual([]);
  });

  it('flags words from abjads as vowel-poor, and Latin ones not', () => {
    const tokens = normalizeName('مزاحم صعب')[0]!.tokens;
    expect(tokens.every((t) => t.vowelPoor)).toBe(true);
    expect(normalizeName('Muzahim')[0]!.tokens[0]!.vowelPoor).toBe(false);
  });

  it('returns no form for a name with no letters or digits', () => {
    expect(normalizeName(' -- ')).toEqual([]);
  });
});
