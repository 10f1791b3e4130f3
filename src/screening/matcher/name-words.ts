/**
 * Words foreign names are often written with in another script, each with the Latin spellings
 * it mostly writes (name-words.table.ts, learnt from Wikidata name pairs by
 * bench/train-name-words.ts): ジョン john, غييرمو guillermo. Reading a word by its letters or
 * sounds gets such words less well (jon, ghyyrmw).
 */
export interface WordSpellings {
  /** Likeliest first. */
  spellings: readonly string[];
  /** Share of the word's writings the likeliest spelling makes, 0–1. */
  share: number;
}

/** Lines of "word spelling:perMille …" as word (through `key`) → its spellings. */
export function parseWordTable(table: string, key: (word: string) => string = (w) => w): ReadonlyMap<string, WordSpellings> {
  const out = new Map<string, WordSpellings>();
  for (const line of table.trim().split('\n')) {
    const [word, ...rest] = line.split(' ');
    const pairs = rest.map((r) => r.split(':') as [string, string]);
    out.set(key(word!), { spellings: pairs.map(([s]) => s), share: Number(pairs[0]![1]) / 1000 });
  }
  return out;
}

/**
 * The name with each word of `script` the table knows spelt as it mostly writes (looked up by
 * `key`), or null when it knows none: one more form of the name, beside its letters' reading.
 */
export function spellKnownWords(name: string, words: ReadonlyMap<string, WordSpellings>, script: RegExp, key: (word: string) => string): string | null {
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
