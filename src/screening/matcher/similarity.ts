/**
 * String similarity on normalised tokens: Jaro-Winkler and a bounded Levenshtein distance.
 * Both run on plain strings with no allocation beyond a few reusable scratch buffers, because
 * they sit on the hot path of every query (a few dozen calls per candidate name).
 */

const MAX_LEN = 64;
const matchedA = new Uint8Array(MAX_LEN);
const matchedB = new Uint8Array(MAX_LEN);
/** Per ASCII character: the positions of the second word holding it, as bits (emptied after each use). */
const positions = new Int32Array(128);

/** Jaro similarity (0..1). Tokens longer than 64 characters are compared on their first 64. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = Math.min(a.length, MAX_LEN);
  const lb = Math.min(b.length, MAX_LEN);
  if (la === 0 || lb === 0) return 0;
  if (la > 32 || lb > 32) return jaroLong(a, b, la, lb);
  // Words of 32 letters or fewer, nearly all: the matched positions are bits of two integers, and
  // b's positions of each ASCII character are bits too, so each character of a finds its match
  // (the first unmatched one in its window, as a scan would) in a few operations.
  for (let j = 0; j < lb; j++) {
    const c = b.charCodeAt(j);
    if (c >= 128) {
      for (let k = 0; k < j; k++) positions[b.charCodeAt(k)] = 0;
      return jaroLong(a, b, la, lb);
    }
    positions[c]! |= 1 << j;
  }
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let usedA = 0;
  let usedB = 0;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i);
    if (c >= 128) continue;
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const inWindow = (hi >= 31 ? -1 : (1 << (hi + 1)) - 1) & ~((1 << lo) - 1);
    const free = positions[c]! & ~usedB & inWindow;
    if (free === 0) continue;
    usedA |= 1 << i;
    usedB |= free & -free;
    matches++;
  }
  for (let j = 0; j < lb; j++) positions[b.charCodeAt(j)] = 0;
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < la; i++) {
    if ((usedA & (1 << i)) === 0) continue;
    while ((usedB & (1 << j)) === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions++;
    j++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/** `jaro` of words longer than 32 letters, marking matched positions in two scratch buffers. */
function jaroLong(a: string, b: string, la: number, lb: number): number {
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === c) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions++;
    j++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/** Jaro-Winkler with the usual prefix scale 0.1 over at most 4 leading characters. */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/** Three rows of the distance matrix, rotated rather than copied. */
const rows = [new Int32Array(MAX_LEN + 1), new Int32Array(MAX_LEN + 1), new Int32Array(MAX_LEN + 1)] as const;
/** Stands for any distance above the bound, outside the band a row computes. */
const FAR = 1 << 20;

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions) when it is at most
 * `max`, otherwise `max + 1`. Each row is computed only within `max` of the diagonal, as a cell
 * further off holds more than `max` edits (the band's edges read as FAR), and the rows stop as
 * soon as one exceeds the bound: comparing two tokens costs a few cells per letter, and two
 * unrelated ones a few letters.
 */
export function boundedDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const la = Math.min(a.length, MAX_LEN);
  const lb = Math.min(b.length, MAX_LEN);
  if (Math.abs(la - lb) > max) return max + 1;
  let prev2 = rows[0];
  let prev = rows[1];
  let cur = rows[2];
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(lb, i + max);
    cur[0] = i;
    if (lo > 1) cur[lo - 1] = FAR;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    const before = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = lo; j <= hi; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = prev[j - 1]! + (ca === cb ? 0 : 1);
      const del = prev[j]! + 1;
      if (del < v) v = del;
      const ins = cur[j - 1]! + 1;
      if (ins < v) v = ins;
      if (j > 1 && before === cb && ca === b.charCodeAt(j - 2)) {
        const swap = prev2[j - 2]! + 1;
        if (swap < v) v = swap;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < lb) cur[hi + 1] = FAR;
    if (rowMin > max) return max + 1;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  const d = prev[lb]!;
  return d > max ? max + 1 : d;
}

/**
 * How many edits two tokens may differ by and still count as the same word. A three-letter
 * word may lose or gain a letter (Jos/Jose, Cha/Chai) but not change one (Ali/Ala are names).
 * Two edits need a listed word of 8+ letters: a long word that lost a letter to one of its two
 * typos (Sociedad → Sokedad, Brigades → Beigdes) is still that word, while two words of 6–7
 * letters two edits apart are as often two names (Karimi / Kazemi).
 */
export function allowedEdits(shorter: number, longer: number): number {
  if (shorter <= 2) return 0;
  if (shorter === 3) return longer === 4 ? 1 : 0;
  if (shorter <= 5 || longer < TWO_EDIT_LENGTH) return 1;
  return 2;
}

/** The shortest word two edits may reach (see `allowedEdits`). */
export const TWO_EDIT_LENGTH = 8;
