/**
 * Ukrainian г is h, and Ukrainian и is y: lists spell Ukrainian names so (Олег
 * Григорович Гончаренко is Oleh Hryhorovych Honcharenko, with й and the iotated vowels as y, as in
 * Vitaliyovych, Yuliya), where a Russian reading (oleg grigorovich goncharenko) misses a letter a
 * word. `ukrainianReading` spells a Cyrillic name that way when it has a г or a letter only
 * Ukrainian writes (і ї є ґ); Russian names with a г get the reading too, which meets nothing a
 * list writes for them.
 */

const LETTERS: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ye', ж: 'zh', з: 'z', и: 'y', і: 'i', ї: 'yi', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ь: '',
  ю: 'yu', я: 'ya', ў: 'u', ʼ: '', "'": '', '’': '',
};
const UKRAINIAN = /[гґіїєҐІЇЄГ]/;
const CYRILLIC_RUN = /[\p{Script=Cyrillic}'’ʼ]+/gu;

/** The name as lists spell Ukrainian names; null when it has no г and no Ukrainian letter, or a letter Ukrainian lacks. */
export function ukrainianReading(text: string): string | null {
  if (!UKRAINIAN.test(text)) return null;
  let unknown = false;
  const reading = text.replace(CYRILLIC_RUN, (word) =>
    [...word.toLowerCase()]
      .map((c) => {
        const latin = LETTERS[c];
        if (latin === undefined) unknown = true;
        return latin ?? c;
      })
      .join(''),
  );
  // A letter of another Cyrillic alphabet (Serbian, Kazakh): the name is not Ukrainian.
  return unknown ? null : reading;
}
