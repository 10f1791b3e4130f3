import { hashOf } from '../core/hash.js';
import { isoCountry, malformedAt, readCsvTable } from './csv-table.js';

/**
 * Countries under a comprehensive embargo. Unlike the FATF lists this is a legal matter (serving
 * a resident may itself breach the embargo), so it is kept apart and hand-curated by compliance.
 */
export interface SanctionedCountries {
  countries: Set<string>;
  /** ISO alpha-2 → the jurisdiction's name and the programmes that embargo it, as the file says. */
  names: Map<string, string>;
  programmes: Map<string, string>;
  /** Content fingerprint (`sanc_…`), so a decision can say which copy it used. */
  version: string;
}

const COLUMNS = ['iso2', 'jurisdiction', 'programmes', 'notes'] as const;

/** Parses `sanctioned-countries.csv` (`#` lines are comments); any bad code or duplicate fails with its line. */
export function parseSanctionedCountriesCsv(text: string, file = 'sanctioned-countries.csv'): SanctionedCountries {
  const out: SanctionedCountries = { countries: new Set(), names: new Map(), programmes: new Map(), version: '' };
  for (const row of readCsvTable(text, file, COLUMNS)) {
    const iso2 = isoCountry(row.get('iso2'));
    if (!iso2) throw malformedAt(file, row.line, `"${row.get('iso2')}" is not an ISO 3166-1 alpha-2 country code`);
    if (out.countries.has(iso2)) throw malformedAt(file, row.line, `${iso2} is listed twice`);
    if (!row.get('jurisdiction')) throw malformedAt(file, row.line, 'the jurisdiction name is empty');
    if (!row.get('programmes')) throw malformedAt(file, row.line, `${iso2} names no sanctions programme`);
    out.countries.add(iso2);
    out.names.set(iso2, row.get('jurisdiction'));
    out.programmes.set(iso2, row.get('programmes'));
  }
  // An empty file is allowed (an operator outside any embargo regime), unlike FATF's.
  out.version = `sanc_${hashOf([...out.countries].sort()).slice(0, 16)}`;
  return out;
}
