/**
 * Russian spells Chinese and Japanese names in fixed systems, Palladius for Chinese (Си Цзиньпин
 * Xi Jinping, Дэн Сяопин Deng Xiaoping, Чжан Ивэй Zhang Yiwei) and Polivanov for Japanese
 * (Тадзима Tajima, Такаити Takaichi, Симадзу Shimazu), which a letter-by-letter romanisation
 * reads as "si tszinpin" or "tadzima", too far from the pinyin and Hepburn that lists write.
 * `cyrillicForeignReadings` gives the name read in each system whose syllables spell every one
 * of its Cyrillic words, when a word carries one of that system's marks (цз, чж, э after a
 * consonant, дз, ти, си …): a Russian name rarely splits into such syllables (Путин does, into
 * pu-tin, but has no mark), so Russian names keep their one reading. Korean names, which Russian
 * writes a syllable a word in the Kontsevich system (Ким Чен Ын Kim Jong Un, Ри Пён Чхоль Ri
 * Pyong Chol), are read as the McCune-Reischauer spelling the DPRK's listed names use, when every
 * word is one Korean syllable and one of them a Korean surname.
 */

type Syllables = ReadonlyMap<string, string>;

/** Pinyin initials with their Palladius letters; j q x are written as z c s are, the final tells them apart. */
const INITIALS: ReadonlyArray<[string, string]> = [
  ['b', 'б'], ['p', 'п'], ['m', 'м'], ['f', 'ф'], ['d', 'д'], ['t', 'т'], ['n', 'н'], ['l', 'л'], ['g', 'г'], ['k', 'к'], ['h', 'х'],
  ['zh', 'чж'], ['ch', 'ч'], ['sh', 'ш'], ['r', 'ж'], ['z', 'цз'], ['c', 'ц'], ['s', 'с'],
];
/** Finals after initials other than j q x (uo and o are both о: after b p m f it is o). */
const FINALS: ReadonlyArray<[string, string]> = [
  ['a', 'а'], ['e', 'э'], ['ai', 'ай'], ['ei', 'эй'], ['ao', 'ао'], ['ou', 'оу'], ['an', 'ань'], ['en', 'энь'], ['ang', 'ан'], ['eng', 'эн'],
  ['ong', 'ун'], ['u', 'у'], ['ua', 'уа'], ['uai', 'уай'], ['ui', 'уй'], ['uan', 'уань'], ['un', 'унь'], ['uang', 'уан'],
];
/** Finals of the i series, after b p m d t n l and j q x. */
const I_FINALS: ReadonlyArray<[string, string]> = [
  ['i', 'и'], ['ia', 'я'], ['ie', 'е'], ['iao', 'яо'], ['iu', 'ю'], ['ian', 'янь'], ['in', 'инь'], ['iang', 'ян'], ['ing', 'ин'], ['iong', 'юн'],
];
/** Finals of the ü series (written u, as lists write Lü and Xu), after n l and j q x. */
const U_FINALS: ReadonlyArray<[string, string]> = [['u', 'юй'], ['ue', 'юэ'], ['uan', 'юань'], ['un', 'юнь']];
const ZERO_INITIAL =
  'a:а e:э ai:ай ei:эй ao:ао ou:оу an:ань en:энь ang:ан eng:эн er:эр yi:и ya:я ye:е yao:яо you:ю yan:янь yin:инь yang:ян ying:ин ' +
  'yong:юн wu:у wa:ва wo:во wai:вай wei:вэй wan:вань wen:вэнь wang:ван weng:вэн yu:юй yue:юэ yuan:юань yun:юнь';

