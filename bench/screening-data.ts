/**
 * Data for the screening benchmark and evaluation: the real lists (through Vigil's own parsers)
 * and synthetic person names from name pools of many cultures. Shared by screening.bench.ts
 * and screening.eval.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ListEntity, ListFileInfo } from '../src/screening/entity.js';
import { euFsfXmlParser } from '../src/screening/import/eu-fsf-xml.js';
import { ofacConsCsvParser, ofacSdnCsvParser } from '../src/screening/import/ofac-csv.js';
import type { ListParser } from '../src/screening/import/parser.js';
import { ukHmtCsvParser } from '../src/screening/import/uk-hmt-csv.js';
import { unXmlParser } from '../src/screening/import/un-xml.js';
import type { IndexedEntity } from '../src/screening/matcher/matcher.js';

export const DATA = resolve(import.meta.dirname, '../../shared/data');

const LISTS: Array<{ list: string; parser: ListParser; file: string }> = [
  { list: 'ofac-sdn', parser: ofacSdnCsvParser, file: 'sanctions/ofac/sdn_2024-05-03.csv.gz' },
  // The 2021 snapshot comes with alt.csv (11,910 aliases) that the 2024 one lacks.
  { list: 'ofac-sdn-2021', parser: ofacSdnCsvParser, file: 'sanctions/ofac/sdn_2021-07-07.csv.gz' },
  { list: 'ofac-cons', parser: ofacConsCsvParser, file: 'sanctions/ofac/cons_prim.csv' },
  { list: 'un', parser: unXmlParser, file: 'sanctions/un/un_consolidated_2026-02-27.xml.gz' },
];

/**
 * Only excerpts of the EU and UK lists are in the shared data. The benchmark loads them all the
 * same (its target names all four sources); the evaluation keeps to the lists above, so its
 * sampled queries stay the ones earlier figures were measured on.
 */
const EXCERPTS: typeof LISTS = [
  { list: 'eu', parser: euFsfXmlParser, file: 'sanctions/eu/eu_fsf_excerpt_2020-04-15.xml' },
  { list: 'uk-hmt', parser: ukHmtCsvParser, file: 'sanctions/uk/hmt_conlist_excerpt_2020-04-27.csv' },
];

/** OFAC SDN (2024 and 2021 with aliases), OFAC consolidated and UN lists (and with `excerpts` the EU and UK ones), as indexed entities. */
export async function loadLists(options: { excerpts?: boolean } = {}): Promise<IndexedEntity[]> {
  const out: IndexedEntity[] = [];
  for (const { list, parser, file } of options.excerpts ? [...LISTS, ...EXCERPTS] : LISTS) {
    const path = resolve(DATA, file);
    if (!existsSync(path)) throw new Error(`missing ${path}`);
    const info: ListFileInfo = { publishedAt: null, declaredCount: null };
    for await (const entity of parser.parse(path, info)) out.push({ id: `${list}:${entity.sourceId}`, list, entity });
  }
  return out;
}

/** Lines of a gzipped TSV file, split on tabs. */
export function readTsvGz(path: string): string[][] {
  return gunzipSync(readFileSync(path))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t'));
}

/** Deterministic PRNG (mulberry32), so every run sees the same names. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

interface Culture {
  given: string[];
  family: string[];
  /** Syllables and endings that make further plausible family names. */
  stems: string[];
  endings: string[];
}

const split = (s: string) => s.trim().split(/\s+/);

