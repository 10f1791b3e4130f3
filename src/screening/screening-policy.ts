import { z } from 'zod';
import type { EntityType } from './entity.js';
import { DEFAULT_THRESHOLD } from './matcher/matcher.js';

const ENTITY_TYPES = ['person', 'organization', 'vessel', 'aircraft', 'unknown'] as const satisfies readonly EntityType[];
const score = z.number().min(0).max(1);

/** The policy's `screening` section: the score at which a listed entity becomes a hit, per list and entity type. */
export const ScreeningPolicySchema = z.strictObject({
  /** Score (0–1) at or above which a listed entity is a hit, where no entry below is more specific. */
  threshold: score,
  /** Per list, per entity type, or both; the most specific entry applies (list and type, then list, then type). */
  thresholds: z
    .array(
      z
        .strictObject({ list: z.string().min(1).max(64).optional(), type: z.enum(ENTITY_TYPES).optional(), threshold: score })
        .refine((t) => t.list !== undefined || t.type !== undefined, 'name a list, an entity type or both'),
    )
    .max(200),
});

export type ScreeningPolicy = z.infer<typeof ScreeningPolicySchema>;

export const DEFAULT_SCREENING_POLICY: ScreeningPolicy = { threshold: DEFAULT_THRESHOLD, thresholds: [] };

/** The score a match on `list` of an entity of `type` needs. */
export function thresholdFor(policy: ScreeningPolicy, list: string, type: EntityType): number {
  let best: { threshold: number; rank: number } | null = null;
  for (const t of policy.thresholds) {
    if ((t.list !== undefined && t.list !== list) || (t.type !== undefined && t.type !== type)) continue;
    const rank = (t.list !== undefined ? 2 : 0) + (t.type !== undefined ? 1 : 0);
    if (!best || rank > best.rank) best = { threshold: t.threshold, rank };
  }
  return best?.threshold ?? policy.threshold;
}

/** The lowest score any match can need: the matcher searches down to it, then each match meets its own. */
export function lowestThreshold(policy: ScreeningPolicy): number {
  return policy.thresholds.reduce((low, t) => Math.min(low, t.threshold), policy.threshold);
}

/**
 * Threshold entries naming a list that is not loaded: a typo there would leave the list it meant
 * at the general threshold without a word. A warning only, as the list may be imported later.
 */
export function unknownThresholdLists(policy: ScreeningPolicy, loaded: readonly string[]): Array<{ code: string; message: string }> {
  const known = new Set(loaded);
  const unknown = [...new Set(policy.thresholds.flatMap((t) => (t.list !== undefined && !known.has(t.list) ? [t.list] : [])))];
  return unknown.map((list) => ({
    code: 'SCREENING_THRESHOLD_LIST_UNKNOWN',
    message: `screening.thresholds names list ${list}, which is not loaded (${loaded.length > 0 ? `loaded: ${loaded.join(', ')}` : 'no list is loaded'}); it applies once a list of that name is imported`,
  }));
}
