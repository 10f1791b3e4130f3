import { describe, expect, it } from 'vitest';
import { DEFAULT_GATE_POLICY } from '../gate/gate-policy.js';
import { DEFAULT_RISK_POLICY } from '../risk/risk-policy.js';
import { DEFAULT_SCREENING_POLICY } from '../screening/screening-policy.js';
import { diffPolicies, ruleVersionWarnings } from './policy-diff.js';
import { parsePolicyText, policyYaml } from './policy-document.js';
import { DEFAULT_POLICY, policyVersion } from './policy.js';

describe('the shipped policy', () => {
  it('holds the domains’ own defaults, so the YAML and the code cannot drift apart', () => {
    expect(DEFAULT_POLICY.risk).toEqual(DEFAULT_RISK_POLICY);
    expect(DEFAULT_POLICY.screening).toEqual(DEFAULT_SCREENING_POLICY);
    expect(DEFAULT_POLICY.gate).toEqual(DEFAULT_GATE_POLICY);
  });

  it('takes left-out sections from the base, and a changed value is a new version', () => {
    const p = parsePolicyText('kyc:\n' + Object.entries({ ...DEFAULT_POLICY.kyc, deadlineHours: 48 }).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join('\n'), 'test', DEFAULT_POLICY);
    expect(p.kyc.deadlineHours).toBe(48);
    expect(p.signup).toEqual(DEFAULT_POLICY.signup);
    expect(policyVersion(p)).not.toBe(policyVersion(DEFAULT_POLICY));
    expect(diffPolicies(DEFAULT_POLICY, p)).toEqual([{ path: 'kyc.deadlineHours', kind: 'changed', from: 72, to: 48 }]);
  });

  it('takes left-out sections from a running base, not the shipped default', () => {
    const running = { ...DEFAULT_POLICY, gate: { ...DEFAULT_POLICY.gate, deny: ['example.net'] } };
    const p = parsePolicyText(JSON.stringify({ risk: { ...DEFAULT_POLICY.risk, levels: { ...DEFAULT_POLICY.risk.levels, medium: 25 } } }), 'test', running);
    expect(p.gate.deny).toEqual(['example.net']);
    expect(diffPolicies(running, p)).toEqual([{ path: 'risk.levels.medium', kind: 'changed', from: 30, to: 25 }]);
  });

  it('shows as YAML that holds every section whole and reads back as the same policy', () => {
    const running = { ...DEFAULT_POLICY, gate: { ...DEFAULT_POLICY.gate, deny: ['example.net'] } };
    const text = policyYaml(running, 'pol_x');
    expect(text).toMatch(/^# policy pol_x\nkyc:\n/);
    // Read over the shipped default, so a section missing from the text would show as a difference.
    expect(parsePolicyText(text, 'show', DEFAULT_POLICY)).toEqual(running);
    // One list in two places is written out twice, not as an alias a copied section would lose.
    const shared = ['example.net'];
    expect(policyYaml({ ...running, gate: { ...running.gate, allow: shared, deny: shared } }, 'pol_x')).not.toMatch(/[&*]a\d/);
  });

  it('says that a section is taken whole when a file writes one in part', () => {
    const message = (text: string) => {
      try {
        parsePolicyText(text, 'p1.yaml', DEFAULT_POLICY);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(message('signup: { velocity: { perIp: 5 } }\nkyc: { deadlineHours: 72 }')).toMatch(/^policy p1\.yaml is invalid \(each section a file holds is taken whole, and signup, kyc lack keys: start from that section in `vigil policy show`/);
    // A wrong value in a complete section is not a partial section.
    expect(message('gate:\n' + JSON.stringify({ ...DEFAULT_POLICY.gate, ports: { ...DEFAULT_POLICY.gate.ports, blocked: [70000] } }))).not.toContain('taken whole');
  });

  it('refuses unknown keys, bad values and rules that do not compile, naming each', () => {
    const attempt = (text: string) => {
      try {
        parsePolicyText(text, 'test', DEFAULT_POLICY);
        return [];
      } catch (err) {
        return (err as { context: { issues: Array<{ path: string }> } }).context.issues.map((i) => i.path);
      }
    };
    expect(attempt('kyc: { deadlineHours: 72 }')).toContain('kyc.validityDays');
    expect(attempt('surprise: 1')).toEqual(['(document)']);
    expect(attempt('gate:\n  ports: { blocked: [70000] }')).toContain('gate.ports.blocked.0');
    expect(attempt('monitoring:\n  questionnaireUrl: null\n  rules: [{ id: r, version: 1, description: d, severity: low, on: [account.login], when: { nope: 1 }, action: alert }]')[0]).toMatch(/^monitoring\.rules\[r\]/);
  });
});

describe('policy diffs', () => {
  it('addresses rules by id, so inserting one is one addition', () => {
    const a = { rules: [{ id: 'a', v: 1 }, { id: 'b', v: 1 }] };
    const b = { rules: [{ id: 'a', v: 1 }, { id: 'new', v: 1 }, { id: 'b', v: 2 }] };
    expect(diffPolicies(a, b)).toEqual([
      { path: 'rules[b].v', kind: 'changed', from: 1, to: 2 },
      { path: 'rules[new].id', kind: 'added', to: 'new' },
      { path: 'rules[new].v', kind: 'added', to: 1 },
    ]);
  });
});

describe('rule version warnings', () => {
  const structuring = DEFAULT_POLICY.monitoring.rules.find((r) => r.id === 'structuring')!;
  const withRules = (...rules: Array<typeof structuring>) => ({ ...DEFAULT_POLICY, monitoring: { ...DEFAULT_POLICY.monitoring, rules } });
  const cases: Array<[string, typeof structuring, number]> = [
    ['a changed rule that keeps its version', { ...structuring, severity: 'critical' }, 1],
    ['a changed rule with a new version', { ...structuring, severity: 'critical', version: 2 }, 0],
    ['a rule only switched off', { ...structuring, enabled: false }, 0],
    ['an unchanged rule', structuring, 0],
    ['a new rule', { ...structuring, id: 'structuring_strict' }, 0],
  ];
  it.each(cases)('%s gives %i warning(s)', (_name, rule, count) => {
    const warnings = ruleVersionWarnings(withRules(structuring), withRules(rule));
    expect(warnings).toHaveLength(count);
    if (count) expect(warnings[0]).toEqual({ code: 'RULE_VERSION_UNCHANGED', message: 'monitoring rule structuring changed but kept version 1: alerts name rule and version; bump it' });
  });
});
