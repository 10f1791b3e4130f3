import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD, ScreeningIndex } from './matcher.js';
import { listedEntity as entity } from './test-entities.js';

/**
 * A customer's full legal name against the shorter name a list gives (score.ts ADDED_WORD), and
 * titles in the query (query.ts isQueryTitle).
 */
const FIXTURE = [
  entity('sechin', 'person', ['Igor SECHIN']),
  entity('ivanov', 'person', ['Sergei IVANOV']),
  entity('guzman', 'person', ['Joaquin GUZMAN LOERA']),
  entity('hammadou', 'person', ['Abid HAMMADOU']),
  entity('mohamud', 'person', ['Ahmed Abdi AW-MOHAMUD']),
  entity('deripaska', 'person', ['Oleg Vladimirovich DERIPASKA']),
  entity('ali', 'person', ['Mohammed ALI']),
  entity('roman', 'person', ['Roman']),
  entity('mbbank', 'organization', ['MB BANK']),
  entity('golden', 'organization', ['GOLDEN STAR TRADING']),
  // Names sharing words with the ones above, so that no word is rare by being alone.
  entity('f1', 'person', ['Igor Petrovich SMIRNOV']),
  entity('f2', 'person', ['Sergei Ivanovich PETROV']),
  entity('f3', 'person', ['Joaquin LOPEZ']),
  entity('f4', 'person', ['Abid ALI']),
  entity('f5', 'person', ['Oleg IVANOV']),
  entity('f6', 'person', ['Mohamed Ahmed QAHIYE']),
];

const index = ScreeningIndex.build(FIXTURE);
/** Name score of `id` for the query (0 when not even retrieved), searched at threshold 0. */
const scoreOf = (name: string, id: string) => index.search({ name }, { threshold: 0, limit: 50 }).find((m) => m.entityId === `ofac:${id}`)?.score ?? 0;
const found = (name: string) => index.search({ name }).map((m) => m.entityId);

describe('a query naming a listed person with words added', () => {
  it.each([
    ['Igor Ivanovich Sechin', 'sechin'], // patronymic in the middle
    ['Sechin Igor Ivanovich', 'sechin'], // Russian order: a patronymic eases wherever it stands
    ['Sergei Borisovich Ivanov', 'ivanov'],
    ['Joaquin Archivaldo Guzman Loera', 'guzman'], // a middle given name
    ['Abid Mohamed Hammadou', 'hammadou'],
    ['Ygor Ivanovich Sechin', 'sechin'], // as does another romanisation
  ])('%s finds %s', (name, id) => {
    expect(scoreOf(name, id)).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(found(name)).toContain(`ofac:${id}`);
  });

  it('ranks the listed name matched whole above names sharing words with it', () => {
    const hits = index.search({ name: 'Abid Mohamed Hammadou' }, { threshold: 0, limit: 5 });
    expect(hits[0]!.entityId).toBe('ofac:hammadou');
    expect(hits[0]!.score).toBeGreaterThan(scoreOf('Abid Mohamed Hammadou', 'mohamud'));
  });

  it('costs about what a listed middle name missing from the query costs', () => {
    const added = scoreOf('Igor Ivanovich Sechin', 'sechin');
    const dropped = scoreOf('Oleg Deripaska', 'deripaska');
    expect(Math.abs(added - dropped)).toBeLessThan(0.05);
    expect(added).toBeLessThan(1);
  });

  it.each([
    // Extra words at the edges, not patronymics: another person, as before.
    ['Igor Sechin Kowalczyk', 'sechin'],
    ['Kowalczyk Igor Sechin', 'sechin'],
    ['Mohammed Ali Hassan Zubeidi', 'ali'],
    // A listed name of one word never eases, wherever the query puts it.
    ['Roman Petrovich Kowalczyk', 'roman'],
    ['Kowalczyk Roman Petrovich', 'roman'],
    // Organisations keep their behaviour: a word inside a company name often names another one.
    ['Golden Blue Star Trading', 'golden'],
    ['MB Commercial Bank', 'mbbank'],
    // Unrelated names sharing one common word.
    ['Igor Petrovich Kuznetsov', 'sechin'],
    ['Sergei Petrovich Smirnov', 'ivanov'],
    // A listed word aligned only loosely does not ease (sachine ~ sechin by skeleton, 0.85;
    // sechkin ~ sechin one typo off, 0.91).
    ['Igor Ivanovich Sachine', 'sechin'],
    ['Igor Ivanovich Sechkin', 'sechin'],
  ])('%s does not find %s', (name, id) => {
    expect(scoreOf(name, id)).toBeLessThan(DEFAULT_THRESHOLD);
    expect(found(name)).not.toContain(`ofac:${id}`);
  });
});

describe('titles in the query', () => {
  it.each([
    ['Mr Oleg Deripaska', 'Oleg Deripaska', 'deripaska'],
    ['Dr. Igor Sechin', 'Igor Sechin', 'sechin'],
    ['President Joaquin Guzman Loera', 'Joaquin Guzman Loera', 'guzman'],
    ['Senor Joaquin Archivaldo Guzman Loera', 'Joaquin Archivaldo Guzman Loera', 'guzman'],
    ['Sheikh Abid Hammadou', 'Abid Hammadou', 'hammadou'],
    ['Mrs Abid Hammadou', 'Abid Hammadou', 'hammadou'],
  ])('%s scores as %s', (titled, plain, id) => {
    expect(scoreOf(titled, id)).toBe(scoreOf(plain, id));
  });

  it.each(['Mr', 'Dr.', 'Mr Mrs', 'Sheikh'])('a query of titles only (%s) matches nothing', (name) => {
    expect(index.search({ name }, { threshold: 0 })).toEqual([]);
  });
});
