import anyAscii from 'any-ascii';

/**
 * Script-specific steps that must run before (or instead of) any-ascii. Arabic and Hebrew are
 * romanised here one letter per letter, because any-ascii's digraphs are ambiguous without
 * vowels (its `th` is ث, or ت before ه as in طاهر Tahir); their article goes and known name
 * words are spelt out. Han comes out of any-ascii as glued pinyin ("XiJinPing"), so each
 * character is one syllable here; a Korean surname in Revised Romanisation ("Gim", "I", "Bag")
 * is spelt as lists spell it; Cyrillic дж/чж are the j/zh of foreign names, and a Greek word's
 * opening μπ ντ γκ its b d g.
 */

/** Scripts whose romanisation lacks most vowels (abjads and abugidas with inherent vowels). */
const VOWEL_POOR =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Sinhala}\p{Script=Tibetan}]/u;
const ARABIC = /\p{Script=Arabic}/u;
const HEBREW = /\p{Script=Hebrew}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const GREEK = /\p{Script=Greek}/u;
const GREEK_INITIAL_STOP = /^(?:[μΜ][πΠ]|[νΝ][τΤ]|[γΓ][κΚ])/u;
const GREEK_STOPS: Readonly<Record<string, string>> = { μπ: 'b', ντ: 'd', γκ: 'g' };
const HANGUL_WORD = /^\p{Script=Hangul}+$/u;
/** One syllable per Han character or Hangul block: the pieces lists write as separate words. */
const SYLLABIC = /[\p{Script=Han}\p{Script=Hangul}]/gu;
const NON_ASCII = /[^\t\n\r -~]/;

const table = (pairs: string): ReadonlyMap<string, string> =>
  new Map(pairs.split(' ').map((pair) => pair.split(':') as [string, string]));

/**
 * Arabic (with Persian and Urdu) letters → one Latin letter each, as Latin lists spell them
 * after their own digraphs fold (kh → h, sh → s, gh → g; see keys.ts). Four letters are read
 * one way in Arabic and another in Persian, Urdu and Pashto names — ث th/s (Thaqib, Saqib),
 * ذ dh/z, ظ dh/z, ض d/z (Fadl, Fazl) — so they get marker letters (c, x, v, p) that the
 * skeleton reads both ways (ABJAD_READINGS in keys.ts). Alef and ayn are written as a vowel
 * (`a`): no consonant a list would write, but a letter, so a following و or ي is not
 * word-initial (العوني → awny ~ Ouni). Hamza carries nothing.
 */
const ARABIC_LETTERS = table(
  'ا:a ب:b ت:t ث:c ج:j ح:h خ:h د:d ذ:x ر:r ز:z س:s ش:s ص:s ض:p ط:t ظ:v ع:a غ:g ف:f ق:q ك:k ل:l م:m ن:n ' +
    'ه:h ة:h و:w ي:y ى:a ء: ئ: ؤ:w پ:b چ:k ژ:z گ:g ک:k ی:y ٹ:t ڈ:d ڑ:r ں:n ے:y ہ:h ھ:h',
);

/** Hebrew letters → Latin; ב and פ: see hebrewWord. */
const HEBREW_LETTERS = table('א:a ג:g ד:d ה:h ו:w ז:z ח:h ט:t י:y כ:k ך:k ל:l מ:m ם:m נ:n ן:n ס:s ע:a צ:ts ץ:ts ק:k ר:r ש:s ת:t');

/** Frequent Arabic name words, so they align as the same word and not only by skeleton. */
const ARABIC_WORDS = table(
  'محمد:mohammed احمد:ahmed محمود:mahmoud علي:ali حسن:hassan حسين:hussein عبد:abd الله:allah عمر:omar ' +
    'عثمان:othman يوسف:yusuf ابراهيم:ibrahim خالد:khaled سعيد:saeed صالح:saleh سليمان:suleiman مصطفى:mustafa ' +
    'جمال:jamal كريم:karim رشيد:rashid ناصر:nasser فيصل:faisal طارق:tariq زياد:ziad سامي:sami عادل:adel ' +
    'عزيز:aziz عيسى:isa موسى:musa يحيى:yahya زكريا:zakaria اسماعيل:ismail يعقوب:yaqub اسامة:osama بن:bin ' +
    'ابن:ibn بنت:bint ابو:abu ام:umm فاطمة:fatima عائشة:aisha مريم:maryam زينب:zainab خديجة:khadija نور:nur ' +
    'حمزة:hamza بكر:bakr جعفر:jafar قاسم:qasim هاشم:hashim منصور:mansour مبارك:mubarak حميد:hamid حامد:hamid ' +
    'رحمن:rahman رحيم:rahim قادر:qadir مجيد:majid لطيف:latif دين:din عبدالله:abdullah صدام:saddam ' +
    'اسامه:osama فاطمه:fatima حمزه:hamza ال:al آل:al و:wa ولد:ould ملا:mullah شيخ:sheikh الشيخ:sheikh حاج:haji ' +
    'حاجي:haji الحاج:haji دكتور:doctor الدكتور:doctor مولوي:mawlawi مولانا:maulana آغا:agha اغا:agha حق:haq الدين:din ' +
    // عبدالله written without the article's alef, as it often is.
    'عبدلله:abdullah ' +
    // Chaudhry as Urdu writes it, its h before the d (چوہدری) or after it (چودھری).
    'چوهدری:chaudhry چودهری:chaudhry چوهدري:chaudhry چودهري:chaudhry ' +
    // Legal forms as Urdu, Pashto and Dari company names spell them (راحت لمتد Rahat Ltd.).
    'لمتد:limited لميتد:limited ليمتد:limited ليميتد:limited كمپني:company كمپنی:company كمبني:company ' +
    // Pashto's "of" and "and", as lists write them (د افغانستان بانک Da Afghanistan Bank; the
    // Pashto name of Haji Basir and Zarjmil Company Hawala): particles, not names.
    'د:da او:and',
);

