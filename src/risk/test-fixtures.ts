import { parseFatfCsv } from './fatf.js';
import type { GeoLists } from './geo-lists.js';
import type { RiskProfile, ScoringContext } from './risk.js';
import { DEFAULT_RISK_POLICY } from './risk-policy.js';
import { parseSanctionedCountriesCsv } from './sanctioned-countries.js';

/** Small stand-ins for the bundled lists, so tests do not move when the real lists do. */
export const FATF_FIXTURE = `iso2,iso3,jurisdiction,fatf_list,fatf_action,statement_date,notes
KP,PRK,North Korea,high_risk_call_for_action,countermeasures,2025-10-24,
IR,IRN,Iran,high_risk_call_for_action,countermeasures,2025-10-24,
MM,MMR,Myanmar,high_risk_call_for_action,enhanced_due_diligence,2025-10-24,
VN,VNM,Vietnam,increased_monitoring,,2025-10-24,
SY,SYR,Syria,increased_monitoring,,2025-10-24,
NG,NGA,Nigeria,removed_from_increased_monitoring,,2025-10-24,delisted
`;

export const SANCTIONED_FIXTURE = `# test copy
iso2,jurisdiction,programmes,notes
CU,Cuba,OFAC CACR,
IR,Iran,OFAC ITSR,
KP,North Korea,OFAC NKSR,
`;

export function geoFixture(): GeoLists {
  return { fatf: parseFatfCsv(FATF_FIXTURE), sanctioned: parseSanctionedCountriesCsv(SANCTIONED_FIXTURE) };
}

export const NOW = new Date('2026-03-15T12:00:00.000Z');

/** An established person in Germany buying general proxies by card: scores nothing at all. */
export function profile(over: Partial<RiskProfile> = {}): RiskProfile {
  return {
    customerId: 'cus_test',
    type: 'person',
    createdAt: '2025-01-10T09:00:00.000Z',
    country: 'DE',
    ipCountry: null,
    phoneCountry: null,
    signupFactors: [],
    pep: false,
    sanctionsConfirmed: false,
    products: ['general'],
    channel: 'face_to_face',
    paymentMethods: ['card'],
    openAlerts: { low: 0, medium: 0, high: 0, critical: 0 },
    uboCount: null,
    ...over,
  };
}

export function context(over: Partial<ScoringContext> = {}): ScoringContext {
  return { policy: DEFAULT_RISK_POLICY, geo: geoFixture(), now: NOW, ...over };
}

/** `[code, points]` pairs: the compact form tables assert against. */
export function pairs(factors: Array<{ code: string; points: number }>): Array<[string, number]> {
  return factors.map((f) => [f.code, f.points]);
}
