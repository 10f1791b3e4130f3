import { KeyKind, hashKey, hashWithout } from './keys.js';

/**
 * Spelling-variant groups: every word of a line is read as the line's first word. Person names
 * cover the romanisations lists and customers actually use (Arabic, Persian, Turkish, Russian,
 * Ukrainian, Korean surnames and syllables in Revised and McCune-Reischauer romanisation:
 * Jeong = Jong, Eun = Un, Seong = Song; Chinese surnames in pinyin, Wade-Giles and Cantonese:
 * Zhang = Chang = Cheung, Chen = Chan) and the cross-language equivalents screening guidance calls out
 * (Yusuf = Joseph, Ibrahim = Abraham); company words cover abbreviations and translations
 * (Bros. = Brothers = Frères = Fratelli). Phonetic keys and edit distance catch the rest, so a
 * group is only worth adding when those miss it (Mohd, Abdel, Jafar/Djafar, Yi/Lee …).
 */
const GROUPS = `
al el
mohammed muhammad mohamed mohamad muhammed mohammad muhamad mohd mhd mohamud mohammud mahomed mehmet mehmed muhammet mohammod muhamed mukhammad mukhammed magomed mahammad
ahmed ahmad ahmet ehmed akhmed achmed ahmadou amadou
mahmoud mahmud mahmood mahmut makhmud
abdul abd abdu abdo abdel abdal abdol abdoul abdool abdil abdur abdus
abdullah abdallah abdellah abdalla abdulla abdullahi abdoulah abdollah abdulah abdoullah
hussein husain hussain husayn hossein husein hussien houssein huseyin husseyn hosein
hassan hasan hasen hassen hasaan
hasani hassani
osama usama oussama usamah osamah
omar umar omer oumar umer
othman uthman osman usman othmane outhman ousmane ousman usmane
yusuf yousef yousuf youssef yusef yosef josef joseph jozef iosif yussuf yusup yusuph jusuf yousif
ibrahim ebrahim abraham avraham ibragim brahim
ismail ismael ismayil ismoil
suleiman sulaiman sulayman soliman suleyman sulejman sleiman
yaqub yacoub yakub jacob yaakov jakob iakov yakov yaqoob yacub
musa moussa mousa moses moshe mussa
isa issa eesa essa eisa
yahya yahia yehia yahiya
ali aly alee
khaled khalid halid khaleed chaled
saeed said saied saeid sayeed saiid
saleh salih saaleh
mustafa mostafa moustafa mustapha mostapha mustafah
jafar jaafar djafar jaffar jafer
qasim kasim kassem qassem qasem kasem
hashim hashem hachem
nasser nasir naser nassir nacer
faisal faysal feisal faycal faisel
tariq tarek tareq tarik
ziad ziyad zeyad ziyaad
adel adil
aziz azeez
hamid hameed hamed
rashid rasheed rachid rashed
rahman rehman rahmon
qadir kader qader kadir khader qadeer kadeer gadir
basir baseer bashir basheer
hamza hamzah hamzeh
zakaria zakariya zakariyya zakariah zakarya
mansour mansur mansoor
fatima fatimah fatma fatemeh
aisha aysha ayesha aicha aishah
khadija khadijah khadidja
maryam mariam miriam mariyam
zainab zaynab zeinab
nur nour noor
abu abou abo aboo
umm um omm
bin ibn ben
ould uld wuld
uddin aldin eddine uddeen addin eldin
aleksandr alexander alexandr aleksander oleksandr alexandre olexandr alexandros
sergey sergei serhiy sergiy serhii sergii
dmitry dmitri dmitriy dmytro dimitri dmitrii
yuri yuriy yury iouri yurii jurij
andrey andrei andriy andrii
alexey aleksey alexei aleksei oleksiy oleksii
evgeny yevgeny evgeniy yevgeniy yevhen evgenii eugene
nikolai nikolay mykola nicholas nikolaos nicolas
mikhail mykhailo mikhaylo michael
vladimir volodymyr wladimir uladzimir
pyotr petr petro peter piotr
pavel pavlo paul pawel
grigory grigori grigoriy hryhoriy gregory
vasily vasiliy vasyl vasili vasilii vassily wassily
konstantin kostiantyn konstantyn constantine
viktor victor wiktor
vyacheslav viacheslav wjatscheslaw
yulia yuliya julia iuliia yuliia
natalia natalya nataliya
tatiana tatyana tetiana tatjana
elena yelena olena
ekaterina yekaterina kateryna
kim gim
lee yi ri rhee rhie li
park bak pak bag
choi choe chey
jung jeong chung jong chong
kang gang
cho jo
yoon yun
jang chang zhang cheung
lim im rim
shin sin
seo suh
kwon gwon
ahn an
jeon jun chun chon cheon
ko go
moon mun
yoo yu ryu ryoo
noh no roh
un eun
song seong sung
hyon hyeon hyun
chol cheol chul
yong yeong young
kyong gyeong kyung gyong
myong myeong myung
ryong ryeong ryung
sok seok suk
pyong pyeong byung
hyok hyeok hyuk
kwang gwang
kil gil
chen chan
wang wong
huang hwang
zhou chou chow
xu hsu
liu lau
guo kuo kwok
xie hsieh
brothers bros bro freres hermanos irmaos fratelli flli gebruder gebroeders
sons fils hijos filhos figli sohne
international intl internacional internationale internazionale
services svcs svc servicios servicos servizi service
manufacturing mfg
management mgmt mgt
associates assoc associes associati asociados associados
engineering engg
industry industries ind industrial industria industrie industrias
commerce comercio commercial comercial commerciale com
transport transportes transporti trasporti transports
logistics logistica logistique logistik
holdings holding
group groupe grupo gruppo
bank banco banque banca
national nacional nationale nazionale
`;

