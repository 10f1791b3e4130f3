import { parseWordTable, spellKnownWords } from './name-words.js';
import { ARABIC_WORDS } from './name-words.table.js';
import { plainArabic } from './scripts.js';

/**
 * Arabic script writes foreign names with letters for their sounds, in spellings that repeat
 * (غييرمو Guillermo, خوسيه Jose, خوستو Justo): the Spanish j as خ, gui as غي, and vowels as
 * long ones or not at all, far from what transliterating the letters makes (ghyyrmw). A name is
 * also read with each word written often spelt as it mostly writes (name-words.table.ts): one
 * more form, beside the letters' own reading, through which names of Arabic origin match.
 */
const WORDS = parseWordTable(ARABIC_WORDS, plainArabic);
const ARABIC = /\p{Script=Arabic}/u;

/**
 * The name with its Arabic-script words the table knows spelt as they mostly write, or null when
 * it knows none. One reading: a second, with the words' next likeliest spellings, found a few
 * names more in the evaluation for a third more time per Arabic-script query.
 */
export function arabicWordReading(name: string): string | null {
  return spellKnownWords(name, WORDS, ARABIC, plainArabic);
}
