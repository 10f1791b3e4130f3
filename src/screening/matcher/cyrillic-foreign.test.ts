import { describe, expect, it } from 'vitest';
import { cyrillicForeignReadings, SYLLABLE_MARK } from './cyrillic-foreign.js';

/** The readings as text, without the marks of syllable words. */
const readings = (name: string) => cyrillicForeignReadings(name).map((r) => r.replaceAll(SYLLABLE_MARK, ''));

describe('cyrillicForeignReadings reads Chinese and Japanese names in Russian spelling as pinyin and Hepburn', () => {
  it.each([
    ['Си Цзиньпин', 'xi jin ping'], // цзи is ji, цзинь jin, -нь n and -н ng; a syllable a word, as Han is read
    ['Мао Цзэдун', 'mao ze dong'], // цз before other vowels is z
    ['Ли Кэцян', 'li ke qiang'], // ц before я is q
    ['Чжан Ивэй', 'zhang yi wei'],
    ['Го Бовэй', 'guo bo wei'], // о is uo, but o after b
    ['Цюй Цзюнь', 'qu jun'], // the ü series
    ['Сюй Ли', 'xu li'],
    ['Тадзима', 'tajima'], // Polivanov: дзи is ji
    ['Такаити', 'takaichi'], // ти is chi
    ['Симадзу', 'shimazu'], // си is shi, дз z
    ['Мацуда', 'matsuda'], // цу is tsu
    ['Хаттори Хандзо', 'hattori hanzo'], // a doubled consonant, a syllabic н
    ['Сёма', 'shoma'],
    ['кюдзиро', 'kyujiro'],
    ['Ким Чен Ын', 'kim jong un'], // Kontsevich, with Russian's traditional Чен for Jong
    ['Ри Пён Чхоль', 'ri pyong chol'], // чх is ch, a final ль l
    ['Чхве Рён Хэ', 'choe ryong hae'], // a final н is ng here …
    ['Ким Сон Нам', 'kim son nam'], // … and n here, so both are read
    ['О Гук Рёль', 'o kuk ryol'], // г is g or k
    ['Пак Пон Чжу', 'pak pong ju'],
  ])('%s → %s', (name, reading) => {
    expect(readings(name)).toContain(reading);
  });

  it.each([['Владимир Путин'], ['Сергей Лавров'], ['Анна'], ['Эдуард'], ['Анна Ким'], ['Виктор Цой'], ['Viktor BOUT']])(
    'leaves %s alone: a word that does not split into the syllables, or none with a mark of the system',
    (name) => {
      expect(readings(name)).toEqual([]);
    },
  );

  it('reads a Korean name at most 8 ways, however many of its syllables are ambiguous', () => {
    // Four ambiguous syllables (г, a final н) would make 64; the cap keeps 8, not one.
    expect(cyrillicForeignReadings('Кан Гон Гын Ган')).toHaveLength(8);
  });

  it('marks the words of Chinese and Korean readings as syllables, not those of Japanese ones', () => {
    expect(cyrillicForeignReadings('Ли Кэцян')[0]!.split(' ').every((w) => w.startsWith(SYLLABLE_MARK))).toBe(true);
    expect(cyrillicForeignReadings('Ким Чен Ын')[0]!.split(' ').every((w) => w.startsWith(SYLLABLE_MARK))).toBe(true);
    expect(cyrillicForeignReadings('Тадзима')).toEqual(['tajima']);
  });

  it('keeps Latin words and punctuation as they are', () => {
    expect(readings('Си Цзиньпин (XI Jinping)')).toContain('xi jin ping (XI Jinping)');
  });
});
