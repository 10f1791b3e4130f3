/**
 * Word lists the name rules use, written in normalised form (lower case, ASCII, dots and
 * apostrophes removed, runs of single letters joined: "S.A. de C.V." → `sa de cv`,
 * "d. o. o." → `doo`). Kept apart from the logic so they can grow without touching it.
 */

const words = (text: string): Set<string> => new Set(text.trim().split(/\s+/));

/** Titles and honorifics: weighed like prefixes, because lists and customers add or omit them at will. */
export const HONORIFICS = words(`
  mr mrs ms miss mx dr doctor doktor prof sir dame lord lady sheikh shaikh shaykh sheik cheikh haji hajji hadji
  alhaji alhaj hajj mullah mulla maulana mawlana maulvi mawlawi molvi moulvi imam ayatollah hojatoleslam
  general gen colonel col lieutenant lt major maj captain capt admiral adm brigadier brig commander cmdr
  sergeant sgt marshal president minister senator judge rev reverend pastor bishop archbishop excellency
  messrs mme mlle herr frau sr sra srta sig sigra commendator commendatore cav engr ing dipl hon esq
  monsieur madame senor senora dona`);

/** Connectives and name particles: kept for display and alignment but weighed lightly. */
export const PARTICLES = words(`
  al el ul ad ar as ash at az an ath ud bin ibn bint ould uld wuld van von der den de da di du del della
  dei degli dello dos das do des la le lo los las y e et und and of the wa wal val fi fil zu ten ter te vd`);

/**
 * Company legal forms and their spelt-out phrases, matched longest first. Short ones that are
 * also given names or syllables (`ao`, `da`, `sa`, `an` …) only count on non-person names.
 */
export const LEGAL_FORMS = words(`
  llc ltd limited inc incorporated corp corporation company cie cia compania compagnie companhia
  compagnia gmbh mbh kg ohg ug gbr sas sarl suarl eurl sasu snc scs sca sci gie ste societe sociedad
  sociedade societa srl spa sapa scarl scrl slu sau ltda eireli bv nv vof oy oyj asa aps ans ehf plc
  llp lp lllp pllc ooo oao zao pao tov fop prat pat chao tdv jsc ojsc cjsc pjsc fze fzco fzc fzllc fz
  dmcc wll spc est ets pte pvt pty private bhd berhad sdn sendirian tbk kft zrt nyrt kk yk gk
  kabushiki kaisha sro spol doo dooel dd dno ead ood eood ska spj spk sp uab sia sti coop scoop
  cooperativa cooperative cooperatief societe anonyme gie spy shps kumpnilimitk sac saa cpt`);

/** Legal forms that only count on names that are not persons' and at the edge of the name. */
export const AMBIGUOUS_LEGAL_FORMS = words(`
  co sa ag as ab ad ao da me pp pc sc sl bt rt mb ip ou hf sf ks pt cv ep se kb hb tk`);

export const LEGAL_PHRASES: string[][] = `
  limited liability company|limited liability partnership|public limited company|private limited company
  private limited|limited company|joint stock company|closed joint stock company|open joint stock company
  public joint stock company|societe anonyme|sociedad anonima|sociedade anonima|sa de cv|s de rl de cv
  sapi de cv|sa de rl|societe a responsabilite limitee|sociedad de responsabilidad limitada|sociedad limitada
  spolka z ograniczona odpowiedzialnoscia|spolka akcyjna|spolka jawna|spolka komandytowa
  spolka komandytowo akcyjna|sp z oo|sp zoo|sp j|sp k|sp ka|perseroan terbatas|sendirian berhad|sdn bhd
  commanditaire vennootschap|naamloze vennootschap|besloten vennootschap|korlatolt felelossegu tarsasag
  obshchestvo s ogranichennoy otvetstvennostyu|aktsionernoe obshchestvo|zakrytoe aktsionernoe obshchestvo
  otkrytoe aktsionernoe obshchestvo|publichnoe aktsionernoe obshchestvo|tovarystvo z obmezhenoyu vidpovidalnistyu
  limited sirketi|ltd sti|anonim sirketi|kabushiki kaisha|godo kaisha|yugen kaisha
  gesellschaft mit beschrankter haftung|societa per azioni|societa a responsabilita limitata
  societa in nome collettivo|societa in accomandita semplice|societa cooperativa|pty ltd|pvt ltd|co ltd
  zhu shi hui she|you xian gong si|gu fen you xian gong si|you xian ze ren gong si|you xian hui she
  gong si|ju sig hoe sa|yu han hoe sa|ju sik hoe sa`
  .split(/[|\n]/)
  .map((p) => p.trim())
  .filter((p) => p.includes(' '))
  .map((p) => p.split(' '));

/** Vessel prefixes (MV, M/T, SS …): only as the first word of a name with more words. */
export const VESSEL_PREFIXES = words('mv mt ms ss msv mts nm tb fv my mvs lng lpg sv rv mfv');

/** What may stand before a firm's name ("Messrs. Baltic Timberline OÜ"; M/s is read as the vessel prefix ms). */
export const FIRM_PREFIXES = words('messrs');

/** Markers before a number ("No. 8"): the number matters, the marker does not. */
export const NUMBER_MARKERS = words('no nr num number nos');

export const NUMBER_WORDS: ReadonlyMap<string, string> = new Map(
  (
    'zero:0 one:1 two:2 three:3 four:4 five:5 six:6 seven:7 eight:8 nine:9 ten:10 eleven:11 twelve:12 ' +
    'thirteen:13 fourteen:14 fifteen:15 sixteen:16 seventeen:17 eighteen:18 nineteen:19 twenty:20 ' +
    'ii:2 iii:3 iv:4 vi:6 vii:7 viii:8 ix:9 xi:11 xii:12 xiii:13 xiv:14 xv:15 xvi:16 xvii:17 xviii:18 xix:19 xx:20'
  )
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

/** Single-letter Roman numerals: a number only as the last word ("Sino Iron I"). */
export const TRAILING_NUMERALS: ReadonlyMap<string, string> = new Map([
  ['i', '1'],
  ['v', '5'],
  ['x', '10'],
]);
