import { VigilError } from '../core/errors.js';
import { RiskErrors } from './errors.js';
import type { GeoLists } from './geo-lists.js';
import { nextReview } from './review.js';
import { behaviourFactors } from './risk-factors/behaviour.js';
import { channelFactors } from './risk-factors/channel.js';
import { customerFactors } from './risk-factors/customer.js';
import { geographyFactors } from './risk-factors/geography.js';
import { paymentFactors } from './risk-factors/payment.js';
import { productFactors } from './risk-factors/product.js';
import { ALERT_SEVERITIES, RISK_LEVELS, type RiskLevel, type RiskPolicy } from './risk-policy.js';
import type { Condition, FactorGroupRule, RiskAssessment, RiskOverride, RiskProfile } from './risk.js';

/** In the order factors are listed; `FACTOR_GROUPS` names them in the same order. */
const GROUPS: readonly FactorGroupRule[] = [customerFactors, geographyFactors, productFactors, channelFactors, paymentFactors, behaviourFactors];

/**
 * Scores a customer under a risk policy. Pure and deterministic: the same profile, policy, lists
 * and instant give the same assessment, factors in group order, so a stored decision can be
 * replayed and its explanation diffed. The score is the capped sum of the factors' points; the
 * level is the higher of the score's band and every override's minimum.
 */
export function scoreRisk(profile: RiskProfile, policy: RiskPolicy, geo: GeoLists, now: Date): RiskAssessment {
  checkProfile(profile);
  const results = GROUPS.map((group) => group(profile, { policy, geo, now }));
  const factors = results.flatMap((r) => r.factors);
  const conditions = results.flatMap((r) => r.conditions);
  const score = Math.min(policy.scoreCap, factors.reduce((sum, f) => sum + f.points, 0));
  const overrides = overridesFor(conditions, policy);
  const level = highestLevel([levelForScore(score, policy), ...overrides.map((o) => o.minimumLevel)]);
  return {
    score,
    level,
    factors,
    overrides,
    prohibited: conditions.some((c) => policy.prohibitOn.includes(c.condition)),
    measures: policy.measures[level],
    nextReviewAt: nextReview(level, now, policy).toISOString(),
  };
}

export function levelForScore(score: number, policy: RiskPolicy): RiskLevel {
  const { medium, high, edd } = policy.levels;
  return score >= edd ? 'edd' : score >= high ? 'high' : score >= medium ? 'medium' : 'low';
}

export function highestLevel(levels: readonly RiskLevel[]): RiskLevel {
  return RISK_LEVELS[Math.max(0, ...levels.map((l) => RISK_LEVELS.indexOf(l)))] ?? 'low';
}

/** One override per condition the policy acts on; several countries raising it share one entry. */
function overridesFor(conditions: Condition[], policy: RiskPolicy): RiskOverride[] {
  const out = new Map<string, RiskOverride>();
  for (const c of conditions) {
    const minimumLevel = policy.overrides[c.condition];
    if (!minimumLevel) continue;
    const seen = out.get(c.condition);
    if (seen) seen.detail = `${seen.detail}; ${c.detail}`;
    else out.set(c.condition, { code: c.code, minimumLevel, detail: c.detail });
  }
  return [...out.values()];
}

/** The store builds profiles, but a wrong one must fail loudly rather than score low. */
function checkProfile(p: RiskProfile): void {
  const bad = (field: string, problem: string) => new VigilError(RiskErrors.RISK_PROFILE_INVALID, `risk profile of ${p.customerId}: ${field} ${problem}`, { customerId: p.customerId, field });
  if (Number.isNaN(Date.parse(p.createdAt))) throw bad('createdAt', `"${p.createdAt}" is not a timestamp`);
  for (const s of ALERT_SEVERITIES) {
    const n = p.openAlerts[s];
    if (!Number.isInteger(n) || n < 0) throw bad(`openAlerts.${s}`, `must be a count, not ${n}`);
  }
  if (p.uboCount !== null && p.uboCount !== undefined && (!Number.isInteger(p.uboCount) || p.uboCount < 0)) throw bad('uboCount', `must be a count, not ${p.uboCount}`);
}
