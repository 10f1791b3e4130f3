import { describe, expect, it } from 'vitest';
import { expandAbd, type NameHint } from './name-rules.js';
import { normalizeName } from './normalize.js';
import { canonical, groupsOneEditFrom } from './variants.js';

/** Words with their role when it is not `name`, and their variant group when it differs. */
const rendered = (name: string, hint: NameHint = 'unknown') =>
  normalizeName(name, hint)[0]!.tokens.map((t) => `${t.text}${t.canon !== t.text ? `=${t.canon}` : ''}${t.role === 'name' ? '' : `/${t.role}`}`).join(' ');

describe('legal forms', () => {
  it.each([
    ['Pellbrook Cold Storage LLC', 'pellbrook cold storage llc/legal'],
    ['Tessaline Trade OOO', 'tessaline trade ooo/legal'],
    ['Olvetra GmbH', 'olvetra gmbh/legal'],
    ['Harrowfield Bearings Ltd.', 'harrowfield bearings ltd/legal'],
    ['Pellbrook Cold Storage, Limited Liability Company', 'pellbrook cold storage limited/legal liability/legal company/legal'],
    ['Bursztynowa Przystań Sp. z o.o.', 'bursztynowa przystan sp/legal z/legal oo/legal'],
    ['Rancho Vercel Importadora S.A. de C.V.', 'rancho vercel importadora sa/legal de/legal cv/legal'],
    ['株式会社霜月水産', 'zhu/legal shi/legal hui/legal she/legal shuang yue shui chan=chen'],
  ])('%s → %s', (name, expected) => {
    expect(rendered(name, 'other')).toBe(expected);
  });

  it('reads short legal forms only on company names, not on persons', () => {
    expect(rendered('Banco Nacional SA', 'other')).toBe('banco=bank nacional=national sa/legal');
    expect(rendered('Li Sa', 'person')).toBe('li=lee sa');
  });
});

describe('titles, particles, prefixes and numbers', () => {
  it.each<[string, NameHint, string]>([
    ['Dr. Mohd. Ali', 'unknown', 'dr/prefix mohd=mohammed ali'],
    ['Sheikh Yusuf al-Qaradawi', 'person', 'sheikh/prefix yusuf al/particle qaradawi'],
    ['Haji Muhammad Ashraf & Sons', 'other', 'haji muhammad=mohammed ashraf and/particle sons'],
    ['Ahmad bin Ali', 'person', 'ahmad=ahmed bin/particle ali'],
    ['MV Solenne Harbour', 'other', 'mv/prefix solenne harbour'],
    ['Hoshikaze Maru No. 8', 'other', 'hoshikaze maru no/prefix 8/number'],
    ['Brasskey Shipping Three Inc.', 'other', 'brasskey shipping three=3/number inc/legal'],
    ['Sino Iron II', 'other', 'sino iron 2/number'],
    ['Xi Jinping', 'person', 'xi=11 jinping'],
  ])('%s (%s) → %s', (name, hint, expected) => {
    expect(rendered(name, hint)).toBe(expected);
  });
});

describe('Abd compounds and name suffixes', () => {
  it.each([
    ['Abd al-Rahman', 'abdul rahman'],
    ['Abdul Rahman', 'abdul rahman'],
    ['Abdulrahman', 'abdul rahman'],
    ['Abdurrahman', 'abdul rahman'],
    ['Abdirahman', 'abdul rahman'],
    ['Abdel Aziz', 'abdul aziz'],
    ['Abd Allah', 'abdullah'],
    ['Abdallah', 'abdallah=abdullah'],
    ['Noureddine', 'nour=nur din'],
    ['Salahuddin', 'salah din'],
    ['Khayrallah', 'khayr allah'],
  ])('%s → %s', (name, expected) => {
    expect(rendered(name, 'person')).toBe(expected);
  });

  it.each([['abduul'], ['abddul'], ['abdullahh'], ['abdullax']])('leaves %s, a typo of Abdul or Abdullah, whole instead of cutting a fragment off', (text) => {
    expect(expandAbd([{ text, vowelPoor: false, syllable: false, segment: 0 }]).map((t) => t.text)).toEqual([text]);
  });

  it.each([['abdulali', 'abdul ali'], ['abdulahad', 'abdul ahad']])('still cuts %s, two edits from any spelling of Abdul or Abdullah', (text, expected) => {
    expect(expandAbd([{ text, vowelPoor: false, syllable: false, segment: 0 }]).map((t) => t.text).join(' ')).toBe(expected);
  });

  it('leaves a word that only starts like Abd alone when too little follows', () => {
    expect(expandAbd([{ text: 'abdin', vowelPoor: false, syllable: false, segment: 0 }]).map((t) => t.text)).toEqual(['abdin']);
    expect(expandAbd([{ text: 'abdrey', vowelPoor: false, syllable: false, segment: 0 }]).map((t) => t.text)).toEqual(['abdrey']); // Andrey mistyped
  });

  it.each([
    ['Adbullah', 'abdullah'],
    ['Adbollah', 'abdollah=abdullah'],
    ['Adbel Aziz', 'abdul aziz'],
    ['Abdeelkader', 'abdul kader=qadir'],
  ])('reads the typo %s (Adb for Abd, a doubled vowel before the article) as the compound → %s', (name, expected) => {
    expect(rendered(name, 'person')).toBe(expected);
  });
});

describe('spelling variants', () => {
  it.each([
    ['Muhammad', 'mohammed'],
    ['Mohd', 'mohammed'],
    ['Magomed', 'mohammed'],
    ['Husayn', 'hussein'],
    ['Yousef', 'yusuf'],
    ['Joseph', 'yusuf'],
    ['Abdel', 'abdul'],
    ['Oleksandr', 'aleksandr'],
    ['Gim', 'kim'],
    ['Bros', 'brothers'],
    ['Fratelli', 'brothers'],
    ['Intl', 'international'],
    ['Smith', 'smith'],
  ])('%s reads as %s', (word, expected) => {
    expect(canonical(word.toLowerCase())).toBe(expected);
  });
});

describe('variant groups a typo belongs to', () => {
  it.each([
    ['abdour', ['abdul']], // Abdur mistyped
    ['afdel', ['abdul', 'adel']], // Abdel or Adel mistyped
    ['yousaf', ['yusuf']],
    ['schen', []], // not across a first letter (Chen)
    ['yeon', []], // nor in a word of four letters
    ['abdul', []], // a spelling of its own group
  ])('%s → %j', (word, groups) => {
    expect(groupsOneEditFrom(word)).toEqual(groups);
  });
});
