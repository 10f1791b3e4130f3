import anyAscii from 'any-ascii';
import { HAN_FOREIGN_TABLE } from './han-foreign.table.js';
import { foldByEar } from './keys.js';
import { parseWordTable } from './name-words.js';
import { HAN_WORDS } from './name-words.table.js';

/**
 * Chinese writes a foreign name with characters chosen for their sound, one per syllable, and
 * adds vowels the name lacks: 弗拉基米尔·普京 is fu-la-ji-mi-er pu-jing for Vladimir Putin, 克魯森
 * is ke-lu-sen for Crewson. Mandarin pinyin of those characters is far from the Latin spelling,
 * so such a name also gets readings spelt back: each character stands for the Latin letter runs
 * it writes in foreign names (learnt from Wikidata pairs, see han-foreign.table.ts), and a word
 * reads as the likeliest strings those runs make (克魯森 → kruson, krusen, cruson). A word written
 * often (穆罕默德, 豪爾赫) reads first as the spellings it mostly writes (mohamed, muhammad; jorge),
 * which its characters alone spell less well (muhammerd, haulh; see name-words.table.ts).
 *
 * These readings are extra forms of the name: the pinyin reading stays, so a Chinese name
 * (习近平 Xi Jinping) is found as before.
 */

export interface Run {
  text: string;
  logP: number;
}

const TABLE: ReadonlyMap<string, readonly Run[]> = new Map(
  HAN_FOREIGN_TABLE.trim()
    .split('\n')
    .map((line) => {
      const [char, ...runs] = line.split(' ');
      return [
        char!,
        runs.map((r) => {
          const [text, perMille] = r.split(':');
          return { text: text === '-' ? '' : text!, logP: Math.log(Number(perMille) / 1000) };
        }),
      ];
    }),
);
const WORDS = parseWordTable(HAN_WORDS);

const HAN = /\p{Script=Han}/u;
const HAN_WORD = /^\p{Script=Han}{2,}$/u;
const HAN_RUN = /^\p{Script=Han}+$/u;
/** What separates the words of a foreign name written in Chinese (the middle dot and its look-alikes). */
const SEPARATORS = /[\s·・•‧∙⋅]+/u;
/** Spellings kept per word while the characters are read, and per word in the end. */
const BEAM = 24;
const PER_WORD = 3;
/** Log-probability of reading a character the table lacks by its pinyin. */
const UNKNOWN_LOG_P = Math.log(0.5);
/** Readings per name: each is one more form to search. */
const MAX_READINGS = 6;

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/**
 * The likeliest Latin spellings of a word of Han characters, likeliest first, with their
 * log-probability; none when a character is not one Chinese writes foreign names with. A word of
 * one character is spelt too (丁 din, 汗 khan): hanForeignReadings asks only within a name
 * already read as a foreign one.
 */
export function hanSpellings(word: string): readonly Run[] {
  let found = SPELLINGS.get(word);
  if (!found) {
    found = spell(word);
    if (SPELLINGS.size >= SPELLINGS_LIMIT) SPELLINGS.clear();
    SPELLINGS.set(word, found);
  }
  return found;
}

/** Names repeat their words: each is spelt once. Bounded: emptied when full. */
const SPELLINGS = new Map<string, readonly Run[]>();
const SPELLINGS_LIMIT = 50_000;

function spell(word: string): Run[] {
  if (!HAN_RUN.test(word)) return [];
  const known = WORDS.get(word);
  if (known) {
    // The word's own spellings first; the characters' likeliest one after them, if another.
    const whole = known.spellings.map((text, i) => ({ text, logP: Math.log(known.shares[i]!) }));
    const spelt = spellByCharacters(word)[0];
    return spelt && !known.spellings.includes(spelt.text) ? [...whole.slice(0, PER_WORD - 1), spelt] : whole.slice(0, PER_WORD);
  }
  return spellByCharacters(word);
}

