import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { hashOf } from '../core/hash.js';
import { parsePolicyText } from './policy-document.js';
import type { entitlementRuleSchema, policySchema, SIGNUP_ACTIONS } from './policy-schema.js';

/** The whole policy: kyc, entitlements, sign-up gate, risk, monitoring rules and proxy gate. */
export type Policy = z.infer<typeof policySchema>;
/** What a customer may do now; derived, never stored. */
export type EntitlementRule = z.infer<typeof entitlementRuleSchema>;
export type SignupAction = (typeof SIGNUP_ACTIONS)[number];
/** The sign-up gate's rules (onboarding/signup-rules.ts reads them). */
export type SignupPolicy = Policy['signup'];

/** The shipped policy file: the seed policies, annotated. `vigil policy show` prints the running one. */
export const SHIPPED_POLICY_FILE = resolve(import.meta.dirname, '../../assets/policy/default.yaml');

/** The seed policy: 72 h to pass KYC, verification valid two years, limited service until verified… */
export const DEFAULT_POLICY: Policy = parsePolicyText(readFileSync(SHIPPED_POLICY_FILE, 'utf8'), SHIPPED_POLICY_FILE);

const versions = new WeakMap<Policy, string>();

/**
 * A policy's version is the hash of its content: any change is a new version, comments are not.
 * Remembered per policy object, since every decision asks and a policy is never changed in place
 * (a new version is a new object).
 */
export function policyVersion(policy: Policy): string {
  let version = versions.get(policy);
  if (version === undefined) {
    version = `pol_${hashOf(policy).slice(0, 16)}`;
    versions.set(policy, version);
  }
  return version;
}
