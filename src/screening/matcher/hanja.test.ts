import { describe, expect, it } from 'vitest';
import { hanjaAsHangul } from './hanja.js';
import { DEFAULT_THRESHOLD, ScreeningIndex } from './matcher.js';
import { listedEntity } from './test-entities.js';

describe('Korean names written in Han characters', () => {
  const person = (id: string, name: string) => listedEntity(id, 'person', [name]);
  const index = ScreeningIndex.build([person('1', 'KIM Jong Un'), person('2', 'CHOE Ryong Hae'), person('3', 'RI Pyong Chol'), person('4', 'KIM Yo Jong'), person('5', 'XI Jinping')]);

  it.each([
    ['金正恩', 'ofac:1'],
    ['崔龙海', 'ofac:2'],
    ['崔龍海', 'ofac:2'],
    ['李炳哲', 'ofac:3'],
    ['金 与正', 'ofac:4'],
  ])('%s finds %s through its Korean reading', (name, expected) => {
    const found = index.search({ name });
    expect(found[0]?.entityId).toBe(expected);
    expect(found[0]!.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('keeps the Mandarin reading of a Chinese name', () => {
    expect(index.search({ name: '习近平' })[0]?.entityId).toBe('ofac:5');
  });

  it('reads the surname 金 as Kim and keeps the North Korean initial sound (李 리, 龍 룡)', () => {
    expect(hanjaAsHangul('金正恩')).toBe('김정은');
    expect(hanjaAsHangul('李炳哲')).toBe('리병철');
    expect(hanjaAsHangul('崔龍海')).toBe('최룡해');
    // Gold, not a surname, past the first character.
    expect(hanjaAsHangul('李金')).toBe('리금');
  });

  it('reads nothing but Han characters and spaces', () => {
    expect(hanjaAsHangul('弗拉基米尔·普京')).toBeNull();
    expect(hanjaAsHangul('Kim 正恩')).toBeNull();
  });
});
