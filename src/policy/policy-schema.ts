import { z } from 'zod';
import { CUSTOMER_STATUSES } from '../customers/customer.js';
import { GatePolicySchema } from '../gate/gate-policy.js';
import { ruleIssues } from '../monitoring/rule-runner.js';
import { ruleDefSchema } from '../monitoring/rules/rule-schema.js';
import { RiskPolicySchema } from '../risk/risk-policy.js';
import { ScreeningPolicySchema } from '../screening/screening-policy.js';

/*
 * The policy document's schema. Every object is strict so a misspelt key is refused rather than
 * silently ignored; the domains that own a section (screening, risk, monitoring, gate) export its schema.
 */

const RISK_LEVEL = z.enum(['low', 'medium', 'high', 'edd']);
const CONTACT = z.enum(['email', 'phone']);
const count = z.number().int().min(0);
const positive = z.number().int().min(1);

const kycSchema = z
  .object({
    deadlineHours: positive.describe('Hours a customer has to pass KYC once it is required'),
    validityDays: positive.describe('Days a passed verification stays valid'),
    orderGraceDays: count.describe('Days within which KYC for a held order still extends the service due date'),
    minimumAge: z.number().int().min(0).max(120),
    proofOfAddressMaxAgeDays: positive,
    registryExtractMaxAgeDays: positive,
    uboThresholdPct: z.number().min(0).max(100).describe('Ownership above which a person is a beneficial owner, in percent'),
    edd: z
      .object({
        onRiskLevels: z.array(RISK_LEVEL).describe('Risk levels at which enhanced due diligence is asked automatically'),
        documents: z.array(z.enum(['source_of_funds', 'source_of_wealth'])),
        deadlineDays: positive,
      })
      .strict(),
  })
  .strict();

export const entitlementRuleSchema = z
  .object({
    order: z.boolean(),
    renew: z.boolean(),
    bindPaymentMethod: z.boolean(),
    /** Largest proxy pool the customer may use (IPs); 0 means none. */
    poolSize: count,
    /** Classes of proxy targets allowed (`general`, `social`, `ecommerce`…); the gate maps categories to them. */
    targetClasses: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)),
    /** False means the service must stop serving the customer. */
    service: z.boolean(),
  })
  .strict();

const entitlementsSchema = z.object(Object.fromEntries(CUSTOMER_STATUSES.map((s) => [s, entitlementRuleSchema])) as Record<(typeof CUSTOMER_STATUSES)[number], typeof entitlementRuleSchema>).strict();

export const SIGNUP_ACTIONS = ['allow', 'verify', 'require_kyc', 'block'] as const;
const signupAction = z.enum(SIGNUP_ACTIONS);
const SIGNUP_SIGNALS = ['disposableEmail', 'emailDomainWithoutMail', 'tor', 'vpn', 'datacenter', 'voipPhone', 'countryMismatch', 'velocity', 'linkedAccount', 'linkedToBlocked', 'minfraudHigh'] as const;
const perSignal = <T extends z.ZodType>(value: T) => z.object(Object.fromEntries(SIGNUP_SIGNALS.map((s) => [s, value])) as Record<(typeof SIGNUP_SIGNALS)[number], T>).strict();

const signupSchema = z
  .object({
    /** Outcome per signal; a signal absent here only adds to the risk score. */
    actions: perSignal(signupAction),
    /** Risk score points each signal adds (the score is capped at 100). */
    scores: perSignal(z.number().int().min(0).max(100)),
    minfraudThreshold: z.number().min(0).max(100),
    /** Sign-ups counted over a sliding window; reaching a limit triggers the velocity action. */
    velocity: z.object({ windowMinutes: positive, perIp: positive, perNetwork: positive, perDevice: positive, perEmail: positive }).strict(),
    /** Whether a shared IP subscriber (IPv4 address, IPv6 /64) links accounts (off by default: NAT and mobile carriers share them). */
    linkByIp: z.boolean(),
    /** Contacts a new customer must verify before ordering, and before renewing. */
    verification: z
      .object({
        beforeOrder: z.array(CONTACT),
        beforeRenewal: z.array(CONTACT),
        emailLinkHours: positive,
        smsCodeMinutes: positive,
        smsMaxAttempts: positive,
        smsResendSeconds: count,
        smsMaxPerHour: positive,
      })
      .strict(),
  })
  .strict();

const monitoringSchema = z
  .object({
    /** Transaction and usage monitoring rules (see docs/monitoring.md for the expression language). */
    rules: z.array(ruleDefSchema),
    /** Link a temporarily suspended customer is sent (`{customerId}`, `{alertId}` are filled in); null for none. */
    questionnaireUrl: z.string().min(1).nullable(),
  })
  .strict();

export const policySectionSchemas = {
  kyc: kycSchema,
  entitlements: entitlementsSchema,
  signup: signupSchema,
  // Optional so that policies applied before the section existed still load (and keep their version).
  screening: ScreeningPolicySchema.optional(),
  risk: RiskPolicySchema,
  monitoring: monitoringSchema,
  gate: GatePolicySchema,
};

export const policySchema = z.object(policySectionSchemas).strict();

/** Checks the schema cannot express (rule expressions compile, categories exist…); empty when sound. */
export function validatePolicySemantics(policy: z.infer<typeof policySchema>): Array<{ path: string; message: string }> {
  return ruleIssues(policy.monitoring.rules);
}
