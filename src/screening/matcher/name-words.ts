import { ARABIC_WORDS, CYRILLIC_WORDS } from './name-words.table.js';
import { plainArabic } from './scripts.js';

/**
 * Words foreign names are often written with in another script, each with the Latin spellings
 * it mostly writes (name-words.table.ts, learnt from Wikidata name pairs by
 * bench/train-name-words.ts): 穆罕默德 mohamed, ジョン john, غييرمو guillermo, Жак jacques.
 * Reading a word by its letters or sounds gets such words less well (muhammerd, jon, ghyyrmw,
 * zhak). Chinese (han-foreign.ts) and katakana (katakana.ts) fold them into their readings;
 * Arabic-script and Cyrillic names get one more form with the words spelt (below).
 */
export interface WordSpellings {
  /** Likeliest first. */
  spellings: readonly string[];
  /** Share of the word's writings each spelling makes, 0–1. */
  shares: readonly number[];
}

/** Lines of "word spelling:perMille …" as word (through `key`) → its spellings. */
export function parseWordTable(table: string, key: (word: string) => string = (w) => w): ReadonlyMap<string, WordSpellings> {
  const out = new Map<string, WordSpellings>();
  for (const line of table.trim().split('\n')) {
    const [word, ...rest] = line.split(' ');
    const pairs = rest.map((r) => r.split(':') as [string, string]);
    out.set(key(word!), { spellings: pairs.map(([s]) => s), shares: pairs.map(([, perMille]) => Number(perMille) / 1000) });
  }
  return out;
}

/**
 * The name with each word of `script` the table knows spelt as it mostly writes (looked up by
 * `key`), or null when it knows none: one more form of the name, beside its letters' reading.
 * One form: a second, with the words' next likeliest spellings, found a few Arabic-script names
 * more in the evaluation for a third more time per query.
 */
function spellKnownWords(name: string, words: ReadonlyMap<string, WordSpellings>, script: RegExp, key: (word: string) => string): string | null {
  const parts = name.split(/(\s+)/);
  let known = false;
  const spelt = parts.map((p) => {
    const spelling = script.test(p) ? words.get(key(p))?.spellings[0] : undefined;
    if (spelling === undefined) return p;
    known = true;
    return spelling;
  });
  return known ? spelt.join('') : null;
}

/**
 * Arabic script writes foreign names with letters for their sounds, in spellings that repeat
 * (غييرمو Guillermo, خوسيه Jose, خوستو Justo): the Spanish j as خ, gui as غي, and vowels as
 * long ones or not at all, far from what transliterating the letters makes (ghyyrmw). Names of
 * Arabic origin match through the letters' own reading.
 */
const ARABIC = parseWordTable(ARABIC_WORDS, plainArabic);
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;

export function arabicWordReading(name: string): string | null {
  return spellKnownWords(name, ARABIC, ARABIC_SCRIPT, plainArabic);
}

/** Russian writes foreign names by their sound too (Жак Jacques, Кшиштоф Krzysztof, Уильям William). */
export const cyrillicKey = (word: string): string => word.toLowerCase().replace(/ё/g, 'е');
const CYRILLIC = parseWordTable(CYRILLIC_WORDS, cyrillicKey);
const CYRILLIC_SCRIPT = /\p{Script=Cyrillic}/u;

export function cyrillicWordReading(name: string): string | null {
  return spellKnownWords(name, CYRILLIC, CYRILLIC_SCRIPT, cyrillicKey);
}
