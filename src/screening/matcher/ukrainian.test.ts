import { describe, expect, it } from 'vitest';
import { ukrainianReading } from './ukrainian.js';

describe('ukrainianReading spells a Cyrillic name as lists spell Ukrainian names', () => {
  it.each([
    ['Олег Григорович Гончаренко', 'oleh hryhorovych honcharenko'], // г is h, и is y
    ['Євген Віталійович Балицький', 'yevhen vitaliyovych balytskyy'], // є ye, і i, й y, ь nothing
    ['Юлія Володимирівна Тимошенко', 'yuliya volodymyrivna tymoshenko'],
    ['Ґрунтовий Їжак', 'gruntovyy yizhak'], // ґ is g
    ['Сергей Гусев', 'serhey husev'], // a Russian name with г gets the reading too
  ])('%s → %s', (name, reading) => {
    expect(ukrainianReading(name)).toBe(reading);
  });

  it.each([['Владимир Путин'], ['Viktor BOUT'], ['Ђорђе Ђурић'], ['Жанар Нұрғали']])('leaves %s alone: no г and no Ukrainian letter, or another alphabet’s', (name) => {
    expect(ukrainianReading(name)).toBeNull();
  });
});
