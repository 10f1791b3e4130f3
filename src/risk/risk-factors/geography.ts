import { countryName, geoClasses, type GeoClass, type GeoLists } from '../geo-lists.js';
import { COUNTRY_SOURCES, type CountrySource, type OverrideCondition, type RiskPolicy } from '../risk-policy.js';
import type { Condition, FactorGroupRule, RiskFactor, RiskProfile } from '../risk.js';

const CODE: Record<GeoClass, string> = {
  sanctioned: 'GEO_SANCTIONED_COUNTRY',
  fatf_call_for_action: 'GEO_FATF_CALL_FOR_ACTION',
  fatf_increased_monitoring: 'GEO_FATF_INCREASED_MONITORING',
};
/** The override condition each class raises, which is also the name of its points in the policy. */
const CONDITION = {
  sanctioned: 'sanctionedCountry',
  fatf_call_for_action: 'fatfCallForAction',
  fatf_increased_monitoring: 'fatfIncreasedMonitoring',
} as const satisfies Record<GeoClass, OverrideCondition & keyof RiskPolicy['factors']['geography']>;
const SOURCE_WORD: Record<CountrySource, string> = { customer: 'customer', ip: 'IP', phone: 'phone' };

/**
 * Where the customer is: their declared country and, when known, the countries of their IP
 * address and phone number. Each distinct country scores once, by the worst list it is on (the
 * same risk seen through three windows is still one risk); every list it is on can still set a
 * floor under the level, so Iran both embargoed and on the FATF call for action forces both.
 */
export const geographyFactors: FactorGroupRule = (p, { policy, geo }) => {
  const rules = policy.factors.geography;
  const factors: RiskFactor[] = [];
  const conditions: Condition[] = [];
  for (const [iso2, sources] of countriesOf(p, rules.countries)) {
    const classes = geoClasses(geo, iso2);
    const worst = classes[0];
    if (!worst) continue;
    const who = `The ${listWords(sources.map((s) => SOURCE_WORD[s]))} country ${iso2} (${countryName(geo, iso2)})`;
    const points = rules[CONDITION[worst]];
    if (points > 0) factors.push({ group: 'geography', code: CODE[worst], points, detail: `${who} ${clause(worst, iso2, geo)}` });
    for (const c of classes) conditions.push({ condition: CONDITION[c], code: CODE[c], detail: `${who} ${clause(c, iso2, geo)}` });
  }
  return { factors, conditions };
};

/** Known countries → the sources that gave them, in a fixed source order. */
function countriesOf(p: RiskProfile, judged: readonly CountrySource[]): Map<string, CountrySource[]> {
  const given: Record<CountrySource, string | null | undefined> = { customer: p.country, ip: p.ipCountry, phone: p.phoneCountry };
  const out = new Map<string, CountrySource[]>();
  for (const source of COUNTRY_SOURCES) {
    const iso2 = given[source]?.trim().toUpperCase();
    if (!judged.includes(source) || !iso2 || !/^[A-Z]{2}$/.test(iso2)) continue;
    out.set(iso2, [...(out.get(iso2) ?? []), source]);
  }
  return out;
}

function clause(c: GeoClass, iso2: string, geo: GeoLists): string {
  const date = geo.fatf.statementDate;
  if (c === 'sanctioned') return `is under a comprehensive embargo (${geo.sanctioned.programmes.get(iso2) ?? 'sanctions programme'})`;
  if (c === 'fatf_call_for_action') {
    const action = geo.fatf.actions.get(iso2)?.replaceAll('_', ' ');
    return `is a FATF high-risk jurisdiction subject to a call for action${action ? ` (${action})` : ''}, statement of ${date}`;
  }
  return `is under FATF increased monitoring (grey list), statement of ${date}`;
}

function listWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
