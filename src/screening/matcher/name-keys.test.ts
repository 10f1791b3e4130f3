import { describe, expect, it } from 'vitest';
import type { ListEntity } from '../entity.js';
import type { IndexedEntity } from './matcher.js';
import { DeltaProbe, encodeKeyGroups, nameKeyGroups } from './name-keys.js';

const person = (id: string, ...names: string[]): IndexedEntity => ({
  id: `t:${id}`,
  list: 't',
  entity: { type: 'person', names: names.map((full, i) => ({ full, kind: i === 0 ? 'primary' : 'alias' })) } as unknown as ListEntity,
});

// A stand-in for the vault's keyed tag: any fixed bijection shows the probe compares tags only.
const mask = (keys: Int32Array) => keys.map((k) => Math.imul(k ^ 0x5bd1e995, 0x27d4eb2d));
const stored = (name: string) => encodeKeyGroups(nameKeyGroups(name, 'person').map(mask));

describe('delta probe over stored name keys', () => {
  const probe = DeltaProbe.build([person('1', 'Saddam Hussein al-Tikriti', 'صدام حسين التكريتي'), person('2', 'Viktor Bout'), person('3', 'Aleksandr Bortnikov')], mask);

  it.each([
    ['the listed spelling', 'Saddam Hussein al-Tikriti'],
    ['a typo and a dropped word', 'Sadam Hussein'],
    ['reordered words', 'Tikriti, Saddam'],
    ['another romanisation', 'Saddam Husayn'],
    ['the original script', 'صدام حسين'],
    ['a Cyrillic spelling of another entity', 'Виктор Бут'],
    ['two letters replaced in a long word, unlike in sound and skeleton', 'Aleksandr Bostnikiv'],
  ])('flags a customer written as %s', (_what, name) => {
    expect(probe.affects(stored(name))).toBe(true);
  });

  it.each([['Maria Gonzalez'], ['Saddam Smith'], ['John Hussein Miller'], ['Victoria Beckham']])('passes over %s', (name) => {
    expect(probe.affects(stored(name))).toBe(false);
  });

  it.each([
    ['Jose Raul VEGA', 'خوسيه راؤول فيغا'], // a Spanish j is خ
    ['Jiao GONG', 'جياو غونغ'], // a one-consonant skeleton met by its long vowels
    ['Mohsen MOGHADAM', 'محسن مقدم'], // ق is g in a Persian name
    ['Jamaat NUSRAT', 'جماعة نصرة'], // a ta marbuta, which lists spell -at
  ])('meets %s and %s whichever side is listed', (latin, abjad) => {
    for (const [listed, customer] of [[latin, abjad], [abjad, latin]] as const) {
      expect(DeltaProbe.build([person('9', listed)], mask).affects(stored(customer))).toBe(true);
    }
  });

  it('meets a customer whose name in Chinese characters only sounds like the listed one', () => {
    expect(DeltaProbe.build([person('9', 'Jaime GONZALEZ DURAN')], mask).affects(stored('冈萨雷斯·杜蘭'))).toBe(true);
  });

  it('reads nothing from an empty or truncated record', () => {
    expect(probe.affects(encodeKeyGroups([]))).toBe(false);
    expect(probe.affects(stored('Saddam Hussein').subarray(0, 10))).toBe(false);
  });

  it('an empty delta affects no one', () => {
    const none = DeltaProbe.build([], mask);
    expect(none.empty).toBe(true);
    expect(none.affects(stored('Saddam Hussein'))).toBe(false);
  });
});
