import { canonicalJson } from '../core/canonical-json.js';
import type { Policy } from './policy.js';

export interface PolicyChange {
  /** Dotted path; array items that carry an `id` are addressed by it (`monitoring.rules[structuring].when`). */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}

/**
 * The leaf-level differences between two policy documents. Lists of rules are compared by rule id,
 * so inserting a rule shows as one addition rather than every later rule "changing".
 */
export function diffPolicies(from: unknown, to: unknown): PolicyChange[] {
  const a = flatten(from);
  const b = flatten(to);
  const changes: PolicyChange[] = [];
  for (const [path, value] of a) {
    if (!b.has(path)) changes.push({ path, kind: 'removed', from: value });
    else if (canonicalJson(b.get(path)) !== canonicalJson(value)) changes.push({ path, kind: 'changed', from: value, to: b.get(path) });
  }
  for (const [path, value] of b) if (!a.has(path)) changes.push({ path, kind: 'added', to: value });
  return changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    const keyed = value.length > 0 && value.every((v) => isObject(v) && typeof v['id'] === 'string');
    // Lists of scalars are one value: a changed list of ports reads better whole than item by item.
    if (!keyed) out.set(prefix, value);
    else for (const item of value as Array<Record<string, unknown>>) flatten(item, `${prefix}[${String(item['id'])}]`, out);
    return out;
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) out.set(prefix, value);
    for (const k of keys) flatten(value[k], prefix ? `${prefix}.${k}` : k, out);
    return out;
  }
  out.set(prefix, value);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Something a policy may do but likely should not; applying goes on. */
export interface PolicyWarning {
  /** Stable, upper-snake: `RULE_VERSION_UNCHANGED`. */
  code: string;
  message: string;
}

/**
 * Monitoring rules whose definition changed while their version did not: alerts name rule and
 * version, so two definitions under one version make old alerts ambiguous. Switching a rule on or
 * off (`enabled`) does not change what its alerts mean and needs no new version.
 */
export function ruleVersionWarnings(from: Policy, to: Policy): PolicyWarning[] {
  const definition = ({ enabled: _enabled, ...rest }: Policy['monitoring']['rules'][number]) => canonicalJson(rest);
  const before = new Map(from.monitoring.rules.map((r) => [r.id, r]));
  return to.monitoring.rules.flatMap((rule) => {
    const old = before.get(rule.id);
    if (!old || old.version !== rule.version || definition(old) === definition(rule)) return [];
    return [{ code: 'RULE_VERSION_UNCHANGED', message: `monitoring rule ${rule.id} changed but kept version ${rule.version}: alerts name rule and version; bump it` }];
  });
}

/** One line per change, for the CLI and audit summaries. */
export function formatChanges(changes: PolicyChange[]): string[] {
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return changes.map((c) =>
    c.kind === 'added' ? `+ ${c.path}: ${show(c.to)}` : c.kind === 'removed' ? `- ${c.path}: ${show(c.from)}` : `~ ${c.path}: ${show(c.from)} → ${show(c.to)}`,
  );
}
