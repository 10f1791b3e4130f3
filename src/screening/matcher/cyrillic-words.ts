import { parseWordTable, spellKnownWords } from './name-words.js';
import { CYRILLIC_WORDS } from './name-words.table.js';

/**
 * Russian writes foreign names by their sound, in spellings that repeat (Жак Jacques, Кшиштоф
 * Krzysztof, Уильям William), which transliterating the letters gets far from (zhak,
 * kshishtof, uilyam). A name is also read with each word written often spelt as it mostly writes
 * (name-words.table.ts): one more form, beside the letters' own reading.
 */
export const cyrillicKey = (word: string): string => word.toLowerCase().replace(/ё/g, 'е');

const WORDS = parseWordTable(CYRILLIC_WORDS, cyrillicKey);
const CYRILLIC = /\p{Script=Cyrillic}/u;

/** The name with its Cyrillic words the table knows spelt as they mostly write, or null when it knows none. */
export function cyrillicWordReading(name: string): string | null {
  return spellKnownWords(name, WORDS, CYRILLIC, cyrillicKey);
}