/** `keep` spellings at most, none `within` nats less likely than the likeliest at any character. */
function spellByCharacters(word: string, keep = PER_WORD, within = Infinity): Run[] {
  let beam: Run[] = [{ text: '', logP: 0 }];
  let unknown = 0;
  for (const char of word) {
    let runs = TABLE.get(char);
    if (!runs) {
      // One character the table lacks (a traditional form, a rare one: 尼基庭 Nikitin, 波將金
      // Potemkin) is read by its pinyin; a word of more such is no foreign one.
      if (++unknown > 1 || [...word].length < 2) return [];
      runs = [{ text: anyAscii(char).toLowerCase().replace(/[^a-z]/g, ''), logP: UNKNOWN_LOG_P }];
    }
    const next = new Map<string, number>();
    for (const b of beam) {
      for (const r of runs) {
        const text = b.text + r.text;
        const logP = b.logP + r.logP;
        if ((next.get(text) ?? -Infinity) < logP) next.set(text, logP);
      }
    }
    let spelt = [...next].map(([text, logP]) => ({ text, logP }));
    if (within !== Infinity) {
      let top = -Infinity;
      for (const r of spelt) top = Math.max(top, r.logP);
      spelt = spelt.filter((r) => r.logP >= top - within);
    }
    beam = spelt.sort((a, b) => b.logP - a.logP).slice(0, Math.max(BEAM, keep));
  }
  return beam.filter((b) => b.text.length >= 2).slice(0, keep);
}

/**
 * The name with its Han words spelt back as the foreign name they write: the likeliest reading
 * first, then those that change one word to its next likeliest spelling, at most MAX_READINGS.
 * Words that are not Han, or hold more than one character the table lacks, stay as they are.
 * Nothing when no word could be read.
 */
export function hanForeignReadings(name: string): string[] {
  const words = name.split(SEPARATORS).filter(Boolean);
  // A Chinese name is one word of two or three characters (王伟, 习近平): only a name of several
  // words, or a word longer than that, is read as a foreign one, or every Chinese name would
  // also be searched as some foreign name (王伟 as "vanwei").
  const foreign = words.filter((w) => HAN_WORD.test(w)).length >= 2 || words.some((w) => HAN_WORD.test(w) && [...w].length > 3);
  if (!foreign) return [];
  const spellings = words.map((w) => hanSpellings(w));
  if (spellings.every((s) => s.length === 0)) return [];
  const best = words.map((w, i) => spellings[i]![0]?.text ?? w);
  const variants: Array<{ words: string[]; logP: number }> = [];
  spellings.forEach((options, i) => {
    options.slice(1).forEach((o) => variants.push({ words: best.map((w, j) => (j === i ? o.text : w)), logP: o.logP - options[0]!.logP }));
  });
  variants.sort((a, b) => b.logP - a.logP);
  return [best, ...variants.map((v) => v.words)].slice(0, MAX_READINGS).map((w) => w.join(' '));
}

/** Each spelling the readings of `name` give one of its Han words (hanForeignReadings) → that word. */
export function hanReadingSources(name: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const word of name.split(SEPARATORS)) for (const s of hanSpellings(word)) if (!out.has(s.text)) out.set(s.text, word);
  return out;
}

/** A spelling of a Han word folded by ear (keys.ts foldByEar), and how much less likely it is than the likeliest, in nats. */
export interface HeardSpelling {
  ear: string;
  regret: number;
}

/**
 * Spellings kept for hanHeardSpellings: the beam's width and more, as a word of four characters
 * has eight runs or so for each.
 */
const HEARD_BEAM = 96;
/** A spelling this many nats less likely than the likeliest (e⁵, 150 times) is not kept. */
const HEARD_REGRET = 5;
const HEARD = new Map<string, readonly HeardSpelling[]>();

/**
 * The likeliest spellings of a word of Han characters by its characters, each folded by ear,
 * with its shortfall in log-probability from the likeliest, smallest first; an ear form met
 * twice is kept once, with its smaller shortfall. hanSpellings keeps three: those only rank the
 * readings searched. This is for comparing the word with a listed one the rest of the name
 * already points at, where a spelling the characters make less often may be the name meant
 * (溫 writes win, wen, and un, 溫貝托 unberto ~ Humberto).
 */
export function hanHeardSpellings(word: string): readonly HeardSpelling[] {
  let found = HEARD.get(word);
  if (!found) {
    const spelt = HAN_RUN.test(word) ? spellByCharacters(word, HEARD_BEAM, HEARD_REGRET) : [];
    const seen = new Set<string>();
    const kept: HeardSpelling[] = [];
    for (const s of spelt) {
      const regret = spelt[0]!.logP - s.logP;
      if (regret > HEARD_REGRET) break;
      const ear = foldByEar(s.text);
      if (seen.has(ear)) continue;
      seen.add(ear);
      kept.push({ ear, regret });
    }
    found = kept;
    if (HEARD.size >= SPELLINGS_LIMIT) HEARD.clear();
    HEARD.set(word, found);
  }
  return found;
}