/** Frequent Hebrew given names and surnames (vowels are not written, so skeletons are ambiguous). */
const HEBREW_WORDS = table(
  'משה:moshe דוד:david יוסף:yosef אברהם:avraham יצחק:yitzhak יעקב:yaakov שלמה:shlomo אהרון:aharon ' +
    'אהרן:aharon חיים:chaim מרדכי:mordechai בנימין:binyamin שמואל:shmuel ישראל:israel אליהו:eliyahu ' +
    'יהודה:yehuda מנחם:menachem נתן:natan אריה:arie שרה:sara רחל:rachel רבקה:rivka לאה:lea מרים:miriam ' +
    'כהן:cohen לוי:levi בע"מ:ltd בע״מ:ltd',
);

export interface ScriptWord {
  /** Lower-case ASCII, possibly several space-separated syllables. */
  ascii: string;
  /** The word came from a script that does not write (all) vowels. */
  vowelPoor: boolean;
}

/** Korean surnames whose Revised Romanisation is not among the spellings lists use. */
const HANGUL_SURNAMES = table('이:lee 오:oh 우:woo 주:joo 구:koo 심:shim');

const letters = (word: string, map: ReadonlyMap<string, string>) => [...word].map((c) => map.get(c) ?? c).join('');

const spelt = (ascii: string): ScriptWord => ({ ascii, vowelPoor: false });

/**
 * An Arabic-script word with one spelling per letter: no vowel marks or tatweel, a bare alef for
 * the hamza seats, the Arabic forms of Persian and Urdu ی ک ہ ھ, Western digits.
 */
