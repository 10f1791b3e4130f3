import { z } from 'zod';
import { VigilError } from '../core/errors.js';
import { RiskErrors } from './errors.js';

export const RISK_LEVELS = ['low', 'medium', 'high', 'edd'] as const;
export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const CHANNELS = ['non_face_to_face', 'face_to_face', 'introduced'] as const;
export const PAYMENT_METHODS = ['card', 'bank_transfer', 'ewallet', 'crypto', 'prepaid', 'cash', 'other'] as const;
/** Facts that set a floor under the level whatever the score: a PEP is never low risk. */
export const OVERRIDE_CONDITIONS = ['pep', 'sanctionsConfirmed', 'fatfCallForAction', 'fatfIncreasedMonitoring', 'sanctionedCountry'] as const;
export const COUNTRY_SOURCES = ['customer', 'ip', 'phone'] as const;

const level = z.enum(RISK_LEVELS);
const points = z.number().int().min(0).max(1000);
const months = z.number().int().min(1).max(120);

const customerFactors = z.strictObject({
  /** Checked in order; the first band the account's age is under gives its points. */
  accountAge: z
    .array(z.strictObject({ underDays: z.number().int().min(1), points }))
    .max(10)
    .refine((bands) => bands.every((b, i) => i === 0 || b.underDays > bands[i - 1]!.underDays), 'underDays must increase from band to band'),
  /** Points per sign-up risk-factor code (the customer's `riskFactors`); codes not listed add nothing. */
  signup: z.record(z.string().regex(/^SIGNUP_[A-Z0-9_]+$/, 'a SIGNUP_… code'), points),
  pep: points,
  sanctionsConfirmed: points,
  company: points,
  uboUnknown: points,
});

