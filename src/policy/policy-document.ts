import { parseDocument, stringify } from 'yaml';
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
 * taken from `base` (the running policy when one is applied over it), so an operator's file may
 * hold only what it changes and leaves the rest as it runs; a section that is present replaces
 * the base's whole, so nothing is half-inherited. Throws POLICY_INVALID listing every problem
 * with its path (or line) — the running policy is never touched by a bad file.
 */
export function parsePolicyText(text: string, origin: string, base?: Policy): Policy {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw invalid(origin, doc.errors.map((e) => ({ path: e.linePos ? `line ${e.linePos[0].line}` : '(document)', message: e.message.split('\n')[0] ?? e.message })));
  }
  const raw: unknown = doc.toJS();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(origin, [{ path: '(document)', message: 'a policy is a mapping of sections (kyc, entitlements, signup, screening, risk, monitoring, gate)' }]);
  const given = raw as Record<string, unknown>;
  return parsePolicyObject({ ...(base ?? {}), ...given }, origin, Object.keys(given));
}

/** `written`: the sections the document itself holds (the rest came from a base), for a hint when one is partial. */
export function parsePolicyObject(raw: unknown, origin: string, written: readonly string[] = []): Policy {
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) throw invalid(origin, zodIssues(parsed.error), partialSectionsHint(parsed.error, written));
  const semantic = validatePolicySemantics(parsed.data);
  if (semantic.length > 0) throw invalid(origin, semantic);
  return parsed.data;
}

/** A section written in part is the likeliest mistake: say that sections are taken whole. */
function partialSectionsHint(error: z.ZodError, written: readonly string[]): string | null {
  const lacking = new Set(error.issues.filter((i) => i.code === 'invalid_type' && i.message.endsWith('received undefined') && i.path.length > 1).map((i) => String(i.path[0])));
  const partial = written.filter((k) => lacking.has(k));
  if (partial.length === 0) return null;
  return `each section a file holds is taken whole, and ${partial.join(', ')} ${partial.length > 1 ? 'lack' : 'lacks'} keys: start from that section in \`vigil policy show\` and change what you need`;
}

/**
 * The whole policy as YAML, headed by its version: what `vigil policy show` prints. No anchors or
 * aliases, so any one section can be copied out of it into a file of its own.
 */
export function policyYaml(policy: Policy, version: string): string {
  return `# policy ${version}\n${stringify(policy, { aliasDuplicateObjects: false })}`;
}

function zodIssues(error: z.ZodError): PolicyIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(document)', message: i.message }));
}

function invalid(origin: string, issues: PolicyIssue[], hint: string | null = null): VigilError {
  const shown = issues.slice(0, 10).map((i) => `${i.path}: ${i.message}`);
  const more = issues.length > 10 ? ` (and ${issues.length - 10} more)` : '';
  return new VigilError(PolicyErrors.POLICY_INVALID, `policy ${origin} is invalid${hint ? ` (${hint})` : ''} — ${shown.join('; ')}${more}`, { origin, issues });
}
