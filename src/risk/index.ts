/** Risk-based scoring: pure functions over a customer's profile, a risk policy and country lists. */
export { RiskErrors } from './errors.js';
export { parseFatfCsv, type FatfAction, type FatfList } from './fatf.js';
export { parseSanctionedCountriesCsv, type SanctionedCountries } from './sanctioned-countries.js';
export { GEO_CLASSES, countryName, geoClasses, geoDataVersion, type GeoClass, type GeoLists } from './geo-lists.js';
export {
  ALERT_SEVERITIES,
  CHANNELS,
  COUNTRY_SOURCES,
  DEFAULT_RISK_POLICY,
  OVERRIDE_CONDITIONS,
  PAYMENT_METHODS,
  RISK_LEVELS,
  RiskPolicySchema,
  parseRiskPolicy,
  type AlertSeverity,
  type Channel,
  type CountrySource,
  type LevelMeasures,
  type OverrideCondition,
  type PaymentMethod,
  type RiskLevel,
  type RiskPolicy,
} from './risk-policy.js';
export { FACTOR_GROUPS, type FactorGroup, type RiskAssessment, type RiskFactor, type RiskOverride, type RiskProfile } from './risk.js';
export { highestLevel, levelForScore, scoreRisk } from './risk-score.js';
export { KYC_TRIGGER_CODES, kycRefreshTriggers, nextReview, type KycTriggerCode, type KycTriggerEvent } from './review.js';