const factors = z.strictObject({
  customer: customerFactors,
  geography: z.strictObject({
    sanctionedCountry: points,
    fatfCallForAction: points,
    fatfIncreasedMonitoring: points,
    /** Which of the customer's known countries are judged. */
    countries: z.array(z.enum(COUNTRY_SOURCES)).min(1),
  }),
  product: z.strictObject({
    /** Product categories (as orders name them, compared lower-cased) → points, each held category once. */
    categories: z.record(z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a lower-case product category'), points),
    /** A category the policy does not rate: unknown products are not assumed safe. */
    unlisted: points,
  }),
  channel: z.record(z.enum(CHANNELS), points),
  payment: z.record(z.enum(PAYMENT_METHODS), points),
  behaviour: z.strictObject({
    /** How far back open alerts count; the service counts them, the score only reads the numbers. */
    windowDays: z.number().int().min(1).max(3650),
    perAlert: z.record(z.enum(ALERT_SEVERITIES), points),
    cap: points,
  }),
});

const measures = z.strictObject({
  reviewEveryMonths: months,
  /** Reaching this level requires KYC of a customer not yet verified (EDD follows `kyc.edd.onRiskLevels`). */
  kycRequired: z.boolean(),
  /** Ceilings on top of the status entitlements; an absent limit leaves the status's own. */
  limits: z.strictObject({
    maxMonthlyDeposit: z.number().positive().optional(),
    maxPoolSize: z.number().int().min(0).optional(),
    targetClasses: z.array(z.string().min(1)).optional(),
  }),
});

export const RiskPolicySchema = z
  .strictObject({
    factors,
    /** Score at or above which each level starts; below `medium` is low. */
    levels: z.strictObject({ medium: points.min(1), high: points.min(1), edd: points.min(1) }),
    overrides: z.partialRecord(z.enum(OVERRIDE_CONDITIONS), level),
    /** Conditions under which the customer must not be served at all, whatever the level. */
    prohibitOn: z.array(z.enum(OVERRIDE_CONDITIONS)),
    measures: z.strictObject({ low: measures, medium: measures, high: measures, edd: measures }),
    triggers: z.strictObject({
      /** The currency the amounts below are in (ISO 4217). */
      currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
      /**
       * Units of `currency` one unit of another currency is worth, to convert payments in it.
       * A payment in a currency that is neither `currency` nor listed here cannot be weighed and
       * is left out of both triggers (with a warning in the log).
       */
      rates: z.record(z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'), z.number().positive()),
      /** A single payment above this amount starts a KYC refresh. */
      transactionAmount: z.number().positive(),
      /** Payments in a calendar month above this sum start one too. */
      monthlyVolume: z.number().positive(),
      onAlertSeverities: z.array(z.enum(ALERT_SEVERITIES)),
      onRegulatorRequest: z.boolean(),
    }),
    scoreCap: z.number().int().min(1).max(1000).default(100),
  })
  .refine((p) => p.levels.medium < p.levels.high && p.levels.high < p.levels.edd, { message: 'levels must rise: medium < high < edd', path: ['levels'] })
  .refine((p) => p.levels.edd <= p.scoreCap, { message: 'levels.edd must be reachable under scoreCap', path: ['levels', 'edd'] });

export type RiskPolicy = z.infer<typeof RiskPolicySchema>;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export type Channel = (typeof CHANNELS)[number];
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type OverrideCondition = (typeof OVERRIDE_CONDITIONS)[number];
export type CountrySource = (typeof COUNTRY_SOURCES)[number];
export type LevelMeasures = RiskPolicy['measures'][RiskLevel];

/** Validates a risk policy read from a file or request; the error lists every bad path. */
export function parseRiskPolicy(value: unknown): RiskPolicy {
  const result = RiskPolicySchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new VigilError(RiskErrors.RISK_POLICY_INVALID, `risk policy: ${problems.join('; ')}`, { problems });
}

/**
 * The seed policy. Points are tuned so a fresh self-serve customer buying general proxies by card
 * is low (20), a residential-proxy buyer is medium, grey-list + residential + crypto is high, and
 * EDD by score alone needs several strong signals together; the overrides cover the rest.
 */
export const DEFAULT_RISK_POLICY: RiskPolicy = {
  factors: {
    customer: {
      accountAge: [{ underDays: 7, points: 10 }, { underDays: 30, points: 5 }],
      signup: {
        SIGNUP_DISPOSABLE_EMAIL: 15,
        SIGNUP_EMAIL_NO_MX: 10,
        SIGNUP_TOR: 20,
        SIGNUP_VPN: 5,
        SIGNUP_DATACENTER: 5,
        SIGNUP_VOIP_PHONE: 10,
        SIGNUP_COUNTRY_MISMATCH: 10,
        SIGNUP_VELOCITY_IP: 10,
        SIGNUP_VELOCITY_NETWORK: 5,
        SIGNUP_VELOCITY_DEVICE: 10,
        SIGNUP_VELOCITY_EMAIL: 10,
        SIGNUP_LINKED_ACCOUNT: 10,
        SIGNUP_LINKED_TO_BLOCKED: 30,
        SIGNUP_EXISTING_CUSTOMER_BLOCKED: 30,
        SIGNUP_MINFRAUD_HIGH: 15,
      },
      pep: 25,
      sanctionsConfirmed: 100,
      company: 5,
      uboUnknown: 15,
    },
    geography: { sanctionedCountry: 50, fatfCallForAction: 40, fatfIncreasedMonitoring: 20, countries: ['customer', 'ip', 'phone'] },
    product: {
      categories: { large_scale_scraping: 25, residential_proxy: 20, mobile_proxy: 15, scraping: 15, datacenter_proxy: 5, hosting: 5, vps: 5, general: 0 },
      unlisted: 10,
    },
    channel: { non_face_to_face: 10, introduced: 5, face_to_face: 0 },
    payment: { card: 0, bank_transfer: 0, ewallet: 10, crypto: 20, prepaid: 20, cash: 15, other: 10 },
    behaviour: { windowDays: 90, perAlert: { low: 2, medium: 5, high: 15, critical: 30 }, cap: 40 },
  },
  levels: { medium: 30, high: 60, edd: 85 },
  overrides: { pep: 'high', sanctionsConfirmed: 'edd', fatfCallForAction: 'edd', sanctionedCountry: 'edd' },
  prohibitOn: ['sanctionsConfirmed'],
  measures: {
    low: { reviewEveryMonths: 36, kycRequired: false, limits: {} },
    medium: { reviewEveryMonths: 36, kycRequired: true, limits: {} },
    high: { reviewEveryMonths: 12, kycRequired: true, limits: { maxMonthlyDeposit: 5000, maxPoolSize: 10_000, targetClasses: ['general', 'ecommerce'] } },
    edd: { reviewEveryMonths: 6, kycRequired: true, limits: { maxMonthlyDeposit: 1000, maxPoolSize: 1000, targetClasses: ['general'] } },
  },
  triggers: { currency: 'EUR', rates: {}, transactionAmount: 5000, monthlyVolume: 15_000, onAlertSeverities: ['high', 'critical'], onRegulatorRequest: true },
  scoreCap: 100,
};
