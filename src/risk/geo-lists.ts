import { hashOf } from '../core/hash.js';
import type { FatfList } from './fatf.js';
import type { SanctionedCountries } from './sanctioned-countries.js';

/** The country lists a score depends on; the service loads them from files, tests build them inline. */
export interface GeoLists {
  fatf: FatfList;
  sanctioned: SanctionedCountries;
}

/** Worst first: a country's risk is judged by the first class it falls in. */
export const GEO_CLASSES = ['sanctioned', 'fatf_call_for_action', 'fatf_increased_monitoring'] as const;
export type GeoClass = (typeof GEO_CLASSES)[number];

/** Every class a country falls in, worst first (Iran is both embargoed and on the FATF call for action). */
export function geoClasses(geo: GeoLists, iso2: string): GeoClass[] {
  const hit: Record<GeoClass, boolean> = {
    sanctioned: geo.sanctioned.countries.has(iso2),
    fatf_call_for_action: geo.fatf.callForAction.has(iso2),
    fatf_increased_monitoring: geo.fatf.increasedMonitoring.has(iso2),
  };
  return GEO_CLASSES.filter((c) => hit[c]);
}

/** The name the lists give a country, for sentences a person reads; the code when unlisted. */
export function countryName(geo: GeoLists, iso2: string): string {
  return geo.sanctioned.names.get(iso2) ?? geo.fatf.names.get(iso2) ?? iso2;
}

// Lists are not changed once loaded, and every risk score asks for their version.
const versions = new WeakMap<GeoLists, string>();

/** The lists' fingerprint for a decision's `dataVer`: any change to either list is a new version. */
export function geoDataVersion(geo: GeoLists): string {
  let version = versions.get(geo);
  if (version === undefined) {
    const fatf = { date: geo.fatf.statementDate, cfa: [...geo.fatf.callForAction].sort(), im: [...geo.fatf.increasedMonitoring].sort() };
    version = `geo_${hashOf({ fatf, sanctioned: [...geo.sanctioned.countries].sort() }).slice(0, 16)}`;
    versions.set(geo, version);
  }
  return version;
}
