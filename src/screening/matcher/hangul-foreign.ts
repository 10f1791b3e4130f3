/**
 * Hangul as Korean writes foreign names (Wikidata labels, Korean press): 미하일 자술리치 Mikhail
 * Zasulich, 쿠르트 발트하임 Kurt Waldheim, 제임스 맨골드 James Mangold. Revised Romanisation
 * block by block (scripts.ts) suits Korean names but not these: Korean closes a foreign
 * consonant with the vowel ㅡ (스 s, 트 t, 르 r), writes r and l with one letter ㄹ, b and v with
 * ㅂ, p and f with ㅍ, and English schwa with ㅓ (카터 Carter, 사이먼 Simon). `hangulReadings`
 * gives the name's readings with each Hangul word spelt as such a name: the likeliest
 * spellings of each word, combined across words up to MAX_READINGS, and one reading as Korean
 * writes Japanese names (가토 나쓰키 Kato Natsuki).
 */

import { SYLLABLE_MARK } from './cyrillic-foreign.js';

const HANGUL = /[\uAC00-\uD7A3]/;
const HANGUL_RUN = /[\uAC00-\uD7A3]+/g;

/** Spellings kept per word, and readings per name (the katakana readings stop at 19). */
const PER_WORD = 6;
const MAX_READINGS = 16;

/** One spelling step: the letters it may be written with, each with a weight (likeliest 1). */
type Options = ReadonlyArray<readonly [string, number]>;