function palladius(): Syllables {
  const out = new Map<string, string>();
  const add = (cyr: string, latin: string) => {
    if (!out.has(cyr)) out.set(cyr, latin);
  };
  for (const pair of ZERO_INITIAL.split(' ')) {
    const [latin, cyr] = pair.split(':') as [string, string];
    add(cyr, latin);
  }
  for (const [ini, cyr] of INITIALS) {
    for (const [fin, f] of FINALS) add(cyr + f, ini + fin);
    add(cyr + 'о', ['b', 'p', 'm', 'f'].includes(ini) ? `${ini}o` : `${ini}uo`);
    if (['zh', 'ch', 'sh', 'r'].includes(ini)) add(cyr + 'и', `${ini}i`);
    if (['z', 'c', 's'].includes(ini)) add(cyr + 'ы', `${ini}i`);
  }
  const palatal: ReadonlyArray<[string, string]> = [['b', 'б'], ['p', 'п'], ['m', 'м'], ['d', 'д'], ['t', 'т'], ['n', 'н'], ['l', 'л'], ['j', 'цз'], ['q', 'ц'], ['x', 'с']];
  // The i and ü series come first for цз ц с: цзи is ji, not a z syllable.
  for (const [ini, cyr] of palatal) {
    for (const [fin, f] of I_FINALS) out.set(cyr + f, ini + fin);
    if (['n', 'l', 'j', 'q', 'x'].includes(ini)) for (const [fin, f] of U_FINALS) out.set(cyr + f, ini + fin);
  }
  return out;
}

/** Polivanov kana → Hepburn. */
function polivanov(): Syllables {
  const out = new Map<string, string>();
  const vowels: ReadonlyArray<[string, string]> = [['а', 'a'], ['и', 'i'], ['у', 'u'], ['э', 'e'], ['о', 'o']];
  const glides: ReadonlyArray<[string, string]> = [['я', 'a'], ['ю', 'u'], ['ё', 'o']];
  for (const [v, l] of vowels) out.set(v, l);
  for (const [v, l] of glides) out.set(v, `y${l}`);
  const rows: ReadonlyArray<[string, string]> = [['к', 'k'], ['г', 'g'], ['с', 's'], ['дз', 'z'], ['т', 't'], ['д', 'd'], ['н', 'n'], ['х', 'h'], ['б', 'b'], ['п', 'p'], ['м', 'm'], ['р', 'r']];
  for (const [c, l] of rows) {
    for (const [v, lv] of vowels) out.set(c + v, l + lv);
    for (const [v, lv] of glides) out.set(c + v, `${l}y${lv}`);
  }
  for (const [cyr, latin] of Object.entries({ си: 'shi', ся: 'sha', сю: 'shu', сё: 'sho', дзи: 'ji', дзя: 'ja', дзю: 'ju', дзё: 'jo', ти: 'chi', тя: 'cha', тю: 'chu', тё: 'cho', цу: 'tsu', фу: 'fu', ва: 'wa', во: 'wo', н: 'n', нъ: 'n' })) out.set(cyr, latin);
  return out;
}

interface System {
  syllables: Syllables;
  /** A mark of the system in a word: what a Russian word does not have. */
  mark: RegExp;
  /** Letters written before a syllable that begins with them (Japanese doubled consonants: Хаттори, Саппоро). */
  geminates: ReadonlySet<string>;
  /** A vowel may be followed by й, read as i (Дайкоку Daikoku). */
  iAfterVowel: boolean;
  /** Each syllable is a word of its own, matched as a Han syllable is. */
  syllableWords: boolean;
}

/**
 * Marks a word of a reading as one syllable of a syllabic name (Chinese, Korean), which the
 * matcher meets only as spelt, in a variant or another romanisation, as it meets Han and Hangul
 * syllables: 彭 peng is not Pyong, so neither is the Пэн of Ли Пэн. A private-use character, so
 * no name carries it; normalisation drops it with the other non-letters.
 */
export const SYLLABLE_MARK = '\uE000';

