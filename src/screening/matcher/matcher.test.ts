import { describe, expect, it } from 'vitest';
import type { EntityName, EntityType, ListEntity } from '../entity.js';
import { DEFAULT_THRESHOLD, ScreeningIndex, type IndexedEntity, type ScreeningQuery } from './matcher.js';

function entity(list: string, id: string, type: EntityType, names: Array<string | EntityName>, extra: Partial<ListEntity> = {}): IndexedEntity {
  const full = names.map((n, i): EntityName => (typeof n === 'string' ? { full: n, kind: i === 0 ? 'primary' : 'alias' } : n));
  return {
    id: `${list}:${id}`,
    list,
    entity: { sourceId: id, type, names: full, dates: [], countries: [], identifiers: [], addresses: [], cryptoAddresses: [], programs: [], topics: [], listedAt: null, remarks: null, ...extra },
  };
}

const FIXTURE = [
  entity('un', '1', 'person', ['Osama bin Laden', 'Usama bin Muhammad bin Awad BIN LADIN'], { dates: ['1957-03-10'], countries: ['SA'] }),
  entity('ofac', '2', 'person', ['Vladimir Vladimirovich PUTIN'], { dates: ['1952-10-07'], countries: ['RU'] }),
  entity('ofac', '3', 'person', ['Ivan PETROV', { full: 'Vanya', kind: 'weak_alias' }], { dates: ['1970'] }),
  entity('ofac', '4', 'organization', ['ACME TRADING LLC']),
  entity('ofac', '5', 'vessel', ['HOSHIKAZE MARU NO. 8'], { identifiers: [{ type: 'imo', value: '9123456' }] }),
  entity('ofac', '6', 'vessel', ['SOLENNE HARBOUR']),
  entity('un', '7', 'organization', ['AL-QAIDA', 'Al Qaeda']),
  entity('un', '8', 'person', ['KIM JONG UN']),
  entity('ofac', '9', 'person', ['XI Jinping']),
  entity('ofac', '10', 'person', ['Maria Fernanda GARCIA LOPEZ'], { identifiers: [{ type: 'passport', value: 'X-998877' }] }),
  entity('eu', '11', 'person', ['Abd al-Rahman Muhammad ZAYID']),
  entity('eu', '12', 'organization', ['PETROV TRADING HOUSE']),
];

const index = ScreeningIndex.build(FIXTURE);
const ids = (query: ScreeningQuery, options?: Parameters<ScreeningIndex['search']>[1]) => index.search(query, options).map((m) => m.entityId);
const top = (query: ScreeningQuery) => index.search(query, { threshold: 0 })[0];

describe('ScreeningIndex.search finds listed names', () => {
  it.each([
    ['Osama bin Laden', 'un:1'],
    ['Laden Osama bin', 'un:1'], // word order does not matter
    ['Usama bin Ladin', 'un:1'], // another romanisation
    ['Osama bin Ladenn', 'un:1'], // a typo
    ['Vladimir Putin', 'ofac:2'], // patronymic dropped
    ['Владимир Владимирович Путин', 'ofac:2'], // Cyrillic
    ['Acme Trading L.L.C.', 'ofac:4'], // legal form written differently
    ['Acme Trading Limited Liability Company', 'ofac:4'],
    ['M/V Solenne Harbour', 'ofac:6'], // vessel prefix
    ['Alqaida', 'un:7'], // glued words
    ['Kim Jongun', 'un:8'],
    ['김정은', 'un:8'], // Hangul
    ['习近平', 'ofac:9'], // Han, one syllable per character
    ['Abdulrahman Mohamed Zayed', 'eu:11'], // Abd compound and variants
  ])('%s → %s', (name, expected) => {
    expect(ids({ name })).toContain(expected);
  });

  it('returns nothing for a name that is not listed', () => {
    expect(ids({ name: 'Jonathan Whitfield' })).toEqual([]);
    expect(ids({ name: '' })).toEqual([]);
  });

  it('does not confuse a different number on a vessel name', () => {
    expect(ids({ name: 'Hoshikaze Maru No. 6' })).not.toContain('ofac:5');
    expect(ids({ name: 'Hoshikaze Maru No. 8' })).toContain('ofac:5');
  });
});

