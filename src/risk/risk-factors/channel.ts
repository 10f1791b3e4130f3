import type { Channel } from '../risk-policy.js';
import type { FactorGroupRule } from '../risk.js';

const MEANING: Record<Channel, string> = {
  non_face_to_face: 'The customer was onboarded remotely, without being met in person',
  introduced: 'The customer was introduced by a third party whose checks are relied on',
  face_to_face: 'The customer was identified in person',
};

/** How the relationship began: remote onboarding is where impersonation is easiest. */
export const channelFactors: FactorGroupRule = (p, { policy }) => {
  const points = policy.factors.channel[p.channel];
  if (points === 0) return { factors: [], conditions: [] };
  return { factors: [{ group: 'channel', code: `CHANNEL_${p.channel.toUpperCase()}`, points, detail: MEANING[p.channel] }], conditions: [] };
};