export const CULTURES: Record<string, Culture> = {
  english: { given: split('James John Robert Michael William David Richard Thomas Charles Mary Patricia Jennifer Linda Elizabeth Susan Jessica Sarah Karen Emily Oliver George Harry Jack Amelia Olivia Isla Grace Daniel Matthew'), family: split('Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Clark Lewis Walker Hall Allen Young King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner'), stems: split('Ash Black Brad Cole Craw Fair Hart Kings Long Mar Nor Oak Red Shel Stan Thorn War West White Wood'), endings: split('ford ley ton wood field worth by well ham ridge') },
  hispanic: { given: split('Jose Juan Luis Carlos Jorge Miguel Pedro Alejandro Fernando Ricardo Maria Guadalupe Rosa Ana Carmen Lucia Sofia Valentina Camila Isabel Diego Javier Andres Pablo Raul'), family: split('Garcia Rodriguez Martinez Hernandez Lopez Gonzalez Perez Sanchez Ramirez Torres Flores Rivera Gomez Diaz Cruz Morales Reyes Gutierrez Ortiz Castillo Jimenez Vargas Romero Herrera Medina'), stems: split('Al Bel Cas Cor Es Fer Gal Mon Ol Pa Quin San Val Vill Zam'), endings: split('ado edo ino ares era ozo uela anos illo ero') },
  arabic: { given: split('Mohammed Ahmed Ali Omar Khaled Youssef Ibrahim Hassan Hussein Mahmoud Mustafa Abdullah Tariq Faisal Karim Samir Nabil Walid Fatima Aisha Mariam Layla Noor Zainab Huda Rania Salma Amira Yasmin Hana'), family: split('Al-Masri Haddad Khoury Mansour Nasser Saleh Hamdan Qureshi Al-Amin Al-Rashid Darwish Farouk Ghanem Habib Jaber Khalil Najjar Rahman Sabbagh Suleiman Tamimi Zaidi Barakat Awad Issa Bakr Hamid Aziz Shami Halabi'), stems: split('Al-Ham Al-Khat Al-Shar Al-Mut Al-Fay Ab Bash Dab Fakh Ghaz Jaw Kha Mak Nab Qas Sha Tah Yas Zub'), endings: split('ani awi iri adi ami ash oun aybi idi ari') },
  slavic: { given: split('Aleksandr Sergey Dmitry Andrey Alexey Ivan Mikhail Nikolai Vladimir Pavel Igor Oleg Yuri Viktor Anna Olga Elena Natalia Tatiana Irina Svetlana Yulia Ekaterina Maria Oksana Petro Taras Bohdan Mykola Volodymyr'), family: split('Ivanov Smirnov Kuznetsov Popov Vasiliev Petrov Sokolov Mikhailov Novikov Fedorov Morozov Volkov Alekseev Lebedev Semenov Egorov Pavlov Kozlov Stepanov Nikolaev Shevchenko Kovalenko Bondarenko Tkachenko Kravchenko Nowak Kowalski Wisniewski Horvat Novak'), stems: split('Bel Cher Dob Grom Kras Lys Mal Nov Ostr Pol Rom Sav Tar Vol Zar Bur Gol Kur Sem Yar'), endings: split('ov ev in enko sky chuk yak uk ovich ski') },
  chinese: { given: split('Wei Fang Min Jing Li Qiang Lei Jun Yang Yan Jie Tao Ming Chao Xiu Hui Hong Xia Ping Gang Lin Bo Hao Yu Xin Jian Zhen Yong Kai Rui'), family: split('Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song Tang Han Feng Deng Cao Peng'), stems: split('Xiao Jia Zhi Ying Guo Hai Jin Shu Wen Zi'), endings: split('hua ming long feng qing ting lan yun hong jun') },
  indian: { given: split('Rahul Amit Vijay Sanjay Rajesh Suresh Anil Deepak Arjun Vikram Priya Anita Sunita Pooja Neha Kavita Lakshmi Divya Meera Ananya Rohan Karan Arun Ravi Manoj Harish Sunil Ajay Nitin Gaurav'), family: split('Sharma Verma Gupta Singh Kumar Patel Shah Reddy Rao Nair Iyer Menon Joshi Mehta Desai Chopra Kapoor Malhotra Bhatia Agarwal Banerjee Chatterjee Mukherjee Das Bose Pillai Naidu Yadav Mishra Pandey'), stems: split('Bhat Chand Dev Gopal Jay Krish Mohan Prasad Ram Shiv Venk Subra'), endings: split('an ani ath esh appa iah ayya kar wala') },
  persian: { given: split('Reza Ali Hossein Mehdi Amir Hamid Saeed Majid Behrouz Dariush Kourosh Babak Farhad Arash Parviz Maryam Zahra Fatemeh Leila Shirin Nasrin Parisa Roya Sara Neda'), family: split('Hosseini Mohammadi Rezaei Ahmadi Moradi Karimi Jafari Rahimi Sadeghi Kazemi Ebrahimi Ghasemi Hashemi Mousavi Tehrani Shirazi Esfahani Tabrizi Rostami Bagheri Nouri Ansari Soltani Amini Farahani'), stems: split('Akbar Bahr Dehg Farz Gol Jav Khos Mir Naj Pour Shir Vaz'), endings: split('i ani zadeh pour nejad fard far abadi') },
  turkish: { given: split('Mehmet Mustafa Ahmet Ali Huseyin Hasan Ibrahim Ismail Osman Yusuf Murat Emre Burak Can Kemal Ayse Fatma Emine Hatice Zeynep Elif Meryem Sultan Esra Merve'), family: split('Yilmaz Kaya Demir Sahin Celik Yildiz Yildirim Ozturk Aydin Ozdemir Arslan Dogan Kilic Aslan Cetin Kara Koc Kurt Ozkan Simsek Polat Erdogan Korkmaz Akin Tekin'), stems: split('Ak Bay Cak Dur Er Gok Kar Ok Sar Tas Uz Yav'), endings: split('oglu can soy han er tekin dag gul') },
  westafrican: { given: split('Kwame Kofi Kwesi Yaw Ama Akosua Chinedu Emeka Ngozi Chioma Oluwaseun Adebayo Folake Tunde Yusuf Ibrahim Aminata Fatou Moussa Mamadou Ousmane Aissatou Abdoulaye Seydou Adama'), family: split('Mensah Boateng Owusu Asante Osei Okafor Okonkwo Adeyemi Ogunleye Balogun Nwosu Eze Diallo Traore Keita Coulibaly Toure Camara Sow Ba Ndiaye Diop Sylla Konate Ouattara'), stems: split('Ade Ako Bab Chuk Dan Ife Kol Ngo Obi Olu Sam Tai'), endings: split('ola eke ogu ama wale nde kwu bayo') },
  eastafrican: { given: split('Wanjiru Wambui Njeri Akinyi Atieno Achieng Kamau Mwangi Otieno Odhiambo Kiprop Kipchoge Baraka Juma Neema Zawadi Amani Tumaini Abebe Tesfaye Mulugeta Almaz Selam Hirut Dawit'), family: split('Kamau Mwangi Ochieng Otieno Kariuki Njoroge Kimani Maina Onyango Mutua Wafula Barasa Kiprotich Cheruiyot Rotich Mohamed Hassan Abdi Warsame Tadesse Bekele Haile Girma Alemu Kebede'), stems: split('Kip Mu Nja Odh Wan Che Ngu Kar Tes Gebre'), endings: split('iru ambo ogo eri ani ungu ama eso') },
  german: { given: split('Hans Peter Klaus Wolfgang Jurgen Thomas Michael Andreas Stefan Frank Ursula Monika Petra Sabine Claudia Katrin Anja Julia Lena Lukas Felix Jonas Leon Maximilian Paul'), family: split('Muller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Schroder Neumann Schwarz Zimmermann Braun Kruger Hofmann Hartmann Lange Werner Krause'), stems: split('Alt Berg Eich Fried Grun Hof Lind Ro Stein Wald Weiss Zell'), endings: split('mann berger hauser bach feld meier stadt ler') },
  french: { given: split('Jean Pierre Michel Philippe Alain Nicolas Christophe Laurent Julien Antoine Marie Nathalie Isabelle Sylvie Catherine Sophie Camille Chloe Manon Louis Hugo Lucas Theo Mathieu Francois'), family: split('Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard Andre Mercier Dupont'), stems: split('Beau Bel Champ Du Font La Mont Rich Ville Ros'), endings: split('ier eau ard in et ot ault elle') },
  vietnamese: { given: split('Anh Binh Cuong Dung Hai Hieu Hung Khanh Linh Long Mai Minh Nam Ngoc Phuong Quang Thanh Thao Thu Trang Tuan Van Viet Xuan Duc'), family: split('Nguyen Tran Le Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly Truong Dinh Lam Mai'), stems: split('Thi Van Huu Duc Minh Ngoc'), endings: split('an anh inh ong uy') },
  korean: { given: split('Min-jun Seo-yeon Ji-ho Ha-eun Do-yun Seo-jun Ji-woo Ye-jin Hyun-woo Soo-min Jae-hyun Eun-ji Sung-min Young-ho Dong-hyun Jin-woo'), family: split('Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Yoo Hong'), stems: split('Nam Moon Baek Heo'), endings: split('') },
  japanese: { given: split('Hiroshi Takashi Kenji Yuki Haruto Sota Yuto Ren Akira Daiki Yui Sakura Hina Aoi Yuna Mio Rin Emi Naoko Keiko'), family: split('Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Mori'), stems: split('Kita Naka Taka Yama Hara Ishi Fuji Matsu Oka Kawa'), endings: split('mura moto da no saki hashi gawa kawa') },
  indonesian: { given: split('Budi Agus Dewi Sri Eko Wahyu Rina Putri Adi Bambang Hendra Indra Joko Siti Yuni Fitri Rizki Andi Dian Tri'), family: split('Santoso Wijaya Susanto Hidayat Saputra Kurniawan Setiawan Pratama Nugroho Halim Gunawan Lestari Wibowo Siregar Nasution Sitompul Harahap Simanjuntak Lubis Hasibuan'), stems: split('Har Kus Pur Sur Wid Sug Prab Sus'), endings: split('yanto diono wanto ono ati iyah') },
};