function buildVariants(): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const line of GROUPS.split('\n')) {
    const group = line.trim().split(/\s+/).filter(Boolean);
    const canon = group[0];
    if (!canon) continue;
    for (const word of group) if (!map.has(word)) map.set(word, canon);
  }
  return map;
}

/** Variant word → canonical word of its group. */
export const VARIANTS: ReadonlyMap<string, string> = buildVariants();

/** The canonical spelling of a word: its group's first word, or the word itself. */
export function canonical(word: string): string {
  return VARIANTS.get(word) ?? word;
}

/** Spellings of four letters or more, filed under themselves and under each one-letter deletion. */
const BY_DELETION: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  const file = (key: string, word: string) => map.set(key, [...(map.get(key) ?? []), word]);
  for (const word of VARIANTS.keys()) {
    if (word.length < 4) continue;
    file(word, word);
    for (let i = 0; i < word.length; i++) file(word.slice(0, i) + word.slice(i + 1), word);
  }
  return map;
})();

/** BY_DELETION's keys as bits of their hashes: a probe whose bit is clear finds nothing there. */
const FILED_BITS = 1 << 20;
const FILED: Uint32Array = (() => {
  const bits = new Uint32Array(FILED_BITS / 32);
  for (const key of BY_DELETION.keys()) {
    const bit = hashKey(KeyKind.Deletion, key) & (FILED_BITS - 1);
    bits[bit >>> 5] = bits[bit >>> 5]! | (1 << (bit & 31));
  }
  return bits;
})();

/** Whether `word` with its letter at `i` left out (-1: none) may be a key of BY_DELETION, told without building it. */
function mayBeFiled(word: string, i: number): boolean {
  const bit = hashWithout(KeyKind.Deletion, word, i) & (FILED_BITS - 1);
  return (FILED[bit >>> 5]! & (1 << (bit & 31))) !== 0;
}

/**
 * The variant groups, other than its own, with a spelling one letter from `word` (left out,
 * added or changed) after the same first letter: a typo of a known spelling belongs with its
 * group (Abdour is Abdur mistyped, and so Abdul), even where the lists only ever write another of
 * its spellings. Not for words under five letters, where one letter makes another name, nor
 * across a first letter, which typing rarely gets wrong (Schen is not Chen, so not Chan).
 */
export function groupsOneEditFrom(word: string): string[] {
  if (word.length < 5) return [];
  const own = canonical(word);
  const out: string[] = [];
  const probe = (key: string) => {
    for (const spelling of BY_DELETION.get(key) ?? []) {
      const group = VARIANTS.get(spelling)!;
      if (group !== own && spelling[0] === word[0] && !out.includes(group) && oneEditApart(word, spelling)) out.push(group);
    }
  };
  // Most of a word's deletions are filed under no spelling: those are not even built.
  if (mayBeFiled(word, -1)) probe(word);
  for (let i = 0; i < word.length; i++) if (mayBeFiled(word, i)) probe(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Whether two different words are one deletion, insertion or substitution apart. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
