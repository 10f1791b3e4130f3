/**
 * Country names as lists write them → ISO 3166-1 alpha-2. Built from CLDR's English names
 * (through Intl) plus the spellings sanctions lists use that CLDR does not.
 */
const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

const EXTRA: Record<string, string> = {
  'russian federation': 'RU',
  russia: 'RU',
  'iran (islamic republic of)': 'IR',
  'iran, islamic republic of': 'IR',
  'korea, north': 'KP',
  'north korea': 'KP',
  "democratic people's republic of korea": 'KP',
  'korea, democratic people’s republic of': 'KP',
  "korea, democratic people's republic of": 'KP',
  'korea, south': 'KR',
  'republic of korea': 'KR',
  'south korea': 'KR',
  'syrian arab republic': 'SY',
  syria: 'SY',
  burma: 'MM',
  'united states of america': 'US',
  usa: 'US',
  'united kingdom of great britain and northern ireland': 'GB',
  uk: 'GB',
  'great britain': 'GB',
  'viet nam': 'VN',
  'lao people’s democratic republic': 'LA',
  "lao people's democratic republic": 'LA',
  'venezuela (bolivarian republic of)': 'VE',
  'bolivia (plurinational state of)': 'BO',
  'tanzania, united republic of': 'TZ',
  'united republic of tanzania': 'TZ',
  'congo, democratic republic of the': 'CD',
  'democratic republic of the congo': 'CD',
  'congo, republic of the': 'CG',
  'republic of the congo': 'CG',
  "cote d'ivoire": 'CI',
  'côte d’ivoire': 'CI',
  'moldova, republic of': 'MD',
  'republic of moldova': 'MD',
  'palestinian territory': 'PS',
  'state of palestine': 'PS',
  'west bank': 'PS',
  gaza: 'PS',
  'macedonia, the former yugoslav republic of': 'MK',
  'the former yugoslav republic of macedonia': 'MK',
  'north macedonia': 'MK',
  'czech republic': 'CZ',
  turkey: 'TR',
  türkiye: 'TR',
  'bosnia-herzegovina': 'BA',
  'bosnia and herzegovina': 'BA',
  'united arab emirates': 'AE',
  uae: 'AE',
  'hong kong': 'HK',
  macau: 'MO',
  taiwan: 'TW',
  kosovo: 'XK',
  crimea: 'UA',
  'region: crimea': 'UA',
  'netherlands antilles': 'CW',
  'serbia and montenegro': 'RS',
  yugoslavia: 'RS',
  'soviet union': 'RU',
  ussr: 'RU',
  swaziland: 'SZ',
  'cape verde': 'CV',
  'east timor': 'TL',
  'brunei darussalam': 'BN',
  'micronesia, federated states of': 'FM',
  'saint kitts and nevis': 'KN',
  'st. kitts and nevis': 'KN',
  'saint vincent and the grenadines': 'VC',
  'holy see': 'VA',
  'vatican city': 'VA',
};

/** Codes CLDR still names that are withdrawn or not countries; "Germany" must not become DD. */
const NOT_COUNTRIES = new Set(['AN', 'BU', 'CS', 'DD', 'EU', 'EZ', 'FX', 'NT', 'QO', 'SU', 'TP', 'UN', 'XA', 'XB', 'YU', 'ZR', 'ZZ']);

let byName: Map<string, string> | null = null;

function table(): Map<string, string> {
  if (byName) return byName;
  byName = new Map(Object.entries(EXTRA));
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = regions.of(code);
      if (!name || NOT_COUNTRIES.has(code)) continue;
      // "Myanmar (Burma)", "Hong Kong SAR China": also index the plain name.
      for (const n of [name, name.replace(/\s*\(.*\)$/, ''), name.replace(/ SAR China$/, '')]) {
        if (!byName.has(n.toLowerCase())) byName.set(n.toLowerCase(), code);
      }
    }
  }
  return byName;
}

/** ISO alpha-2 for a country name or code as written in a list; null when unknown. */
export function countryCode(nameOrCode: string | null | undefined): string | null {
  if (!nameOrCode) return null;
  const raw = nameOrCode.trim();
  if (/^[A-Z]{2}$/.test(raw) && !NOT_COUNTRIES.has(raw) && regions.of(raw)) return raw;
  const key = raw.toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '');
  return table().get(key) ?? table().get(key.replace(/^the /, '')) ?? null;
}