// Jamo by their index in a block (Unicode order: 19 initials, 21 medials, 28 finals).
const [G, D, R, B, S, SS, O, J, JJ, CH, K, T, P, H] = [0, 3, 5, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
const [A, YA, YAE, EO, E, YEO, YE, OO, WA, YO, U, WI, YU, EU, I] = [0, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 16, 17, 18, 20];

/** Initial consonants as a foreign name's letters, likeliest first with a weight each. */
const ONSET: Options[] = [
  [['g', 1]], // ㄱ
  [['k', 1]], // ㄲ
  [['n', 1]], // ㄴ
  [['d', 1]], // ㄷ
  [['t', 1]], // ㄸ
  [['r', 1], ['l', 0.9]], // ㄹ
  [['m', 1]], // ㅁ
  [['b', 1], ['v', 0.8]], // ㅂ
  [['p', 1]], // ㅃ
  [['s', 1]], // ㅅ
  [['s', 1], ['ts', 0.5]], // ㅆ
  [['', 1]], // ㅇ
  [['j', 1], ['z', 0.7]], // ㅈ
  [['ts', 1], ['z', 0.7]], // ㅉ
  [['ch', 1], ['ts', 0.6], ['z', 0.5]], // ㅊ
  [['k', 1], ['c', 0.6]], // ㅋ
  [['t', 1]], // ㅌ
  [['p', 1], ['f', 0.8]], // ㅍ
  [['h', 1]], // ㅎ
];

/** Vowels; ㅡ and ㅓ depend on their place (see `vowel`). */
const VOWEL: Options[] = [
  [['a', 1]], // ㅏ
  [['a', 1], ['e', 0.6]], // ㅐ
  [['ya', 1]], // ㅑ
  [['ya', 1]], // ㅒ
  [['o', 1], ['u', 0.9], ['e', 0.8], ['a', 0.8]], // ㅓ
  [['e', 1]], // ㅔ
  [['yo', 1], ['ye', 0.6]], // ㅕ
  [['ye', 1]], // ㅖ
  [['o', 1], ['au', 0.4]], // ㅗ
  [['wa', 1]], // ㅘ
  [['we', 1]], // ㅙ
  [['o', 1], ['e', 0.6], ['oe', 0.5]], // ㅚ
  [['yo', 1]], // ㅛ
  [['u', 1]], // ㅜ
  [['wo', 1], ['wa', 0.7]], // ㅝ
  [['we', 1]], // ㅞ
  [['wi', 1], ['u', 0.6]], // ㅟ
  [['yu', 1], ['u', 0.7]], // ㅠ
  [['e', 1]], // ㅡ
  [['ui', 1], ['i', 0.6]], // ㅢ
  [['i', 1]], // ㅣ
];

/** Final consonants (index 0: none). */
const CODA: string[] = ['', 'k', 'k', 'ks', 'n', 'nj', 'n', 't', 'l', 'lk', 'lm', 'lb', 'ls', 'lt', 'lp', 'l', 'm', 'p', 'ps', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't'];
const FINAL_L = 8;
const FINAL_S = 19;
const FINAL_NG = 21;

/**
 * Frequent foreign name words whose Latin spelling no reading reaches: English spellings keep
 * letters the sound has lost (존 John, 찰스 Charles, 스미스 Smith), French and Spanish ones
 * write sounds Korean hears otherwise (장 Jean, 자크 Jacques, 후안 Juan), and particles.
 */
const NAMES = new Map(
  (
    '존:john 폴:paul 우드:wood 후안:juan 호세:jose 호르헤:jorge 마이클:michael 조지:george 마크:mark/marc 마이크:mike 라이언:ryan 조:joe 찰스:charles 샤를:charles ' +
    '스티브:steve 스미스:smith 브라운:brown 스티븐:stephen/steven 칸:khan 앤서니:anthony 안토니:anthony 장:jean 매슈:matthew ' +
    '조너선:jonathan 엘리자베스:elizabeth 루이스:lewis/luis/louis 앤드루:andrew 앤드류:andrew 메리:mary 조지프:joseph 조셉:joseph ' +
    '요제프:josef/joseph 하워드:howard 밥:bob 바비:bobby 루이:louis 프랑수아:francois 피에르:pierre 루크:luke 스튜어트:stewart/stuart ' +
    '미셸:michelle/michel 자크:jacques 에디:eddie 크리스토퍼:christopher 데이브:dave 게리:gary 레이철:rachel ' +
    '조반니:giovanni 칼:carl/karl 카를:karl/carl 모리스:maurice/morris 브루스:bruce 제인:jane 무어:moore 로라:laura 롭:rob ' +
    '아서:arthur 앨릭스:alex 숀:sean/shawn 얀:jan 세라:sarah 로런:lauren 요한:johann/johan 크레이그:craig 리베카:rebecca ' +
    '키스:keith 찰리:charlie 로런스:lawrence 로렌스:lawrence 커티스:curtis 프리츠:fritz 화이트:white ' +
    '프랜시스:francis 브룩:brooke 조르주:georges 주세페:giuseppe 크리스천:christian 케이트:kate 네이선:nathan 앤:anne/ann ' +
    '휴:hugh 휴스:hughes 곤살레스:gonzalez 마셜:marshall 제이크:jake 캐서린:catherine/katherine 르네:rene 소피:sophie ' +
    '낸시:nancy 조니:johnny 워드:ward 워런:warren 레너드:leonard 필리프:philippe 서맨사:samantha 머피:murphy ' +
    '그레이엄:graham 홀:hall 바버라:barbara 닐:neil 조르조:giorgio 요하네스:johannes 에번:evan 가이:guy 머리:murray ' +
    '알랭:alain 마거릿:margaret 헤더:heather 세자르:cesar 그레이스:grace 잔:jeanne 앙리:henri 케네스:kenneth ' +
    '앨리스:alice 쥘:jules 압둘라:abdullah 제시:jesse 세스:seth 웨인:wayne 에런:aaron 제이컵:jacob 더글러스:douglas ' +
    '프레더릭:frederick 에이브러햄:abraham 니컬러스:nicholas 루커스:lucas 토머스:thomas 리처드:richard 유진:eugene ' +
    '시어도어:theodore 빅터:victor 오언:owen 제럴드:gerald 맥도널드:mcdonald 이선:ethan 나이절:nigel ' +
    // Particles, which a Latin name also writes apart.
    '드:de 지:de 더:de 두스:dos 르:le 반:van 판:van 폰:von'
  )
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

interface Block {
  initial: number;
  medial: number;
  final: number;
}

function decompose(word: string): Block[] {
  return [...word].map((ch) => {
    const code = ch.charCodeAt(0) - 0xac00;
    return { initial: Math.floor(code / 588), medial: Math.floor((code % 588) / 28), final: code % 28 };
  });
}

/** Consonants that open a Latin name's cluster with r or l (Brown, Craig, Fritz, Gloria). */
const CLUSTER_FIRST = new Set([G, K, B, P, D, T]);
const Y_VOWELS = new Set([YA, YAE, YEO, YE, YO, YU]);
/** The y of a y-vowel after these is part of the consonant (샤 sha, 쥬 ju, 챠 cha). */
const PALATAL = new Set([S, J, CH, JJ, SS]);

function onset(blocks: Block[], i: number): Options {
  const b = blocks[i]!;
  const prev = blocks[i - 1];
  // ㄹㄹ is one l (윌리엄 William, 줄리언 Julian): the final ㄹ already wrote it.
  if (b.initial === R && prev?.final === FINAL_L) return [['', 1]];
  // Spanish j is ㅎ (후안 Juan, 호세 Jose), German ch is 흐 and a final 히 (에리히 Erich).
  if (b.initial === H) {
    if (i === 0) return [['h', 1], ['j', 0.5]];
    const next = blocks[i + 1];
    if (b.final === 0 && (b.medial === EU || (b.medial === I && (next === undefined || next.initial === T)))) return [['ch', 1], ['h', 0.7]];
  }
  // A final 트 is also the d German and Dutch names end in (게르하르트 Gerhard, 리하르트 Richard).
  if (b.initial === T && b.medial === EU && b.final === 0 && i === blocks.length - 1) return [['t', 1], ['d', 0.5]];
  // A final 즈 is the z or s of English plurals and Spanish names (로즈 Rose, 크루즈 Cruz), 츠 a ts or z (프리츠 Fritz).
  if (b.medial === EU && b.final === 0 && i === blocks.length - 1) {
    if (b.initial === J) return [['z', 1], ['s', 0.8]];
    if (b.initial === CH) return [['ts', 1], ['z', 0.7], ['tz', 0.6], ['ch', 0.5]];
  }
  // 야, 요 after a vowel are also the ll of Spanish names (무리요 Murillo, 카스티야 Castilla).
  if (b.initial === O && (b.medial === YA || b.medial === YO) && i > 0 && blocks[i - 1]!.final === 0) return [['y', 1], ['ll', 0.4]];
  // 시, 샤, 슈, 셰 are sh; 시 is also plain si.
  if (b.initial === S && b.medial === I) return [['sh', 1], ['s', 0.8]];
  if (b.initial === S && (Y_VOWELS.has(b.medial) || b.medial === WI)) return [['sh', 1]];
  return ONSET[b.initial]!;
}

function vowel(blocks: Block[], i: number): Options {
  const b = blocks[i]!;
  const next = blocks[i + 1];
  const last = next === undefined;
  const palatal = PALATAL.has(b.initial) || (b.initial === S && (Y_VOWELS.has(b.medial) || b.medial === WI));
  if (b.medial === EU) {
    // ㅡ closes a consonant Korean cannot end a syllable with (스 s, 트 t, 르 r, 브 b).
    if (b.final === 0) {
      if (b.initial === O) return [['eu', 1]];
      // A first syllable keeps it unless it opens a cluster Latin names begin with (스미스 Smith,
      // 크리스 Chris, 브라운 Brown): 르클레르 is Leclerc, 드골 de Gaulle.
      if (i === 0 && !(b.initial === S || (next?.initial === R && CLUSTER_FIRST.has(b.initial)))) return [['e', 1]];
      return [['', 1]];
    }
    // 블라, 클리: an l-cluster (Vladimir, Cleaver).
    if (b.final === FINAL_L && next?.initial === R) return [['', 1]];
    // With a final it is a schwa (슨 -son, 븐 -ven), nothing in a cluster (에른스트 Ernst), or before a nasal (음포코 Mphoko).
    return b.initial === O ? [['', 1], ['e', 0.6]] : [['e', 1], ['', 0.8], ['o', 0.7]];
  }
  // 슈 before a consonant is German sch and st (슈타인 Stein, 슈미트 Schmidt).
  if (b.initial === S && b.medial === YU && b.final === 0 && next && next.initial !== O) return [['', 1], ['u', 0.6]];
  if (b.initial === H && b.medial === I && b.final === 0 && i > 0 && (last || next.initial === T)) return [['', 1], ['i', 0.8]];
  // Word-final 치 and 지 are -ch and -ge as often as -chi (리치 -lich, 조지 George).
  if ((b.initial === CH || b.initial === J) && b.medial === I && b.final === 0 && last && i > 0) return [['', 1], ['i', 0.8]];
  if (b.medial === EO || (palatal && b.medial === YEO)) {
    // Open ㅓ is the -er of English names (카터 Carter, 피셔 Fischer, 로버트 Robert).
    if (b.final === 0) return last ? [['er', 1], ['a', 0.7], ['o', 0.7]] : [['o', 1], ['er', 0.9], ['u', 0.8], ['e', 0.8], ['a', 0.8]];
    return VOWEL[EO]!;
  }
  if (b.initial === O && (b.medial === YA || b.medial === YO) && i > 0 && blocks[i - 1]!.final === 0) return VOWEL[b.medial]!.map(([v, w]) => [v.slice(1), w] as const);
  if (palatal && Y_VOWELS.has(b.medial)) return VOWEL[b.medial]!.map(([v, w]) => [v.replace(/^y/, ''), w] as const);
  // English writes a final i -ey and -ie (브래들리 Bradley, 매기 Maggie), and yu after a consonant ew (뉴턴 Newton).
  if (b.medial === I && b.final === 0 && last && i > 0) return [['i', 1], ['ey', 0.5], ['ie', 0.4]];
  if (b.medial === YU && b.initial !== O) return [['yu', 1], ['u', 0.7], ['ew', 0.5]];
  return VOWEL[b.medial]!;
}

function coda(blocks: Block[], i: number): Options {
  const b = blocks[i]!;
  const next = blocks[i + 1];
  // A final ㅅ before a consonant doubles it, as Korean writes Japanese and Italian (삿사 Sassa).
  if (b.final === FINAL_S && next && next.initial !== O) return [['t', 1], ['', 0.6]];
  if (b.final === FINAL_L && next?.initial === R) return [['l', 1]];
  // ㅇ before ㄱ is the n of ng (닝겔 Ningel, 잉글 Ingl-).
  if (b.final === FINAL_NG && next?.initial === G) return [['n', 1]];
  return [[CODA[b.final]!, 1]];
}

/**
 * 아이 and 에이 are one vowel of the name: English i (브라이언 Brian, 사이먼 Simon) or German ei
 * (아인슈타인 Einstein), English a (제임스 James, 데이비드 David) or ay (레이먼드 Raymond).
 */
const DIPHTHONG: Record<number, Options> = {
  [A]: [['ai', 1], ['i', 0.7], ['ei', 0.7], ['y', 0.5]],
  [E]: [['ei', 1], ['a', 0.8], ['ey', 0.6], ['ay', 0.6]],
};

function steps(word: string): Options[] {
  const blocks = decompose(word);
  const out: Options[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    const next = blocks[i + 1];
    const diphthong = DIPHTHONG[b.medial];
    if (diphthong && b.final === 0 && next?.initial === O && next.medial === I) {
      out.push(onset(blocks, i), diphthong, coda(blocks, ++i));
      continue;
    }
    out.push(onset(blocks, i), vowel(blocks, i), coda(blocks, i));
  }
  return out;
}

/** The PER_WORD likeliest spellings of one word, likeliest first; a known name's own spellings before them. */
function spellings(word: string): Array<[string, number]> {
  const known = NAMES.get(word)?.split('/');
  if (known) return [...known.map((k): [string, number] => [k, 1]), ...generated(word).slice(0, 2).map(([t, w]): [string, number] => [t, w / 2])];
  return generated(word);
}

function generated(word: string): Array<[string, number]> {
  let beam: Array<[string, number]> = [['', 1]];
  for (const options of steps(word)) {
    const next = new Map<string, number>();
    for (const [text, weight] of beam) {
      for (const [piece, w] of options) {
        const t = text + piece;
        next.set(t, Math.max(next.get(t) ?? 0, weight * w));
      }
    }
    beam = [...next].sort((a, b) => b[1] - a[1]).slice(0, PER_WORD);
  }
  // A one-letter spelling (아이 as i) would read as an initial or a numeral.
  const words = beam.filter(([t]) => t.length > 1);
  return words.length > 0 ? words : beam;
}

/** Vowels of a Japanese name in Hangul (a i u e o, ya yu yo, wa); ㅡ only in 스 쓰 즈 (su tsu zu). */
const JAPANESE_VOWELS = new Set([A, I, U, E, OO, YA, YU, YO, WA]);
const FINAL_N = 4;

/**
 * The word as Korean writes a Japanese name, or null when it cannot be one: voiceless k and t
 * written ㄱ and ㄷ at the start (가토 Kato, 다나카 Tanaka), every vowel the name's own (쓰
 * tsu, 즈 zu), ㅈ as j at the start and before i, z elsewhere (가나조노 Kanazono), and a final ㅅ
 * for a doubled consonant (삿사 Sassa, 핫토리 Hattori).
 */
function japanese(word: string): string | null {
  const blocks = decompose(word);
  let out = '';
  for (let i = 0; i < blocks.length; i++) {
    const { initial, medial, final } = blocks[i]!;
    const next = blocks[i + 1];
    const eu = medial === EU && (initial === S || initial === SS || initial === J);
    if (!(JAPANESE_VOWELS.has(medial) || eu) || (final !== 0 && final !== FINAL_N && !(final === FINAL_S && next && next.initial !== O))) return null;
    // ティ, トゥ are not Japanese syllables: Korean writes ち and つ as 치 and 쓰.
    if ((initial === D || initial === T) && (medial === I || medial === U)) return null;
    let c = ONSET[initial]![0]![0];
    if (i === 0 && initial === G) c = 'k';
    else if (i === 0 && initial === D) c = 't';
    else if (initial === J) c = i === 0 || medial === I ? 'j' : 'z';
    else if (initial === S && (medial === I || Y_VOWELS.has(medial))) c = 'sh';
    else if (initial === SS) c = eu ? 'ts' : 's';
    else if (initial === H && medial === U) c = 'f';
    else if (initial === R) c = 'r';
    let v = eu ? 'u' : VOWEL[medial]![0]![0];
    if (PALATAL.has(initial) && Y_VOWELS.has(medial)) v = v.slice(1);
    const doubled = final === FINAL_S ? (ONSET[next!.initial]![0]![0][0] ?? '') : '';
    out += c + v + (final === FINAL_N ? 'n' : doubled);
  }
  return out;
}

const REGNAL = /(?<![\d\p{L}])(\d{1,2})세(?!\p{L})/gu;
const ROMAN: Array<[number, string]> = [[10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];

function roman(n: number): string {
  let out = '';
  for (const [value, letters] of ROMAN) for (; n >= value; n -= value) out += letters;
  return out;
}

/**
 * Whether a word written alone reads as a Korean (or Chinese) name as Korean writes those: two
 * or three syllables (김정은, 왕후닝), none of them the ㅡ Korean adds to a foreign consonant.
 * Read as a foreign name, such a word's syllables run together only find look-alikes among
 * listed names (소정 as sojang ~ Son Jang); its block-by-block reading (scripts.ts) is the one.
 */
function koreanName(word: string): boolean {
  const blocks = decompose(word);
  return blocks.length <= 3 && blocks.every((b) => !(b.medial === EU && b.final === 0 && b.initial !== O));
}

/** Whether the name holds Hangul. */
export const hasHangul = (text: string): boolean => HANGUL.test(text);

/**
 * The name with each Hangul word spelt as a foreign name: every word's likeliest spelling
 * first, then the other combinations by likelihood, then the Japanese reading; at most
 * MAX_READINGS. The name's Revised Romanisation is not among them (scripts.ts gives it).
 */
export function hangulReadings(name: string): string[] {
  // 루이 15세 is Louis XV: 세 after a number is a ruler's ordinal.
  const text = name.replace(REGNAL, (_, n: string) => roman(Number(n)));
  const parts = text.split(HANGUL_RUN);
  const words = text.match(HANGUL_RUN) ?? [];
  if (words.length === 0 || (words.length === 1 && parts.every((p) => p.trim() === '') && koreanName(words[0]!))) return [];
  let combos: Array<[string[], number]> = [[[], 1]];
  for (const word of words) {
    const own = spellings(word);
    combos = combos
      .flatMap(([spelt, weight]) => own.map(([s, w]): [string[], number] => [[...spelt, s], weight * w]))
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_READINGS - 1);
  }
  const readings = new Set(combos.map(([spelt]) => parts.map((p, i) => p + (spelt[i] ?? '')).join('')));
  const japaneseWords = words.map(japanese);
  if (japaneseWords.every((w) => w !== null)) readings.add(parts.map((p, i) => p + (japaneseWords[i] ?? '')).join(''));
  return [...readings];
}

/**
 * McCune-Reischauer as North Korean names are listed (OFAC, UN: KIM Yo Jong, RI Pyong Chol,
 * CHOE Ryong Hae), without its marks: ㄱ ㄷ ㅂ are k t p, ㅌ th, ㄹ r before a vowel, ㅓ and ㅕ
 * o and yo, ㅡ u. Revised Romanisation (scripts.ts: gim yeo jeong, byeong, lyong) writes those
 * g d b t l eo yeo eu, which a Hangul syllable, matched only as spelt, never meets otherwise.
 */
const MR_ONSET = ['k', 'kk', 'n', 't', 'tt', 'r', 'm', 'p', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 'th', 'p', 'h'];
const MR_VOWEL = ['a', 'ae', 'ya', 'yae', 'o', 'e', 'yo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'u', 'ui', 'i'];
const MR_CODA = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't'];
/** Surnames North Korean names spell otherwise: 이 and 리 are Ri (the other reading keeps Lee). */
const MR_SURNAMES: ReadonlyMap<string, string> = new Map([['이', 'ri'], ['리', 'ri']]);

/**
 * The name with each Hangul word spelt one McCune-Reischauer syllable a word, each marked as a
 * syllable (SYLLABLE_MARK) so it is matched as the block-by-block reading is; null when the name
 * has no Hangul, does not open with a Korean surname, or has a word that does not read as a
 * Korean name (a foreign name, five blocks or more). Unspaced (김여정) and spaced (김 여정) read alike.
 */
export function hangulKoreanReading(name: string): string | null {
  const words = name.match(HANGUL_RUN);
  if (!words || !KOREAN_SURNAMES.has(words[0]![0]!) || words.some((w) => w.length > 4 || !koreanBlocks(w))) return null;
  // Two blocks as one word are mostly a foreign or Chinese name (나다 Nada, 반초 Ban Chao), not a
  // surname and a given name of one syllable.
  if (words.length === 1 && words[0]!.length < 3) return null;
  let first = true;
  return name.replace(HANGUL_RUN, (word) => {
    let out = '';
    for (const b of word) {
      const own = first ? MR_SURNAMES.get(b) : undefined;
      first = false;
      const code = b.charCodeAt(0) - 0xac00;
      out += ` ${SYLLABLE_MARK}${own ?? MR_ONSET[Math.floor(code / 588)]! + MR_VOWEL[Math.floor((code % 588) / 28)]! + MR_CODA[code % 28]!}`;
    }
    return `${out} `;
  });
}

/** Frequent Korean surnames: a name read in McCune-Reischauer opens with one. */
const KOREAN_SURNAMES = new Set(
  '김 이 리 박 최 정 강 조 윤 장 임 림 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 로 하 곽 성 차 주 우 구 민 진 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 라 나 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 용 예 경 봉 사 부 태 량 계 피 두 승'.split(' '),
);

/** No syllable with the ㅡ Korean adds to close a foreign consonant (스, 트, 르). */
function koreanBlocks(word: string): boolean {
  return decompose(word).every((b) => !(b.medial === EU && b.final === 0 && b.initial !== O));
}