describe('ScreeningIndex.search scores and explains', () => {
  it('explains which name matched, which words aligned and how', () => {
    const match = top({ name: 'PUTIN, Vladimir' })!;
    expect(match).toMatchObject({ entityId: 'ofac:2', list: 'ofac', name: 'Vladimir Vladimirovich PUTIN', matchedName: 'Vladimir Vladimirovich PUTIN' });
    expect(match.explanation.nameKind).toBe('primary');
    expect(match.explanation.alignment).toEqual(
      expect.arrayContaining([
        { query: 'putin', candidate: 'putin', similarity: 1, how: 'exact' },
        { query: 'vladimir', candidate: 'vladimir', similarity: 1, how: 'exact' },
      ]),
    );
    expect(match.explanation.unmatchedCandidate).toEqual(['vladimirovich']);
    expect(match.explanation.unmatchedQuery).toEqual([]);
    expect(match.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('labels a misspelt word as fuzzy and a variant spelling as variant', () => {
    const hows = (name: string) => top({ name })!.explanation.alignment.map((a) => a.how);
    expect(hows('Vladimir Putn')).toContain('fuzzy');
    expect(hows('Abdel Rahman Mohammad Zayid')).toContain('variant');
  });

  it('labels a word spelt as listed exact, though other spellings of its group are listed too', () => {
    const both = ScreeningIndex.build([entity('ofac', 'q1', 'person', ['Qasim SULEIMANI']), entity('ofac', 'q2', 'person', ['Kasim AHMADI'])]);
    const alignment = both.search({ name: 'Qasim Suleimani' })[0]!.explanation.alignment;
    expect(alignment).toContainEqual({ query: 'qasim', candidate: 'qasim', similarity: 1, how: 'exact' });
  });

  it('adds a little for the same birth date and takes off for a birth year far apart', () => {
    const plain = top({ name: 'Ivan Petrov' })!.score;
    const same = top({ name: 'Ivan Petrov', birthDate: '1970-05-01' })!;
    const far = top({ name: 'Ivan Petrov', birthDate: '1990' })!;
    expect(same.score).toBeGreaterThan(plain - 0.001);
    expect(same.explanation.factors).toEqual([expect.objectContaining({ factor: 'birth_date', effect: 0.03 })]);
    expect(far.score).toBeLessThan(plain);
    expect(ids({ name: 'Ivan Petrov', birthDate: '1990' })).not.toContain('ofac:3');
  });

  it('takes off for a person screened against an organisation', () => {
    const asPerson = index.search({ name: 'Petrov Trading House', type: 'person' }, { threshold: 0 }).find((m) => m.entityId === 'eu:12')!;
    expect(asPerson.explanation.factors).toEqual([expect.objectContaining({ factor: 'type' })]);
    expect(ids({ name: 'Petrov Trading House', type: 'person' })).not.toContain('eu:12');
    expect(ids({ name: 'Petrov Trading House', type: 'organization' })).toContain('eu:12');
  });

  it('lifts a weak name match when an identifier matches', () => {
    const query = { name: 'Maria Garcia Herrera', identifiers: [{ type: 'passport', value: 'x998877' }] };
    expect(ids({ name: 'Maria Garcia Herrera' })).not.toContain('ofac:10');
    expect(ids(query)).toContain('ofac:10');
    expect(top(query)!.explanation.factors).toEqual([expect.objectContaining({ factor: 'identifier' })]);
  });

  it('finds an entity by identifier even when the name shares nothing', () => {
    expect(ids({ name: 'Unknown Vessel', identifiers: [{ type: 'imo', value: '9123456' }] }, { threshold: 0.3 })).toContain('ofac:5');
  });

  it('counts a weak alias less than a strong name', () => {
    const match = index.search({ name: 'Vanya' }, { threshold: 0 }).find((m) => m.entityId === 'ofac:3')!;
    expect(match.explanation.nameKind).toBe('weak_alias');
    expect(match.explanation.factors).toEqual([expect.objectContaining({ factor: 'weak_alias', effect: -0.1 })]);
    expect(match.score).toBeLessThan(1);
  });

  it('orders matches best first and honours limit, threshold and lists', () => {
    const all = index.search({ name: 'Petrov' }, { threshold: 0.5 });
    expect(all.map((m) => m.score)).toEqual([...all.map((m) => m.score)].sort((a, b) => b - a));
    expect(index.search({ name: 'Petrov' }, { threshold: 0.5, limit: 1 })).toHaveLength(1);
    expect(ids({ name: 'Petrov' }, { threshold: 0.5, lists: ['eu'] })).toEqual(['eu:12']);
    expect(ids({ name: 'Osama bin Laden' }, { lists: ['ofac'] })).toEqual([]);
    expect(index.search({ name: 'Osama bin Laden' }, { threshold: 1.01 })).toEqual([]);
  });

  it('holds each match to its own list’s threshold before the limit, so a stricter list cannot crowd out a looser one', () => {
    const all = index.search({ name: 'Petrov' }, { threshold: 0.5 });
    expect(all.length).toBeGreaterThan(1);
    const last = all[all.length - 1]!;
    // Every list but the last match's is out of reach: the one match left comes back even at limit 1.
    const thresholdFor = (list: string) => (list === last.list ? 0.5 : 1.01);
    const kept = index.search({ name: 'Petrov' }, { threshold: 0.5, thresholdFor, limit: 1 });
    expect(kept.map((m) => m.list)).toEqual([last.list]);
  });

  it('counts entities and indexed names', () => {
    expect(index.entityCount).toBe(FIXTURE.length);
    // One row per name form: 15 names (no bracketed former names in the fixture).
    expect(index.nameCount).toBe(FIXTURE.reduce((n, e) => n + e.entity.names.length, 0));
  });

  it('builds from any iterable and searches an empty index', () => {
    const empty = ScreeningIndex.build([][Symbol.iterator]());
    expect(empty.search({ name: 'Osama bin Laden' })).toEqual([]);
    expect(empty.entityCount).toBe(0);
  });
});

describe('ScreeningIndex.search reads Arabic, Hebrew, Cyrillic, Greek, katakana, Hangul and Chinese script as lists romanise it', () => {
  const listed = ScreeningIndex.build([
    entity('ofac', 'a1', 'person', ['Mohammad Ilyas KASHMIRI']),
    entity('ofac', 'a2', 'person', ['Aamir Ali CHAUDHRY']),
    entity('ofac', 'a3', 'person', ['Ahmad VAHIDI']),
    entity('ofac', 'a5', 'person', ['Mohammad Javad JAFARI']),
    entity('ofac', 'a6', 'person', ['Juan Carlos ORTEGA MURILLO']),
    entity('un', 'a7', 'organization', ['Al Jamm’ah Al-Islamiah Al- Musallah']),
    entity('un', 'a8', 'organization', ['RAHAT LTD.']),
    entity('ofac', 'a9', 'person', ['Jiao GONG']),
    entity('ofac', 'a10', 'person', ['Jose Raul VEGA SANCHEZ']),
    entity('ofac', 'a11', 'person', ['Mohsen Matloub MOGHADAM']),
    entity('un', 'a4', 'person', ['Abdul-Haq Wasseq']),
    entity('ofac', 'a12', 'person', ['Viktor Anatolijevitch BOUT']),
    entity('eu', 'a13', 'person', ['Ramzan Akhmatovitch KADYROV']),
    entity('un', 'a14', 'person', ['Slobodan MILOSEVIC']),
    entity('ofac', 'a15', 'person', ['Ignacio LEAL GARCIA']),
    entity('ofac', 'a16', 'person', ['Robert Paul PETERSON']),
    entity('ofac', 'a17', 'person', ['Margaret HARGREAVES']),
    entity('ofac', 'a18', 'person', ['ZHANG Yiwei']),
    entity('ofac', 'a19', 'person', ['Deng XIAOPING']),
    entity('ofac', 'a20', 'person', ['Hanzo HATTORI']),
    entity('un', 'a21', 'person', ['RI PYONG CHOL']),
    entity('un', 'a22', 'person', ['CHOE RYONG HAE']),
    entity('ofac', 'a23', 'person', ['Oleh Hryhorovych HONCHARENKO']),
    entity('ofac', 'a24', 'person', ['Yevhen Vitaliyovych BALYTSKYI']),
    entity('eu', 'a25', 'person', ['Dora BAKOYANNI']),
    entity('ofac', 'a26', 'person', ['Maria Eugenia QUINTERO MARIN']),
    entity('ofac', 'a27', 'person', ['Jose Manuel FITCH TOVAR']),
    entity('ofac', 'a28', 'person', ['Luciano MARIN ARANGO']),
    entity('ofac', 'a29', 'person', ['Vicente CARRILLO FUENTES']),
    entity('ofac', 'a30', 'person', ['Ignacio MEJIA GUTIERREZ']),
    entity('ofac', 'a31', 'person', ['Mateo DIAZ LOPEZ']),
    entity('ofac', 'a32', 'person', ['Ousmane CONTE']),
    entity('ofac', 'a33', 'person', ['Salim ESSA']),
    entity('ofac', 'a34', 'person', ['Dr. Abdul Latif SALEH']),
    entity('ofac', 'a35', 'person', ['Jose Gil CARO QUINTERO']),
    entity('ofac', 'a36', 'person', ['Sally Anne Frances JONES']),
  ]);
  const found = (name: string) => listed.search({ name }).map((m) => m.entityId);

  it.each([
    ['محمد إلياس كشميري', 'ofac:a1'], // إل is no article
    ['عامر علي تشودري', 'ofac:a2'], // تش is ch
    ['أحمد وحيدي', 'ofac:a3'], // و is v in a Persian name
    ['محمد جواد جعفري', 'ofac:a5'], // also inside a word
    ['خوان كارلوس أورتيغا موريلو', 'ofac:a6'], // a Spanish j is خ
    ['ماريا يوجينيا كوينتيرو مارين', 'ofac:a26'], // Eu- is يو, and ج a g
    ['خوسيه مانويل فيتش توفار', 'ofac:a27'], // the t of tch is silent
    ['لوتشيانو مارين أرانغو', 'ofac:a28'], // an Italian ci is تش
    ['فيسنتي كاريو فوينتيس', 'ofac:a29'], // a Spanish ll is ي
    ['عثمان كونتي', 'ofac:a32'], // عثمان is Ousmane in West Africa
    ['سليم عيسى', 'ofac:a33'], // and عيسى Essa
    ['دكتور عبد اللطيف صالح', 'ofac:a34'], // دكتور is a title, as Dr. is
    ['الجماعة الاسلامية المسلحة', 'un:a7'], // Musallah, cut as mus + allah, still meets مسلحة as written
    ['راحت لمتد', 'un:a8'], // Ltd. as Urdu writes it
    ['جياو غونغ', 'ofac:a9'], // short skeletons, but every long vowel written where the Latin name has one
    ['مارجريت هارجريفز', 'ofac:a17'], // ج is a foreign g
    ['محسن مطلوب مقدم', 'ofac:a11'], // ق is g in a Persian name
    ['Хосе Рауль Вега Санчес', 'ofac:a10'], // and Cyrillic: х is a Spanish j
    ['Игнасио Мейха Гутьеррес', 'ofac:a30'], // ье the ie of a Spanish name, in its reading with j for х
    ['Матео Дьяс Лопес', 'ofac:a31'], // ья its ia, and с a final z
    ['Матео ДЬЯС ЛОПЕС', 'ofac:a31'], // in capitals too, as lists write surnames
    ['Хосе Хиль Каро Кинтеро', 'ofac:a35'], // х before и the g of Gil, Кинтеро Quintero
    ['Сэлли Энн Фрэнсис Джонс', 'ofac:a36'], // э the English a
    ['доктор абдул латиф салех', 'ofac:a34'], // доктор is a title too
    ['عبد الحق وثيق', 'un:a4'], // and w, with ث as s, in an Afghan one
    ['ヴィクトル・ボウト', 'ofac:a12'], // and katakana, without the vowels Japanese adds (vi-ku-to-ru)
    ['ラムザン・カディロフ', 'eu:a13'],
    ['スロボダン・ミロシェヴィッチ', 'un:a14'], // the -vich ending without its added i
    ['イグナシオ・レアル・ガルシア', 'ofac:a15'], // l in one word, r in another
    ['ホセ・ラウル・ベガ・サンチェス', 'ofac:a10'], // a Spanish j written as h
    ['빅토르 부트', 'ofac:a12'], // and Hangul, without the ㅡ Korean adds (bik-to-reu, bu-teu)
    ['람잔 카디로프', 'eu:a13'],
    ['슬로보단 밀로셰비치', 'un:a14'], // 셰 she, a final 치 -ch
    ['이그나시오 레알 가르시아', 'ofac:a15'],
    ['호세 라울 베가 산체스', 'ofac:a10'],
    ['רוברט פול פטרסון', 'ofac:a16'], // and Hebrew, whose b and p are read as Latin ones, not as Arabic's ظ and ض
    ['维克托·布特', 'ofac:a12'], // and Chinese, spelt back from the sounds its characters write (wei-ke-tuo bu-te)
    ['拉姆赞·卡德罗夫', 'eu:a13'],
    ['斯洛博丹·米洛舍维奇', 'un:a14'],
    ['何塞·劳尔·维加·桑切斯', 'ofac:a10'],
    ['Чжан Ивэй', 'ofac:a18'], // and Chinese and Japanese names as Russian spells them (Palladius, Polivanov)
    ['Дэн Сяопин', 'ofac:a19'],
    ['Хаттори Хандзо', 'ofac:a20'],
    ['Ри Пён Чхоль', 'un:a21'], // and Korean ones (Kontsevich)
    ['Чхве Рён Хэ', 'un:a22'],
    ['Олег Григорович Гончаренко', 'ofac:a23'], // and Ukrainian ones: г is h, и is y
    ['Євген Віталійович Балицький', 'ofac:a24'],
    ['Ντόρα Μπακογιάννη', 'eu:a25'], // and Greek, whose words open with μπ for b and ντ for d
  ])('%s → %s', (name, expected) => {
    expect(found(name)).toContain(expected);
  });
});

describe('ScreeningIndex.search meets a company name as a customer writes it', () => {
  const firms = ScreeningIndex.build([
    entity('ofac', 'c1', 'organization', ['Delancourt Bros. Mfg. Co.']),
    entity('ofac', 'c2', 'organization', ['Tidewell Process Equipment, Inc.']),
    entity('ofac', 'c3', 'organization', ['Baltic Timberline OÜ']),
    entity('ofac', 'c4', 'vessel', ['GOLDEN KINNAREE']),
    entity('ofac', 'c5', 'organization', ['FIVE ENERGY OIL TRADING']),
    entity('ofac', 'c6', 'organization', ['Wirra-long Downs Pty Ltd']),
    entity('ofac', 'c7', 'organization', ['Kaltbrunn Holding AG']),
  ]);
  const found = (name: string, type: EntityType = 'organization') => firms.search({ name, type }).map((m) => m.entityId);

  it('takes a spelt-out word for its abbreviation, however much shorter (Mfg, Manufacturing)', () => {
    expect(found('Delancourt Brothers Manufacturing Co.')).toEqual(['ofac:c1']);
  });

  it('weighs an address, branch or port after the name lightly', () => {
    expect(found('Tidewell Process Equipment Inc, 12250 Brevard Ln, Pasadena TX 77506')).toEqual(['ofac:c2']);
    expect(found('MT GOLDEN KINNAREE, Laem Chabang', 'vessel')).toEqual(['ofac:c4']);
    // …but not a different name.
    expect(found('Tidewell Precision Castings Inc')).toEqual([]);
  });

  it('takes a number spelt out as the number, and a typo in it as a typo', () => {
    expect(found('5 Energy Oil Trading')).toEqual(['ofac:c5']);
    expect(found('Fiive Energy Oil Trading')).toEqual(['ofac:c5']);
    expect(found('Six Energy Oil Trading')).toEqual([]);
  });

  it('takes a hyphenated word for the same word written as one, both ways', () => {
    expect(found('Wirralong Downs Pty Ltd')).toEqual(['ofac:c6']);
    expect(found('Kalt-brunn Holding AG')).toEqual(['ofac:c7']);
  });

  it('reads Messrs. before a firm name as a title', () => {
    expect(found('MESSRS. BALTIC TIMBERLINE OU')).toEqual(['ofac:c3']);
  });
});

describe('ScreeningIndex.search reads a lineage name that repeats a name', () => {
  const lineage = ScreeningIndex.build([entity('un', 'l1', 'person', ['Mubarak Mishkhis Sanad AL-BADHALI']), entity('un', 'l2', 'person', ['Rashid Nasser SAEED'])]);
  const found = (name: string) => lineage.search({ name }).map((m) => m.entityId);

  it('weighs a word left over that repeats an aligned one lightly (a grandfather named as his grandson)', () => {
    expect(found('مبارك مشخص سند مبارك البذالي')).toEqual(['un:l1']);
    // A word left over that repeats none still counts fully.
    expect(found('Rashid Nasser Saeed Khalifa')).toEqual([]);
  });
});

describe('ScreeningIndex.search retrieves at its own threshold what it scores above it', () => {
  const abjad = ScreeningIndex.build([entity('ofac', 'k1', 'person', ['Awad Ibn AWF']), entity('ofac', 'k2', 'person', ['HAROUN GAYE'])]);

  // عوض `awp` and غاي `gay` have skeletons too short for a key: the name is found through its
  // other words, and the bound may not count on them.
  it.each([
    ['عوض بن عوف', 'ofac:k1'],
    ['هارون غاي', 'ofac:k2'],
  ])('%s → %s at the default threshold', (name, id) => {
    expect(abjad.search({ name }).map((m) => m.entityId)).toContain(id);
  });
});

describe('ScreeningIndex.search meets an Arabic organisation name in the English a list translates it to', () => {
  const orgs = ScreeningIndex.build([
    entity('un', 'o1', 'organization', ['ISLAMIC STATE OF IRAQ AND THE LEVANT-LIBYA']),
    entity('un', 'o2', 'organization', ['HANIFA MONEY EXCHANGE OFFICE']),
    entity('un', 'o3', 'organization', ['AL-QAIDA IN IRAQ']),
    entity('un', 'o4', 'organization', ['AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT']),
    entity('un', 'o5', 'organization', ['MOROCCAN ISLAMIC COMBATANT GROUP']),
    entity('un', 'o6', 'organization', ['LIBYAN ISLAMIC FIGHTING GROUP']),
    entity('un', 'o7', 'organization', ['HAJI BASIR AND ZARJMIL COMPANY HAWALA']),
    entity('un', 'o8', 'organization', ['AL-QAIDA IN THE ARABIAN PENINSULA (AQAP)']),
    entity('un', 'o9', 'organization', ['Army of Emigrants and Supporters organization']),
    entity('un', 'o10', 'organization', ['Selselat al Thahab For Money Exchange']),
  ]);

  it.each([
    ['الدولة الإسلامية في العراق والشام - ليبيا', 'un:o1'],
    ['مكتب حنيفة للصرافة', 'un:o2'],
    ['القاعده في العراق', 'un:o3'],
    ['جبهة النصرة لأهل الشام', 'un:o4'],
    ['الجماعة الاسلامية المغربية المقاتلة', 'un:o5'],
    ['الجماعة الإسلامية الليبية المقاتلة', 'un:o6'],
    // Pashto: د (of) and او (and) are particles.
    ['د حاجی بصیر او ضرجمیل کمپنی حواله', 'un:o7'],
    ['القاعدة في جزيرة العرب', 'un:o8'],
    ['تنظیم جیش المھاجرین و الأنصار', 'un:o9'],
    ['سلسلة الذهب للصرافة', 'un:o10'], // ذ written th
  ])('%s → %s', (name, id) => {
    expect(orgs.search({ name }).map((m) => m.entityId)).toContain(id);
  });
});

describe('ScreeningIndex.search weighs the long vowels an abjad spelling writes', () => {
  const listed = ScreeningIndex.build([
    entity('ofac', 'v1', 'person', ['BONITA QUEEN']),
    entity('ofac', 'v2', 'person', ['Saifi AMMARI']),
    entity('ofac', 'v3', 'person', ['Hussein YOUSEF']),
    entity('ofac', 'v4', 'person', ['Mohamed Sa\'id ATOM']),
  ]);
  const found = (name: string) => listed.search({ name }).map((m) => m.entityId);

  it('does not take consonants alike for the name when its long vowels are another name’s', () => {
    expect(found('كينو بينيت')).toEqual([]); // ي after the b: not Bonita
    expect(found('موريه صوفيا')).toEqual([]); // و after the s and the m: not Saifi Ammari
    expect(found('تامي محمد')).toEqual([]); // a final ي: not Atom, which ends in its m
  });

  it('still finds the names whose vowels it writes', () => {
    expect(found('بونيتا كوين')).toEqual(['ofac:v1']);
    expect(found('حسين يوسف')).toEqual(['ofac:v3']);
    expect(found('أتوم محمد')).toEqual(['ofac:v4']);
  });
});

describe('ScreeningIndex.search reads an abjad word pair as the one Latin word a list writes', () => {
  const glued = ScreeningIndex.build([
    entity('un', 'g1', 'person', ['SAID AHMED SHAHIDKHEL']),
    entity('un', 'g2', 'person', ['Ghulam WALIJAN']),
    entity('un', 'g3', 'organization', ['SUNSHINE']),
  ]);
  const found = (name: string) => glued.search({ name }).map((m) => m.entityId);

  it.each([
    ['سيد أحمد شهيد خيل', 'un:g1'], // five consonants: shdhl
    ['غلام ولی جان', 'un:g2'], // four (wljn) count for less, but help a name along
  ])('%s → %s', (name, expected) => {
    expect(found(name)).toContain(expected);
  });

  it('does not make a name of four shared consonants alone', () => {
    expect(found('شونا سوهيون')).toEqual([]);
  });
});

describe('ScreeningIndex.search tolerates two typos where a name can bear them', () => {
  const typos = ScreeningIndex.build([
    entity('ofac', 't1', 'person', ['Hassan Abdullah Hersi AL-TURKI']),
    entity('ofac', 't2', 'person', ["Muhammad Sa'id AL-HAKIM"]),
    entity('ofac', 't3', 'person', ['Mansour Fadlallah AZZAM']),
    entity('ofac', 't4', 'organization', ['BICENTENARIO XI']),
    entity('ofac', 't5', 'person', ["Basil SHA'BAN"]),
    entity('ofac', 't6', 'person', ['Abdallah KHALIL']),
    entity('ofac', 't7', 'organization', ['AL-ASHTAR BRIGADES']),
    entity('ofac', 't8', 'person', ['Abdulfatah QUDSIAH']),
    entity('ofac', 't9', 'person', ['Ali Mohamed TAGEDDINE']),
    entity('ofac', 't10', 'organization', ['MKS INTERNATIONAL CO. LTD.']),
    entity('ofac', 't11', 'organization', ['INTERNATION TRADE CENTER']),
    entity('ofac', 't12', 'person', ['Abdur REHMAN']),
  ]);
  const found = (name: string) => typos.search({ name }).map((m) => m.entityId);

  it.each([
    ['Muhhamnad Said al-Hakim', 'ofac:t2'], // two edits in one long word
    ['Mansour Fadlalllah Azzam', 'ofac:t3'], // a typo keeps the compound from being cut
    ['Hassan Abbdullah Hersi al-Turki', 'ofac:t1'], // cut differently, and like Abdallah, a variant of Abdullah
    ['Abdullah Khalil', 'ofac:t6'], // spelling variants stay one group
    ['Bicentebraio XI', 'ofac:t4'], // a letter replaced and two swapped: reached through the word's thirds
    ['Hassan Abdullahh Hersi al-Turki', 'ofac:t1'], // a typo in Abdullah is not cut as abdul + "lahh"
    ['Muhanmsd Said al-Hakim', 'ofac:t2'], // two letters replaced
    ['Mulamma Said al-Hakim', 'ofac:t2'], // a letter replaced and one lost: seven letters for eight
    ['Al-Ashtar Beigdes', 'ofac:t7'],
    // A typo keeps a compound the rules cut (abdul + fatah, tag + din) whole: it meets the listed word as written.
    ['Abbdulfatah Qudziah', 'ofac:t8'],
    ['Ali Mohaned Tageddinee', 'ofac:t9'],
    // Internation, two edits away too, is found first: it does not keep International from being looked for.
    ['MKS Internaiona Co. Ltd.', 'ofac:t10'],
    // Abdour is Abdur mistyped, a spelling of Abdul, which the list's Abdur is filed as: two edits from Abdour.
    ['Abdour Rehman', 'ofac:t12'],
  ])('%s → %s', (name, expected) => {
    expect(found(name)).toContain(expected);
  });

  it('does not stretch a short word two edits', () => {
    expect(found("Bsai Sha'ban")).not.toContain('ofac:t5');
  });
});

describe('ScreeningIndex.search reads the one word left between aligned words as a misspelling', () => {
  const gaps = ScreeningIndex.build([
    entity('ofac', 'g1', 'person', ["'Ali Manahi 'Ali al-Mahaydali AL-'UTAYBI"]),
    entity('ofac', 'g2', 'organization', ['CASTELLAN AGRO IMPORTS PVT. LTD.']),
    entity('ofac', 'g3', 'organization', ['NORTHERN EXPORTS LLC']),
    entity('ofac', 'g4', 'person', ['Hamid KARIMI']),
  ]);
  const best = (name: string, id: string) => gaps.search({ name }, { threshold: 0 }).find((m) => m.entityId === id);

  it('allows two edits in a word every other word of the name frames', () => {
    const m = best('Ali Manqh Ali al-Mahaydali al-Utaybi', 'ofac:g1')!;
    expect(m.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(m.explanation.alignment).toContainEqual(expect.objectContaining({ query: 'manqh', candidate: 'manahi', how: 'fuzzy' }));
  });

  it('leaves the word out when it stands elsewhere in the name', () => {
    expect(best('al-Mahaydali Manqh Ali Ali al-Utaybi', 'ofac:g1')!.score).toBeLessThan(DEFAULT_THRESHOLD);
  });

  it('does not take a listed word for a misspelling of another (Exports for Imports)', () => {
    expect(best('Castellan Agro Exports Pvt Ltd', 'ofac:g2')!.score).toBeLessThan(DEFAULT_THRESHOLD);
  });

  it('does not stretch a two-word name, where one word in common is often another person', () => {
    expect(best('Hamid Kazemi', 'ofac:g4')!.score).toBeLessThan(DEFAULT_THRESHOLD);
  });
});

describe('ScreeningIndex.search reads the one Arabic-script word between aligned words by its consonants', () => {
  const heard = ScreeningIndex.build([
    entity('ofac', 'h1', 'person', ['Sergei Petrovich MIKHAILOV']),
    entity('ofac', 'h2', 'person', ['Mohammad Jahangir ALAM']),
    entity('ofac', 'h3', 'person', ['Mikhail LAVROV']),
  ]);
  const best = (name: string, id: string) => heard.search({ name }, { threshold: 0 }).find((m) => m.entityId === id);

  it('takes a skeleton one consonant off for the listed word (ميكايلوف mklf ~ Mikhailov mhlf)', () => {
    const m = best('سيرجي بيتروفيتش ميكايلوف', 'ofac:h1')!;
    expect(m.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(m.explanation.alignment).toContainEqual(expect.objectContaining({ query: 'mykaylwf', candidate: 'mikhailov', how: 'skeleton' }));
    expect(heard.search({ name: 'محمد جهانكير عالم' }).map((x) => x.entityId)).toContain('ofac:h2');
  });

  it('does not stretch a word that stands elsewhere in the name', () => {
    expect(best('ميكايلوف سيرجي بيتروفيتش', 'ofac:h1')!.score).toBeLessThan(DEFAULT_THRESHOLD);
  });

  it('does not stretch a two-word name, nor a skeleton of three consonants', () => {
    expect(best('ميخائيل لافرين', 'ofac:h3')?.score ?? 0).toBeLessThan(DEFAULT_THRESHOLD);
    expect(best('محمد جهانكير علي', 'ofac:h2')?.score ?? 0).toBeLessThan(DEFAULT_THRESHOLD);
  });
});

describe('ScreeningIndex.search holds a name of Han or Hangul syllables to all of a listed name', () => {
  const korean = ScreeningIndex.build([entity('ofac', 'k1', 'person', ['Kyong Hwa JANG'])]);
  const found = (name: string) => korean.search({ name }).map((m) => m.entityId);

  it('finds the whole name in Hangul', () => {
    expect(found('장경화')).toContain('ofac:k1');
  });

  it('does not take a name with a syllable fewer for it: 장화 Jang Hwa is another given name', () => {
    expect(found('장화')).toEqual([]);
  });

  it('still lets a Latin query leave a listed word out', () => {
    expect(found('Hwa Jang')).toContain('ofac:k1');
  });

  it('does not take a name for one that adds a common surname: 광석 Gwang Seok is not Kwang Sok KIM', () => {
    // As on the lists, KIM is common, so by its rarity it weighs little.
    const given = ['Chol', 'Song', 'Yong', 'Il', 'Nam', 'Su', 'Jong', 'Hyok', 'Myong', 'Chun'];
    const kims = Array.from({ length: 100 }, (_, i) => entity('ofac', `m${i}`, 'person', [`${given[i % 10]} ${given[Math.floor(i / 10)]} KIM`]));
    const index = ScreeningIndex.build([...kims, entity('ofac', 'k2', 'person', ['Kwang Sok KIM'])]);
    expect(index.search({ name: '광석' }).map((m) => m.entityId)).not.toContain('ofac:k2');
    expect(index.search({ name: '김광석' }).map((m) => m.entityId)).toContain('ofac:k2');
  });
});

describe('ScreeningIndex.search compares a name written by ear in katakana or Chinese characters as it sounds', () => {
  const heard = ScreeningIndex.build([
    entity('ofac', 'h1', 'person', ['Luis Hernando MONTANO ALVAREZ']),
    entity('ofac', 'h2', 'person', ['Gustavo GONZALEZ CASTRO']),
    entity('ofac', 'h3', 'person', ['Juan Daniel VELASQUEZ CABALLERO']),
    entity('ofac', 'h4', 'person', ['Jaime GONZALEZ DURAN']),
    entity('ofac', 'h6', 'person', ['Vladimir Nikolaevich PAVLENKO']),
    entity('ofac', 'h7', 'person', ['Diana ESPINOZA AGUILAR']),
    entity('ofac', 'h8', 'person', ['Diana ESPINOZA']),
    entity('ofac', 'h9', 'person', ['Gholamreza MAHMOUDI']),
    entity('ofac', 'h10', 'person', ['Mohamed HASSAN']),
    entity('ofac', 'h11', 'person', ['Ana Gabriela RUBIO ZEA']),
    entity('ofac', 'h12', 'person', ['Luis Hernando MONTANO ALVARADO']),
    entity('ofac', 'h13', 'person', ['Martin Heriberto PONCE FELIX']),
    entity('ofac', 'h14', 'person', ['Jose Luis ZAMBRANO GRIJALVA']),
    entity('ofac', 'h15', 'person', ['John Edward MEADOWS']),
  ]);
  const best = (name: string, id: string) => heard.search({ name }, { threshold: 0 }).find((m) => m.entityId === id)!;

  // The words compared by ear below are none the table of words written often holds whole
  // (name-words.table.ts: アルバレス reads alvarez, 冈萨雷斯 gonzalez), so they are read by their sounds.

  it.each([
    ['ルイス・エルナンド・モンタノ・アルバラド', 'ofac:h12', 'arbarad', 'alvarado'],
    ['古斯塔沃·贡萨雷斯·卡斯特羅', 'ofac:h2', 'gonsares', 'gonzalez'],
    ['フアン・ダニエル・ヴェラスケス・カバジェロ', 'ofac:h3', 'veraskes', 'velasquez'],
    // Two words, one in common: found only because gonsares is looked up as it sounds.
    ['贡萨雷斯·杜蘭', 'ofac:h4', 'gonsares', 'gonzalez'],
    // A Spanish h left silent, an m before b written n.
    ['マーティン・エリベルト・ポンセ・フェリックス', 'ofac:h13', 'eribert', 'heriberto'],
    ['ホセ・ルイス・サンブラノ・グリハルバ', 'ofac:h14', 'sanbrano', 'zambrano'],
    ['ウラジーミル・ニコラエヴィチ・パブレンコ', 'ofac:h6', 'pabrenko', 'pavlenko'],
  ])('%s → %s (%s ~ %s)', (name, id, query, candidate) => {
    const m = best(name, id);
    expect(m.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(m.explanation.alignment).toContainEqual(expect.objectContaining({ query, candidate }));
  });

  it('reads a word written often as it mostly writes (ジョン John, which by sound is jon)', () => {
    const m = best('ジョン・エドワード・メドウズ', 'ofac:h15');
    expect(m.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(m.explanation.alignment).toContainEqual(expect.objectContaining({ query: 'john', candidate: 'john', how: 'exact' }));
  });

  it('fills both gaps of a three-word name around the one word spelt as listed', () => {
    const m = best('黛安娜·埃斯皮諾薩·阿吉拉爾', 'ofac:h7');
    expect(m.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(m.explanation.alignment.map((a) => a.candidate)).toEqual(expect.arrayContaining(['diana', 'espinoza', 'aguilar']));
  });

  it('fills the other word of a two-word name only when it sounds closer still', () => {
    const m = best('ゴラームレザー・マフムーディ', 'ofac:h9');
    expect(m.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(m.explanation.alignment.map((a) => a.candidate)).toEqual(expect.arrayContaining(['gholamreza', 'mahmoudi']));
    // fakshinu sounds like hassan only two edits away: Mehmet Faksinu is someone else.
    expect(heard.search({ name: '메흐메트 팍시누' }).map((x) => x.entityId)).not.toContain('ofac:h10');
    expect(heard.search({ name: '安廷·埃斯皮諾薩' }).map((x) => x.entityId)).not.toContain('ofac:h8');
  });

  it('fills a three-letter word only when it sounds the same (sea ~ Zea, not sen)', () => {
    const m = best('アナ・ガブリエラ・ルビオ・セア', 'ofac:h11');
    expect(m.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(m.explanation.alignment).toContainEqual(expect.objectContaining({ query: 'sea', candidate: 'zea' }));
    expect(best('アナ・ガブリエラ・ルビオ・セン', 'ofac:h11').score).toBeLessThan(DEFAULT_THRESHOLD);
  });

  it('does not fill a word the query lacks: a three-word reading is not a two-word name', () => {
    expect(best('黛安娜·埃斯皮諾薩·阿吉拉爾', 'ofac:h8').score).toBeLessThan(DEFAULT_THRESHOLD);
  });

  it('holds the same spelling typed in Latin letters to its letters', () => {
    expect(best('Luis Hernando Montano Arbares', 'ofac:h1').score).toBeLessThan(DEFAULT_THRESHOLD);
    expect(best('Gustavo Gonsares Castro', 'ofac:h2').score).toBeLessThan(DEFAULT_THRESHOLD);
  });
});

describe('ScreeningIndex.search weighs the other spellings of a Chinese word when the rest of the name is in place', () => {
  const heard = ScreeningIndex.build([
    entity('ofac', 's1', 'person', ['Jorge Humberto FIGUEROA BENITEZ']),
    entity('ofac', 's2', 'person', ['Horacio Manuel CARTES JARA']),
    entity('ofac', 's3', 'person', ['Manuel Angel FERNANDEZ MELENDEZ']),
    entity('ofac', 's4', 'person', ['Humberto BENITEZ']),
  ]);
  const best = (name: string, id: string) => heard.search({ name }, { threshold: 0 }).find((m) => m.entityId === id)!;

  // Each word's likeliest spellings (winbeto, kalt, menledz) sound too far from the listed word
  // to take its place; one its characters make less often sounds close.
  it.each([
    ['豪爾赫·溫貝托·菲格罗亚·貝尼特斯', 'ofac:s1', 'humberto'], // 溫 also writes un: unberto
    ['奧拉西奧·曼努埃爾·卡爾特·賈拉', 'ofac:s2', 'cartes'], // kalte
    ['曼努埃爾·安潔兒·費爾南德斯·門勒德茲', 'ofac:s3', 'melendez'], // menledez
  ])('%s → %s (%s in the gap)', (name, id, candidate) => {
    const m = best(name, id);
    expect(m.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(m.explanation.alignment).toContainEqual(expect.objectContaining({ candidate, how: 'phonetic' }));
  });

  it('does not take another name written in Chinese for the listed one', () => {
    // Alberto, Roberto, and Winston, which shares 溫 with 溫貝托.
    for (const given of ['阿爾貝托', '羅伯托', '溫斯頓']) {
      expect(best(`豪爾赫·${given}·菲格罗亚·貝尼特斯`, 'ofac:s1').score).toBeLessThan(DEFAULT_THRESHOLD);
    }
  });

  it('eases only a name with three other words in place, and only a reading of Chinese characters', () => {
    expect(best('溫貝托·貝尼特斯', 'ofac:s4').score).toBeLessThan(DEFAULT_THRESHOLD);
    expect(best('Jorge Winbeto Figueroa Benitez', 'ofac:s1').score).toBeLessThan(DEFAULT_THRESHOLD);
  });
});

describe('ScreeningIndex.search reads a listed word typed as written', () => {
  // As on the real lists, Ahmad is a common given name there, so the surname decides.
  const surnames = ['Karimi', 'Nouri', 'Haidari', 'Rahimi', 'Sadeqi', 'Jafari', 'Mousavi', 'Rezaei', 'Azizi', 'Hashemi'];
  const common = Array.from({ length: 400 }, (_, i) => entity('ofac', `c${i}`, 'person', [`Ahmad ${surnames[i % 10]} ${surnames[Math.floor(i / 10) % 10]}`]));
  const named = ScreeningIndex.build([
    ...common,
    entity('ofac', 'k1', 'person', ['Ahmad AL-SHAMI']),
    entity('ofac', 'k2', 'person', ['Walid SHAMS']),
    entity('un', 'k3', 'person', ['Djamel AKKACHA']),
    entity('ofac', 'k4', 'person', ['Tariq HAKIMI']),
    // Jamal is listed too: the romanisation of جمال must still reach Djamel.
    entity('ofac', 'k5', 'person', ['Jamal KHAN']),
    entity('ofac', 'k6', 'person', ['Rafael CARO QUINTERO']),
    entity('ofac', 'k7', 'person', ['Ivan KARO']),
    entity('ofac', 'k8', 'person', ['Adam YACOUB']),
    entity('ofac', 'k9', 'person', ['Adan FARAH']),
    entity('ofac', 'k10', 'person', ['Samir HADAD']),
    entity('ofac', 'k11', 'person', ['Samer HADAR']),
    entity('ofac', 'k12', 'person', ['Noor WALI']),
  ]);
  const found = (name: string) => named.search({ name }).map((m) => m.entityId);

  it('does not take one listed name for a misspelling of another', () => {
    // Shams is a listed name of its own, so Ahmad Shams is not Ahmad al-Shami.
    expect(found('Ahmad Shams')).not.toContain('ofac:k1');
  });

  it('takes another romanisation of a listed name as that name, even when it is listed too', () => {
    expect(found('Rafael Karo Quintero')).toContain('ofac:k6');
  });

  it('still forgives a typo that makes a word no list knows', () => {
    expect(found('Ahmad Shamy')).toContain('ofac:k1');
    expect(found('Tariq Hakimy')).toContain('ofac:k4');
  });

  it('reads a listed word one letter off as a second typo in a name with a word no list knows', () => {
    // Adan is listed (k9), Yacoyb is not: Adan Yacoyb is Adam YACOUB mistyped twice.
    expect(found('Adan Yacoyb')).toContain('ofac:k8');
    const typo = named.search({ name: 'Adan Yacoyb' }).find((m) => m.entityId === 'ofac:k8')!;
    expect(typo.explanation.alignment).toContainEqual(expect.objectContaining({ query: 'adan', candidate: 'adam', how: 'fuzzy', similarity: 0.875 }));
    // Two short words a letter off each: each edit weighs much in four letters.
    expect(found('Noo Wail')).toContain('ofac:k12');
    // Both words listed names, each a letter off another: two names, not two typos.
    expect(found('Samer Hadar')).not.toContain('ofac:k10');
    // Nor when the words stand in another order, or a first letter differs.
    expect(found('Yacoyb Adan')).not.toContain('ofac:k8');
    expect(found('Edan Yacoyb')).not.toContain('ofac:k8');
  });

  it('leaves romanisations of another script alone', () => {
    expect(found('جمال عكاشة')).toContain('un:k3');
  });

  it('matches a Han syllable only as it is spelt: pinyin is a closed set of syllables', () => {
    const chinese = ScreeningIndex.build([entity('ofac', 'h1', 'person', ['Chen WANG']), entity('ofac', 'h2', 'person', ['CHENG Li'])]);
    const match = (name: string) => chinese.search({ name }, { threshold: 0 }).find((m) => m.entityId === 'ofac:h1');
    expect(match('王晨')?.score).toBe(1);
    // 成 is cheng, another syllable than chen: only wang aligns.
    expect(match('王成')?.explanation.alignment.map((a) => a.candidate)).toEqual(['wang']);
    // Typed in Latin letters, cheng may still be a misspelt chen.
    expect(match('Wang Cheng')?.explanation.alignment.map((a) => a.candidate).sort()).toEqual(['chen', 'wang']);
  });

  it('meets a Chinese surname in its Wade-Giles and Cantonese spellings', () => {
    const listed = ScreeningIndex.build([entity('ofac', 'w1', 'person', ['CHANG Wei']), entity('ofac', 'w2', 'person', ['CHAN Wen'])]);
    const han = (name: string) => listed.search({ name }).map((m) => m.entityId);
    expect(han('张伟')).toContain('ofac:w1');
    expect(han('陈文')).toContain('ofac:w2');
  });

  it('glues two Han syllables only into a word some list writes', () => {
    const listed = ScreeningIndex.build([entity('ofac', 'h3', 'organization', ['MAEI']), entity('ofac', 'h4', 'person', ['Jinping XI'])]);
    const han = (name: string) => listed.search({ name }).map((m) => m.entityId);
    expect(han('习近平')).toContain('ofac:h4');
    // ma + fei is no listed word: not Maei misspelt.
    expect(han('马飞')).not.toContain('ofac:h3');
  });
});