const SYSTEMS: readonly System[] = [
  { syllables: palladius(), mark: /цз|чж|[цс]ы|[бпмфдтнлгкхцсшжч]э|эй|оу|ю[йэ]|[аэиуюя]нь/, geminates: new Set(), iAfterVowel: false, syllableWords: true },
  { syllables: polivanov(), mark: /дз|[кгсдтнхбпмр]э|ти|си|цу|[кгсдзтнхбпмр][ёюя]/, geminates: new Set(['к', 'т', 'п', 'с']), iAfterVowel: true, syllableWords: false },
];
const LONGEST = 6;
const VOWELS = /[аиуэоеяюё]/;
const CYRILLIC_RUN = /\p{Script=Cyrillic}+/gu;
const CYRILLIC = /\p{Script=Cyrillic}/u;

/** The word spelt in the system's syllables, with the fewest syllables; null when it does not split into them. */
function spell(word: string, system: System): string | null {
  const n = word.length;
  // best[i]: fewest syllables spelling word[i..]; read back from the start.
  const best = new Array<number>(n + 1).fill(Infinity);
  const choice = new Array<string>(n + 1).fill('');
  const step = new Array<number>(n + 1).fill(0);
  best[n] = 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let len = Math.min(LONGEST, n - i); len >= 1; len--) {
      const piece = word.slice(i, i + len);
      let latin = system.syllables.get(piece);
      if (latin === undefined && len === 1) {
        if (system.iAfterVowel && piece === 'й' && i > 0 && VOWELS.test(word[i - 1]!)) latin = 'i';
        else if (system.geminates.has(piece) && word[i + 1] === piece && best[i + 1] !== Infinity) latin = choice[i + 1]![0]!;
        else if (system.geminates.has(piece) && piece === 'т' && word[i + 1] === 'ц') latin = 't';
      }
      if (latin === undefined || best[i + len]! + 1 >= best[i]!) continue;
      best[i] = best[i + len]! + 1;
      choice[i] = latin;
      step[i] = len;
    }
  }
  if (best[0] === Infinity) return null;
  const syllables: string[] = [];
  for (let i = 0; i < n; i += step[i]!) syllables.push(choice[i]!);
  // Chinese syllables stay apart, as Han ones do (jin ping ~ Jinping is for the matcher to glue).
  return system.syllableWords ? syllables.map((x) => SYLLABLE_MARK + x).join(' ') : syllables.join('');
}

/**
 * Kontsevich initials, longest first. The voiced ones (г д б) are written where Korean voices the
 * consonant, inside a name, where lists write g or k (Ri Man Gon, O Kuk Ryol): г is read both ways.
 */
const KOREAN_INITIALS: ReadonlyArray<[string, string | string[]]> = [
  ['чж', 'j'], ['чх', 'ch'], ['чч', 'jj'], ['кх', 'k'], ['тх', 'th'], ['пх', 'p'], ['кк', 'kk'], ['тт', 'tt'], ['пп', 'pp'], ['сс', 'ss'],
  ['ч', 'j'], ['к', 'k'], ['г', ['k', 'g']], ['т', 't'], ['д', 'd'], ['п', 'p'], ['б', 'b'], ['с', 's'], ['х', 'h'], ['м', 'm'], ['н', 'n'], ['р', 'r'], ['л', 'l'], ['', ''],
];
/** Vowels, longest first: ы and о are the ŭ and ŏ that DPRK spellings write u and o. */
const KOREAN_VOWELS: ReadonlyArray<[string, string]> = [
  ['ый', 'ui'], ['ве', 'oe'], ['вэ', 'wae'], ['ва', 'wa'], ['во', 'wo'], ['ви', 'wi'], ['йе', 'ye'],
  ['а', 'a'], ['я', 'ya'], ['о', 'o'], ['ё', 'yo'], ['у', 'u'], ['ю', 'yu'], ['ы', 'u'], ['и', 'i'], ['э', 'ae'], ['е', 'e'],
];
/** Finals. н is both ㄴ n and ㅇ ng; read both ways after the vowels names have both with (an ang, on ong, yon yong, un ung). */
const KOREAN_FINALS: ReadonlyMap<string, string> = new Map([['ль', 'l'], ['к', 'k'], ['н', 'n'], ['т', 't'], ['р', 'l'], ['м', 'm'], ['п', 'p'], ['', '']]);
const NG_AFTER = new Set(['a', 'ya', 'o', 'yo', 'u', 'wa']);
/** Syllables Russian writes by tradition, not by the system (Ким Чен Ир, Ким Ир Сен). */
const KOREAN_WORDS: ReadonlyMap<string, string[]> = new Map(
  Object.entries({ чен: ['jong'], сен: ['song'], хи: ['hi', 'hui'] }).map(([k, v]) => [k, v.map((x) => SYLLABLE_MARK + x)]),
);
const KOREAN_SURNAMES = new Set(
  'ким пак ли ри чхве цой чон чо хён чан о ко мун юн кан ан хван сон хан син ю лим рим нам пэк чу ку со пэ квон ян им ха чхон рю хон мин чин сим кым чха ток'.split(' '),
);
/** Readings of a name at most: a syllable read several ways (г, a final н) that would make more takes its first. */
const KOREAN_MAX_READINGS = 8;