/** A family name: from the pool, or a plausible one built from the culture's stems and endings. */
function familyName(random: () => number, c: Culture): string {
  if (c.endings.length === 0 || random() < 0.5) return pick(random, c.family);
  return pick(random, c.stems) + pick(random, c.endings);
}

/** A synthetic person name of the culture: given [given] family. */
export function syntheticName(random: () => number, cultureName: string): string {
  const c = CULTURES[cultureName]!;
  const parts = [pick(random, c.given)];
  if (random() < 0.35) parts.push(pick(random, c.given));
  parts.push(familyName(random, c));
  return parts.join(' ');
}

const EMPTY: never[] = [];

/** `count` synthetic person entities spread over every culture (shared empty arrays keep RSS honest). */
export function* syntheticEntities(count: number, seed: number): Generator<IndexedEntity> {
  const random = rng(seed);
  const cultures = Object.keys(CULTURES);
  for (let i = 0; i < count; i++) {
    const entity: ListEntity = {
      sourceId: String(i),
      type: 'person',
      names: [{ full: syntheticName(random, pick(random, cultures)), kind: 'primary' }],
      dates: EMPTY,
      countries: EMPTY,
      identifiers: EMPTY,
      addresses: EMPTY,
      cryptoAddresses: EMPTY,
      programs: EMPTY,
      topics: EMPTY,
      listedAt: null,
      remarks: null,
    };
    yield { id: `synthetic:${i}`, list: 'synthetic', entity };
  }
}
