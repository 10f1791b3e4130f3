import { describe, expect, it } from 'vitest';
import { cyrillicForeignReadings } from './cyrillic-foreign.js';

describe('cyrillicForeignReadings reads Chinese and Japanese names in Russian spelling as pinyin and Hepburn', () => {
  it.each([
    ['Си Цзиньпин', 'xi jinping'], // цзи is ji, цзинь jin, -нь n and -н ng
    ['Мао Цзэдун', 'mao zedong'], // цз before other vowels is z
    ['Ли Кэцян', 'li keqiang'], // ц before я is q
    ['Чжан Ивэй', 'zhang yiwei'],
    ['Го Бовэй', 'guo bowei'], // о is uo, but o after b
    ['Цюй Цзюнь', 'qu jun'], // the ü series
    ['Сюй Ли', 'xu li'],
    ['Тадзима', 'tajima'], // Polivanov: дзи is ji
    ['Такаити', 'takaichi'], // ти is chi
    ['Симадзу', 'shimazu'], // си is shi, дз z
    ['Мацуда', 'matsuda'], // цу is tsu
    ['Хаттори Хандзо', 'hattori hanzo'], // a doubled consonant, a syllabic н
    ['Сёма', 'shoma'],
    ['кюдзиро', 'kyujiro'],
  ])('%s → %s', (name, reading) => {
    expect(cyrillicForeignReadings(name)).toContain(reading);
  });

  it.each([['Владимир Путин'], ['Сергей Лавров'], ['Анна'], ['Эдуард'], ['Ким Чен Ын'], ['Viktor BOUT']])(
    'leaves %s alone: a word that does not split into the syllables, or none with a mark of the system',
    (name) => {
      expect(cyrillicForeignReadings(name)).toEqual([]);
    },
  );

  it('keeps Latin words and punctuation as they are', () => {
    expect(cyrillicForeignReadings('Си Цзиньпин (XI Jinping)')).toContain('xi jinping (XI Jinping)');
  });
});
