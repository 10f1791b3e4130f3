import { ALERT_SEVERITIES } from '../risk-policy.js';
import type { FactorGroupRule } from '../risk.js';

/**
 * What the customer has been doing: open monitoring alerts, by severity. One factor with a cap,
 * so a burst of alerts from one incident cannot outweigh everything else about the customer;
 * high and critical alerts also start a KYC refresh (see review.ts), which is the real answer.
 */
export const behaviourFactors: FactorGroupRule = (p, { policy }) => {
  const rules = policy.factors.behaviour;
  const counted = [...ALERT_SEVERITIES].reverse().filter((s) => p.openAlerts[s] > 0);
  const raw = counted.reduce((sum, s) => sum + p.openAlerts[s] * rules.perAlert[s], 0);
  const points = Math.min(rules.cap, raw);
  if (points === 0) return { factors: [], conditions: [] };
  const total = counted.reduce((sum, s) => sum + p.openAlerts[s], 0);
  const parts = counted.map((s) => `${p.openAlerts[s]} ${s}`).join(', ');
  const capped = raw > points ? ` (${raw} points, capped at ${rules.cap})` : '';
  const detail = `${total} open monitoring alert(s) in the last ${rules.windowDays} days: ${parts}${capped}`;
  return { factors: [{ group: 'behaviour', code: 'BEHAVIOUR_OPEN_ALERTS', points, detail }], conditions: [] };
};