/** One Cyrillic syllable's Latin spellings; null when it is not a Korean syllable. */
function koreanSyllable(word: string): string[] | null {
  const traditional = KOREAN_WORDS.get(word);
  if (traditional) return traditional;
  for (const [ini, li] of KOREAN_INITIALS) {
    if (!word.startsWith(ini)) continue;
    for (const [v, lv] of KOREAN_VOWELS) {
      if (!word.startsWith(v, ini.length)) continue;
      const rest = word.slice(ini.length + v.length);
      const fin = KOREAN_FINALS.get(rest);
      if (fin === undefined) continue;
      const finals = rest === 'н' && NG_AFTER.has(lv) ? ['n', 'ng'] : [fin];
      return (typeof li === 'string' ? [li] : li).flatMap((l) => finals.map((lf) => SYLLABLE_MARK + l + lv + lf));
    }
  }
  return null;
}

/** The name as a Korean name in Kontsevich spelling, in its readings; none unless it looks like one. */
function koreanReadings(text: string): string[] {
  const runs = [...text.matchAll(CYRILLIC_RUN)];
  if (runs.length < 2 || runs.length > 5 || !runs.some((r) => KOREAN_SURNAMES.has(r[0].toLowerCase()))) return [];
  const spellings: string[][] = [];
  let count = 1;
  for (const r of runs) {
    const options = koreanSyllable(r[0].toLowerCase());
    if (!options) return [];
    const kept = count * options.length > KOREAN_MAX_READINGS ? options.slice(0, 1) : options;
    count *= kept.length;
    spellings.push(kept);
  }
  let readings = [''];
  let at = 0;
  runs.forEach((r, i) => {
    const between = text.slice(at, r.index);
    readings = readings.flatMap((head) => spellings[i]!.map((syllable) => head + between + syllable));
    at = r.index! + r[0].length;
  });
  return readings.map((head) => head + text.slice(at));
}

/** The name's readings as Chinese (Palladius), Japanese (Polivanov) and Korean (Kontsevich) names; none for most names. */
export function cyrillicForeignReadings(text: string): string[] {
  if (!CYRILLIC.test(text)) return [];
  const out: string[] = [];
  for (const system of SYSTEMS) {
    let marked = false;
    let whole = true;
    const reading = text.replace(CYRILLIC_RUN, (word) => {
      const lower = word.toLowerCase();
      if (system.mark.test(lower)) marked = true;
      const spelt = whole ? spell(lower, system) : null;
      if (spelt === null) whole = false;
      return spelt ?? word;
    });
    if (marked && whole) out.push(reading);
  }
  out.push(...koreanReadings(text));
  return out;
}
