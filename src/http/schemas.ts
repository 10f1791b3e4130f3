import { z } from 'zod';
import { DECISION_ACTIONS } from '../decisions/decision.js';

/** Response shapes more than one route returns. */
export const decisionSchema = z.object({
  decisionId: z.string(),
  kind: z.string(),
  subject: z.string(),
  action: z.enum(DECISION_ACTIONS),
  reasons: z.array(z.object({ code: z.string(), text: z.string() })),
  inputHash: z.string(),
  policyVer: z.string(),
  dataVer: z.string(),
  modelVer: z.string(),
  createdAt: z.string(),
});
