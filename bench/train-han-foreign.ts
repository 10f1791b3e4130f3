/**
 * Learns how Chinese writes foreign names, character by character, and writes the table the
 * matcher reads (src/screening/matcher/han-foreign.table.ts).
 * Usage: npx tsx bench/train-han-foreign.ts
 *
 * Training data: the Wikidata name-word pairs of the 80 % split (wd_chinese_80: "crewson ⇥ 克 魯
 * 森"); the 20 % split is left for the evaluation (screening.eval.ts). Each character writes a
 * run of 0–5 Latin letters, in order; expectation-maximisation over every such split of each
 * word learns how likely each run is for each character (克: k .38, c .19, ck .12 …). Characters
 * seen fewer than MIN_SEEN times are left out: a word holding one gets no foreign reading.
 * A word of several characters written often enough (MIN_WORD_SEEN: 穆罕默德, 弗拉基米爾) is also
 * kept whole with the spellings it mostly writes (mohamed, mohammad; vladimir), as the characters
 * alone spell it less well (muhammerd).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DATA, readTsvGz } from './screening-data.js';

const MAX_RUN = 5;
const ITERATIONS = 8;
const MIN_SEEN = 3;
/** Runs kept per character, and the least probability worth keeping. */
const KEEP = 8;
const MIN_P = 0.01;
/** Probability of an empty run in the first pass, when every other run weighs 1. */
const EMPTY_START = 0.05;
/** Times a word of several characters must be written, and the share a spelling of it needs, to be kept whole. */
const MIN_WORD_SEEN = 4;
const MIN_WORD_SHARE = 0.15;
const KEEP_WORD = 3;
const OUT = resolve(import.meta.dirname, '../src/screening/matcher/han-foreign.table.ts');

const pairs: Array<[string, string[]]> = [];
const seen = new Map<string, number>();
/** Whole words: native word → Latin spelling → times written so (the file's frequency column). */
const words = new Map<string, Map<string, number>>();
for (const [latin, native, freq] of readTsvGz(resolve(DATA, 'names/wikidata_transliteration/wd_chinese_80.tsv.gz'))) {
  const word = (latin ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '');
  const chars = (native ?? '').split(' ').filter(Boolean);
  if (!word || chars.length === 0 || word.length > 24) continue;
  pairs.push([word, chars]);
  for (const c of chars) seen.set(c, (seen.get(c) ?? 0) + 1);
  if (chars.length >= 2 && chars.every((c) => /^\p{Script=Han}$/u.test(c))) {
    const whole = chars.join('');
    const bySpelling = words.get(whole) ?? new Map<string, number>();
    words.set(whole, bySpelling.set(word, (bySpelling.get(word) ?? 0) + Number(freq ?? 1)));
  }
}

let table = new Map<string, Map<string, number>>();
const weight = (pass: number, c: string, run: string) => (pass === 0 ? (run ? 1 : EMPTY_START) : (table.get(c)?.get(run) ?? 1e-4));

for (let pass = 0; pass < ITERATIONS; pass++) {
  const counts = new Map<string, Map<string, number>>();
  let logLikelihood = 0;
  for (const [word, chars] of pairs) {
    const n = chars.length;
    const m = word.length;
    // forward[i][j]: weight of the splits where the first i characters wrote the first j letters.
    const forward = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
    const backward = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
    forward[0]![0] = 1;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= m; j++) {
        const f = forward[i]![j]!;
        if (f === 0) continue;
        for (let k = 0; k <= MAX_RUN && j + k <= m; k++) forward[i + 1]![j + k]! += f * weight(pass, chars[i]!, word.slice(j, j + k));
      }
    }
    backward[n]![m] = 1;
    for (let i = n - 1; i >= 0; i--) {
      for (let j = 0; j <= m; j++) {
        let s = 0;
        for (let k = 0; k <= MAX_RUN && j + k <= m; k++) s += weight(pass, chars[i]!, word.slice(j, j + k)) * backward[i + 1]![j + k]!;
        backward[i]![j] = s;
      }
    }
    const z = forward[n]![m]!;
    if (z === 0) continue;
    logLikelihood += Math.log(z);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= m; j++) {
        const f = forward[i]![j]!;
        if (f === 0) continue;
        for (let k = 0; k <= MAX_RUN && j + k <= m; k++) {
          const run = word.slice(j, j + k);
          const posterior = (f * weight(pass, chars[i]!, run) * backward[i + 1]![j + k]!) / z;
          if (posterior < 1e-6) continue;
          let byRun = counts.get(chars[i]!);
          if (!byRun) counts.set(chars[i]!, (byRun = new Map()));
          byRun.set(run, (byRun.get(run) ?? 0) + posterior);
        }
      }
    }
  }
  table = new Map();
  for (const [c, byRun] of counts) {
    let total = 0;
    for (const v of byRun.values()) total += v;
    table.set(c, new Map([...byRun].map(([run, v]) => [run, v / total])));
  }
  console.log(`pass ${pass + 1}: log-likelihood ${logLikelihood.toFixed(0)}`);
}

const lines: string[] = [];
for (const [c, byRun] of [...table].sort((a, b) => a[0].localeCompare(b[0]))) {
  if ((seen.get(c) ?? 0) < MIN_SEEN || !/^\p{Script=Han}$/u.test(c)) continue;
  const runs = [...byRun].filter(([, p]) => p >= MIN_P).sort((a, b) => b[1] - a[1]).slice(0, KEEP);
  if (runs.length > 0) lines.push(`${c} ${runs.map(([run, p]) => `${run || '-'}:${Math.round(p * 1000)}`).join(' ')}`);
}
const wordLines: string[] = [];
for (const [whole, bySpelling] of [...words].sort((a, b) => a[0].localeCompare(b[0]))) {
  let total = 0;
  for (const n of bySpelling.values()) total += n;
  if (total < MIN_WORD_SEEN) continue;
  const kept = [...bySpelling].filter(([, n]) => n / total >= MIN_WORD_SHARE).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, KEEP_WORD);
  if (kept.length > 0) wordLines.push(`${whole} ${kept.map(([w, n]) => `${w}:${Math.round((n / total) * 1000)}`).join(' ')}`);
}
writeFileSync(
  OUT,
  `/**\n * Generated by bench/train-han-foreign.ts from the Wikidata name pairs (CC0): per Han character,\n * the Latin letter runs it writes in foreign names, with their probability in thousandths ("-" is\n * no letter). Do not edit by hand; run the script again.\n */\nexport const HAN_FOREIGN_TABLE = \`\n${lines.join('\n')}\n\`;\n\n` +
    `/** Words of several characters written often, with the spellings they mostly write and their share in thousandths. */\nexport const HAN_FOREIGN_WORDS = \`\n${wordLines.join('\n')}\n\`;\n`,
);
console.log(`${lines.length} characters and ${wordLines.length} whole words from ${pairs.length} pairs → ${OUT}`);
