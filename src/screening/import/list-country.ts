import { countryCode } from '../countries.js';

/**
 * Country names as OFAC and the UN actually write them, beyond what `countryCode` knows:
 * "Palestinian", "Cote d Ivoire", "Virgin Islands, British", "Region: Gaza", "possibly
 * Palestinian", "former Soviet Union", "Trinidad and Tobago" (CLDR says "&"), "Cabo Verde".
 */
const EXTRA = new Map<string, string>([
  ['palestinian', 'PS'],
  ['palestinian authority', 'PS'],
  ['gaza', 'PS'],
  ['cabo verde', 'CV'],
  ['cote d ivoire', 'CI'],
  ['sao tome and principe', 'ST'],
  ['congo', 'CG'],
  ['north macedonia, the republic of', 'MK'],
  ['northern mali', 'ML'],
  ['china, hong kong special administrative region', 'HK'],
  ['man, isle of', 'IM'],
  ['virgin islands, british', 'VG'],
  ['virgin islands, u.s.', 'VI'],
  ['laos', 'LA'],
  ['brunei', 'BN'],
  ['micronesia', 'FM'],
  ['st. vincent and the grenadines', 'VC'],
]);

/** Prefixes that qualify rather than change the country. */
const QUALIFIER = /^(?:region:|possibly|former|probably)\s+/i;

const cache = new Map<string, string | null>();

/** ISO alpha-2 for a country as a sanctions list writes it; null when it is not a country. */
export function listCountry(raw: string | null | undefined): string | null {
  const text = raw?.trim();
  if (!text || text === '-0-') return null;
  let code = cache.get(text);
  if (code === undefined) {
    // Bounded: a file repeats a few hundred spellings, but stray non-country text is unbounded.
    if (cache.size > 10_000) cache.clear();
    code = resolve(text);
    cache.set(text, code);
  }
  return code;
}

function resolve(text: string): string | null {
  const direct = countryCode(text);
  if (direct) return direct;
  const key = text.toLowerCase().replace(QUALIFIER, '').replace(/\.$/, '').replace(/\s+/g, ' ');
  return (
    EXTRA.get(key) ??
    countryCode(key) ??
    countryCode(key.replace(/ and /g, ' & ')) ??
    // "Bahamas, The" and "Korea, South" style inversions.
    countryCode(key.replace(/^(.+), (.+)$/, '$2 $1')) ??
    // "Cabo Verde.  Previously Cape Verde.": a note after the name.
    (key.includes('. ') ? resolve(key.slice(0, key.indexOf('. '))) : null)
  );
}
