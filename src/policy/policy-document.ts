import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { VigilError } from '../core/errors.js';
import { PolicyErrors } from './errors.js';
import { policySchema, validatePolicySemantics } from './policy-schema.js';
import type { Policy } from './policy.js';

export interface PolicyIssue {
  path: string;
  message: string;
}

/**
 * Reads a policy document (YAML, or JSON, which is YAML too). Top-level sections left out are
 * taken from `base` (the shipped default), so an operator's file may hold only what it changes;
 * a section that is present must be complete, so nothing is half-inherited. Throws POLICY_INVALID
 * listing every problem with its path (or line) — the running policy is never touched by a bad file.
 */
export function parsePolicyText(text: string, origin: string, base?: Policy): Policy {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw invalid(origin, doc.errors.map((e) => ({ path: e.linePos ? `line ${e.linePos[0].line}` : '(document)', message: e.message.split('\n')[0] ?? e.message })));
  }
  const raw: unknown = doc.toJS();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(origin, [{ path: '(document)', message: 'a policy is a mapping of sections (kyc, entitlements, signup, screening, risk, monitoring, gate)' }]);
  const given = raw as Record<string, unknown>;
  const parsed = policySchema.safeParse({ ...(base ?? {}), ...given });
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    // A section written in part is the likeliest mistake: say that sections are taken whole.
    const lacking = new Set(parsed.error.issues.filter((i) => i.code === 'invalid_type' && i.message.endsWith('received undefined') && typeof i.path[0] === 'string' && i.path.length > 1 && i.path[0] in given).map((i) => String(i.path[0])));
    const partial = Object.keys(given).filter((k) => lacking.has(k));
    const hint = partial.length > 0 ? `each section a file holds is taken whole, and ${partial.join(', ')} ${partial.length > 1 ? 'lack' : 'lacks'} keys: start from that section in \`vigil policy show\` and change what you need` : null;
    throw invalid(origin, issues, hint);
  }
  return checkSemantics(parsed.data, origin);
}

export function parsePolicyObject(raw: unknown, origin: string): Policy {
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) throw invalid(origin, zodIssues(parsed.error));
  return checkSemantics(parsed.data, origin);
}

function checkSemantics(policy: Policy, origin: string): Policy {
  const semantic = validatePolicySemantics(policy);
  if (semantic.length > 0) throw invalid(origin, semantic);
  return policy;
}

function zodIssues(error: z.ZodError): PolicyIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(document)', message: i.message }));
}

function invalid(origin: string, issues: PolicyIssue[], hint: string | null = null): VigilError {
  const shown = issues.slice(0, 10).map((i) => `${i.path}: ${i.message}`);
  const more = issues.length > 10 ? ` (and ${issues.length - 10} more)` : '';
  return new VigilError(PolicyErrors.POLICY_INVALID, `policy ${origin} is invalid${hint ? ` (${hint})` : ''} — ${shown.join('; ')}${more}`, { origin, issues });
}
