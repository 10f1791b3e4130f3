import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { VigilError } from '../core/errors.js';
import { RiskErrors } from './errors.js';
import { parseFatfCsv } from './fatf.js';
import type { GeoLists } from './geo-lists.js';
import { parseSanctionedCountriesCsv } from './sanctioned-countries.js';

/** Shipped copies (assets/risk, dated in their README); an operator points the config at newer ones. */
export const SHIPPED_GEO_FILES = {
  fatf: resolve(import.meta.dirname, '../../assets/risk/fatf-jurisdictions.csv'),
  sanctioned: resolve(import.meta.dirname, '../../assets/risk/sanctioned-countries.csv'),
};

/** Reads both country lists; a missing or broken file stops with its name and line. */
export function loadGeoLists(files: { fatf?: string | undefined; sanctioned?: string | undefined } = {}): GeoLists {
  const fatfFile = files.fatf ?? SHIPPED_GEO_FILES.fatf;
  const sanctionedFile = files.sanctioned ?? SHIPPED_GEO_FILES.sanctioned;
  return { fatf: parseFatfCsv(read(fatfFile), fatfFile), sanctioned: parseSanctionedCountriesCsv(read(sanctionedFile), sanctionedFile) };
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new VigilError(RiskErrors.RISK_FILE_UNREADABLE, `cannot read ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
}
