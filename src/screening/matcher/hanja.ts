import { createRequire } from 'node:module';

/**
 * Korean names written in Han characters (hanja), as Chinese and Japanese sources and many
 * Korean documents write them: 金正恩 is 김정은, Kim Jong Un, and 崔龙海 is 최룡해, Choe Ryong Hae.
 * Their Mandarin reading (jin zheng en, cui long hai) meets nothing on the lists, which spell
 * North Korean names in McCune-Reischauer; their Korean reading does (hangul-foreign.ts).
 *
 * The readings come from the `hanja` package's table (about 27,000 characters, simplified ones
 * included, each with its reading before the South Korean initial-sound rule, which is how North
 * Korean names are spelt: 李 리 Ri, 龍 룡 Ryong). Loaded on the first name that needs it.
 */
let table: Readonly<Record<string, string>> | null = null;

function readings(): Readonly<Record<string, string>> {
  table ??= createRequire(import.meta.url)('hanja/lib/data/hanjaeum.json') as Record<string, string>;
  return table;
}

/** Characters whose reading as a surname is not their usual one: 金 is 금 (gold) but the surname 김 (Kim). */
const SURNAME_READINGS: ReadonlyMap<string, string> = new Map([['金', '김']]);

/** Han characters and the spaces between words, nothing else (a foreign name's middle dot is not a Korean name). */
const HAN_NAME = /^[\p{Script=Han}\s]+$/u;

/**
 * The name in Hangul, each Han character by its Korean reading; null unless the name is written
 * in Han characters alone and every one of them has a reading. Whether the result reads as a
 * Korean name (a Korean surname first, two to four syllables a word) is for hangulKoreanReading.
 */
export function hanjaAsHangul(name: string): string | null {
  const text = name.trim();
  if (!HAN_NAME.test(text)) return null;
  const table = readings();
  let out = '';
  let first = true;
  for (const char of text) {
    if (/\s/u.test(char)) {
      out += ' ';
      continue;
    }
    const reading = (first ? SURNAME_READINGS.get(char) : undefined) ?? table[char];
    if (reading === undefined) return null;
    out += reading;
    first = false;
  }
  return out;
}