export function plainArabic(word: string): string {
  return word
    .replace(/[\p{Mn}\u0640]/gu, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/[یى](?=.)/g, 'ي')
    .replace(/ک/g, 'ك')
    .replace(/[ہھ]/g, 'ه')
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/** Arabic word → Latin pieces: known words spelt out; ال, عبد and ابو split off the rest. */
function arabicWord(word: string, articleAllowed = true): ScriptWord[] {
  const unpointed = word.replace(/[\p{Mn}\u0640]/gu, '');
  // The article is written with a bare alef (ال); an alef with hamza starts a word of its own
  // (إلياس Ilyas, ألبر Alper, ألكسندر Aleksandr).
  const article = articleAllowed && !/^[أإآ]/.test(unpointed);
  const plain = plainArabic(unpointed);
  const known = ARABIC_WORDS.get(plain);
  if (known) return [spelt(known)];
  for (const prefix of ['عبد', 'ابو']) {
    if (plain.startsWith(prefix) && plain.length > prefix.length + 2) return [spelt(ARABIC_WORDS.get(prefix)!), ...arabicWord(plain.slice(prefix.length))];
  }
  // The conjunction و (wa) and the preposition ل (li) are written onto the article that follows
  // them (والمسلمين wa-l-Muslimin, للصرافة li-l-Sarafa): و is kept as the particle lists write, ل
  // goes, as most Latin spellings drop it. Not ب ف ك: بال فال كال open foreign names (بالاسيوس
  // Palacios, فالديفيا Valdivia, كالكان Kalkan).
  const clitic = articleAllowed ? CLITIC_ARTICLE.exec(plain) : null;
  if (clitic) return [...(clitic[1] === 'و' ? [spelt('wa')] : []), spelt('al'), ...arabicWord(plain.slice(clitic[0].length), false)];
  // One article per word: in الالفي (al-Alfi) the second ال belongs to the name.
  if (article && plain.startsWith('ال') && plain.length >= 4) return [spelt('al'), ...arabicWord(plain.slice(2), false)];
  // Compounds written as one word: نورالدين Nur al-Din, سيفالله Sayf Allah, عبدالحق.
  for (const tail of ['الله', 'الدين', 'الرحمن', 'الحق']) {
    if (plain.endsWith(tail) && plain.length > tail.length + 1) return [...arabicWord(plain.slice(0, -tail.length)), ...arabicWord(tail)];
  }
  // بن (son of) written onto the name that follows it (بنحسين Ben Hassine): only before a name of
  // three letters or more known as such, as بن opens many words (بنك bank, بنيامين Benjamin, بنو Banu).
  if (plain.startsWith('بن') && plain.length >= 5 && ARABIC_WORDS.has(plain.slice(2))) return [spelt('bin'), ...arabicWord(plain.slice(2), false)];
  // Two names run together (محمدعبد البصير, ظاهرعويس): a frequent given name at the start, three letters or more after it.
  for (const first of GLUED_FIRST) {
    if (plain.startsWith(first) && plain.length >= first.length + 3) return [spelt(ARABIC_WORDS.get(first)!), ...arabicWord(plain.slice(first.length), false)];
  }
  // تش is how Arabic writes a foreign ch (تشودري Chaudhry, تشول Chol): read as چ.
  return [{ ascii: anyAscii(letters(plain.replace(/تش/g, 'چ'), ARABIC_LETTERS)).toLowerCase(), vowelPoor: true }];
}

/**
 * A clitic written onto the article, before a stem of three letters or more: وال, and لل, where
 * ل takes the article's alef. Shorter stems are names (والي Wali, والتر Walter).
 */
const CLITIC_ARTICLE = /^(?:(و)ال|(ل)ل)(?=[^\s]{3})/u;

/** Given names long enough that one at the start of an unknown word is a name of its own. */
const GLUED_FIRST = ['محمد', 'احمد', 'محمود', 'حسين', 'عثمان', 'يوسف', 'ابراهيم', 'خالد', 'سعيد', 'صالح', 'سليمان'];

function hebrewWord(word: string): ScriptWord {
  // p, v and c are the marker letters of Arabic's two-way consonants (ض ظ ث, see ARABIC_LETTERS),
  // which the skeleton reads as d, d and t: Hebrew writes its letters as the skeleton reads Latin
  // ones instead (p as b, f as f, an English ch as k), so פטר meets Peter.
  const plain = word.replace(/\p{Mn}/gu, '').replace(/ג['׳]/g, 'j').replace(/ז['׳]/g, 'zh').replace(/צ['׳]/g, 'k');
  const known = HEBREW_WORDS.get(plain);
  if (known) return spelt(known);
  // ב is v after a vowel in Hebrew words, but foreign names write v with ו and keep ב for b
  // (רוברט Robert, ובסטר Webster), and the frequent Hebrew names are spelt out above.
  const bp: Record<string, [string, string]> = { ב: ['b', 'b'], פ: ['b', 'f'], ף: ['f', 'f'] };
  const latin = [...plain].map((c, i) => bp[c]?.[i === 0 ? 0 : 1] ?? HEBREW_LETTERS.get(c) ?? c).join('');
  return { ascii: anyAscii(latin).toLowerCase(), vowelPoor: true };
}

/** Romanises one Hangul block; a final stop is written k/p/t as lists do (박 → bak). */
function hangulSyllable(block: string): string {
  return anyAscii(block).toLowerCase().replace(/(?<!n)g$/, 'k').replace(/b$/, 'p').replace(/d$/, 't');
}

function hangulWord(word: string, first: boolean): string {
  const blocks = [...word];
  return blocks.map((b, i) => (i === 0 && first && blocks.length <= 4 ? (HANGUL_SURNAMES.get(b) ?? hangulSyllable(b)) : hangulSyllable(b))).join(' ');
}

/** One whitespace-separated word → lower-case ASCII pieces (see the module comment per script). */
export function transliterateWord(word: string, firstWord: boolean): ScriptWord[] {
  if (!NON_ASCII.test(word)) return [spelt(word.toLowerCase())];
  if (ARABIC.test(word)) return arabicWord(word);
  if (HEBREW.test(word)) return [hebrewWord(word)];
  if (HANGUL_WORD.test(word)) return [spelt(hangulWord(word, firstWord))];
  let text = word;
  if (CYRILLIC.test(text)) text = text.replace(/[дД][жЖ]/g, 'j').replace(/[чЧ][жЖ]/g, 'zh');
  // Greek writes b, d and g at the start of a word as μπ, ντ and γκ (Μπακογιάννη Bakoyanni, Ντόρα Dora).
  else if (GREEK.test(text)) text = text.replace(GREEK_INITIAL_STOP, (pair) => GREEK_STOPS[pair.toLowerCase()] ?? pair);
  const spaced = text.replace(SYLLABIC, (c) => ` ${c} `);
  return [{ ascii: anyAscii(spaced).toLowerCase(), vowelPoor: VOWEL_POOR.test(text) }];
}
