import { plainArabic } from './scripts.js';

/**
 * Latin lists translate the common words of Arabic and Persian organisation names rather than
 * spell them: الدولة الإسلامية في العراق والشام is "Islamic State of Iraq and the Levant", مكتب
 * حنيفة للصرافة "Hanifeh Exchange", شركة النور للتجارة "Al Nour Trading Company". This table
 * gives the English word lists use for each (two, split by |, where lists use both); a name
 * holding any of them is also searched with them translated (normalize.ts), the other words left
 * to transliteration. Words lists spell rather than translate (Jihad, Tawhid, Hawala) are not
 * here, nor words that are also given names (Jamal, Nur); words lists both spell and translate
 * are (Jaysh al-Muhajirin wal-Ansar is the Army of Emigrants and Supporters), as the name is
 * searched as written too. Each word is written once: the
 * article, و, لل or ل and the spellings plain() folds (شبکه, شبكة) are taken care of when a
 * name is looked up.
 */
const TRANSLATIONS: ReadonlyMap<string, string> = new Map(
  (
    // Kinds of organisation.
    'جماعة:group مجموعة:group گروه:group جمعية:society مؤسسة:foundation موسسة:foundation بنياد:foundation ' +
    'شركة:company شرکت:company مكتب:office مصرف:bank بنك:bank بانك:bank صرافة:exchange صرافي:exchange ' +
    'صرافی:exchange دولة:state حركة:movement جبهة:front جيش:army كتائب:brigades لواء:brigade كتيبة:battalion ' +
    'شبكة:network منظمة:organization تنظيم:organization سازمان:organization مجلس:council حزب:party ' +
    'مركز:center جامعة:university مستشفى:hospital ' +
    // What they do and are.
    'تجارة:trading تجارت:trading تجارية:commercial استثمار:investment خيرية:charitable خيري:charitable ' +
    'دولية:international دولي:international عالمية:world متحدة:united قابضة:holding محدودة:limited ' +
    'اغاثة:relief انسانية:humanitarian هلال:crescent احمر:red نقل:transport سياحة:tourism صناعات:industries ' +
    'صنايع:industries صناعية:industrial هندسية:engineering خدمات:services ملاحة:shipping کشتیرانی:shipping ' +
    'بحرية:marine نفط:oil بترول:petroleum طاقة:energy غاز:gas مقاتلة:fighting|combatant اسلامي:islamic اسلامية:islamic ' +
    // Places and peoples, as organisation names use them.
    'عراق:iraq شام:levant يمن:yemen ليبيا:libya مصر:egypt مصري:egyptian ' +
    'مصرية:egyptian ليبية:libyan ليبي:libyan تونسية:tunisian تونسي:tunisian مغربية:moroccan مغربي:moroccan ' +
    'مغرب:maghreb جزائر:algeria جزائرية:algerian سوريا:syria سورية:syria لبنان:lebanon ' +
    'افريقيا:africa غرب:west شرق:east عربية:arab جزيرة:peninsula عرب:arabian|arab ' +
    'مهاجرين:emigrants انصار:supporters ' +
    // Words that join them (lists also spell في as fi, which the untranslated form keeps).
    'في:in اهل:people'
  )
    .split(' ')
    .map((pair): [string, string] => {
      const [arabic, english] = pair.split(':') as [string, string];
      return [plain(arabic), english];
    }),
);

const ARABIC_WORD = /\p{Script=Arabic}/u;

/** One spelling per word (scripts.ts plainArabic), with a final ه read as the ة it often stands for. */
function plain(word: string): string {
  return plainArabic(word).replace(/ه$/, 'ة');
}

/** The English for one Arabic-script word (its و, لل or ل and article taken off first), likelier first, or null. */
function translateWord(word: string): string[] | null {
  const w = plain(word);
  if (w.startsWith('و') && w.length > 3) {
    const english = lookUp(w.slice(1));
    if (english) return english.map((e) => `and ${e}`);
  }
  if (w.startsWith('لل') && w.length > 4) return lookUp(w.slice(2));
  // ل is also written onto a word without the article (لأهل الشام, for the people of the Levant).
  return lookUp(w) ?? (w.startsWith('ل') && w.length > 3 ? lookUp(w.slice(1)) : null);
}

function lookUp(word: string): string[] | null {
  const english = TRANSLATIONS.get(word) ?? (word.startsWith('ال') && word.length > 3 ? TRANSLATIONS.get(word.slice(2)) : undefined);
  return english === undefined ? null : english.split('|');
}

/**
 * The name with the words of TRANSLATIONS in English, or null when it holds none. A word lists
 * translate two ways (مقاتلة: Libyan Islamic Fighting Group, Moroccan Islamic Combatant Group)
 * gives a second translation with the other English word; the first is the likelier.
 */
export function translateArabicWords(name: string): string[] | null {
  let translated = false;
  let alternative = false;
  const out = name.split(/(\s+)/).map((word): string[] => {
    const english = ARABIC_WORD.test(word) ? translateWord(word) : null;
    if (english === null) return [word];
    translated = true;
    if (english.length > 1) alternative = true;
    return english;
  });
  if (!translated) return null;
  const first = out.map((options) => options[0]!).join('');
  return alternative ? [first, out.map((options) => options.at(-1)!).join('')] : [first];
}
