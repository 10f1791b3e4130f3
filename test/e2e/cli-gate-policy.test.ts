import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createVigil } from '../../src/app/composition.js';
import { loadConfig } from '../../src/config/config.js';
import { DEFAULT_POLICY } from '../../src/policy/policy.js';
import { runCli, VIGIL_BIN } from '../helpers/process.js';

/** The gate and policy through the real `vigil` binary: Squid's helper protocol on stdin/stdout, policy apply, event ingest. */
describe('vigil squid-helper, gate check, policy and events', () => {
  let data: string;
  let verified: string;
  let fresh: string;

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'vigil-cli-gate-'));
    const vigil = await createVigil(loadConfig({ env: { VIGIL_DATA_DIR: data, VIGIL_LOG_LEVEL: 'silent' }, cwd: data }));
    try {
      const make = (ref: string) => vigil.database.transaction((trx) => vigil.customers.create(trx, { type: 'person', externalRef: ref, country: 'DE', fullName: `Person ${ref}` }, 'test'));
      fresh = (await make('fresh')).id;
      verified = (await make('verified')).id;
      await vigil.database.transaction((trx) => vigil.customers.transition(trx, verified, { to: 'verified', reasons: [{ code: 'TEST', text: 'verified for the test' }], trigger: 'manual', actor: 'test' }));
    } finally {
      await vigil.close();
    }
  });
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('answers Squid lookups by channel over stdin/stdout, BH for a malformed line, and exits at EOF', async () => {
    const child = spawn(process.execPath, [VIGIL_BIN, 'squid-helper', '--data', data], { env: { PATH: process.env.PATH ?? '', VIGIL_LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const answers = new Map<string, string>();
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => answers.set(line.split(' ')[0]!, line));
    const requests = [
      `0 ${verified} www.example.org 443`,
      `1 ${verified} www.gov.uk 443`,
      `2 ${verified} mx.example.org 25`,
      `3 ${fresh} www.instagram.com 443`,
      `4 ${verified} www.instagram.com 443`,
      `5 cus_unknown www.example.org 443`,
      `6 ${verified} 10.0.0.1 80`,
      '7 only-two-tokens here',
      `8 ${encodeURIComponent(verified)} www%2Eexample%2Eorg 443`,
      `9 ${verified} example.org abc`,
    ];
    child.stdin.end(requests.join('\n') + '\n');
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(0);
    expect(answers.get('0')).toMatch(/^0 OK/);
    expect(answers.get('1')).toMatch(/^1 ERR message="[^"]*government/i);
    expect(answers.get('2')).toMatch(/^2 ERR message="Port 25/);
    expect(answers.get('3')).toMatch(/^3 ERR/);
    expect(answers.get('4')).toMatch(/^4 OK/);
    expect(answers.get('5')).toMatch(/^5 ERR/);
    expect(answers.get('6')).toMatch(/^6 ERR/);
    expect(answers.get('7')).toMatch(/^7 BH/);
    expect(answers.get('8')).toMatch(/^8 OK/);
    expect(answers.get('9')).toBe('9 ERR message="\\"abc\\" is not a TCP port (1-65535)" log=invalid_target');
  });

  // The gate reads ports 1–65535; gate check refuses anything else as a usage error rather than asking it.
  it.each(['0', '00000', '65536', 'abc', '1.5', '443x'])('gate check refuses port %s as a usage error', async (port) => {
    const res = await runCli(['gate', 'check', verified, 'www.example.org', port, '--data', data]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(new RegExp(`^\\w+: command-argument value '${port.replace('.', '\\.')}' is invalid for argument 'port'\\. expected a whole number 1–65535$`, 'm'));
  });

  it.each<[string, number, string]>([
    ['1', 0, 'ALLOW allowed'],
    ['65535', 0, 'ALLOW allowed'],
    ['25', 1, 'DENY port_blocked'],
  ])('gate check takes port %s', async (port, code, answer) => {
    const res = await runCli(['gate', 'check', verified, 'www.example.org', port, '--data', data]);
    expect(res.code, res.stderr).toBe(code);
    expect(res.stdout).toMatch(new RegExp(`^${answer}:`));
  });

  it('applies a policy file after showing its changes, refuses a broken one, and the gate follows the new policy', async () => {
    expect((await runCli(['gate', 'check', verified, 'www.example.org', '8080', '--data', data])).code).toBe(0);
    const file = join(data, 'policy.yaml');
    writeFileSync(file, 'gate:\n  ports:\n    blocked: [25, 8080]\n');
    const diff = await runCli(['policy', 'diff', file, '--data', data]);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain('~ gate.ports.blocked: [25] → [25,8080]');
    const applied = await runCli(['policy', 'apply', file, '--data', data]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/applied pol_/);
    const denied = await runCli(['gate', 'check', verified, 'www.example.org', '8080', '--json', '--data', data]);
    expect(denied.code).toBe(1);
    expect(JSON.parse(denied.stdout)).toMatchObject({ action: 'deny', code: 'port_blocked', policyVer: applied.stdout.match(/applied (pol_\w+)/)![1] });

    writeFileSync(file, 'gate:\n  ports:\n    blocked: [twenty-five]\n');
    const broken = await runCli(['policy', 'apply', file, '--data', data]);
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toContain('POLICY_INVALID');
    expect(broken.stderr).toContain('gate.ports.blocked');
    const history = await runCli(['policy', 'history', '--json', '--data', data]);
    expect(JSON.parse(history.stdout).versions).toHaveLength(1);
  });

  it('ingests an NDJSON file, reports a bad line by number, and raises the alerts', async () => {
    const file = join(data, 'events.ndjson');
    const now = Date.now();
    const lines = [9300, 9600, 9900].map((amount, i) => JSON.stringify({ id: `cli-${i}`, type: 'payment.deposit', customerId: verified, occurredAt: new Date(now - (3 - i) * 3_600_000).toISOString(), data: { amount, currency: 'USD' } }));
    lines.splice(1, 0, '{"id": "broken"');
    writeFileSync(file, lines.join('\n') + '\n');
    const res = await runCli(['events', 'ingest', file, '--data', data]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('3 events stored, 0 already known, 1 rejected');
    expect(res.stderr).toMatch(/line 2: EVENT_INVALID/);
    const alerts = await runCli(['alerts', '--json', '--customer', verified, '--data', data]);
    expect(JSON.parse(alerts.stdout).map((a: { ruleId: string }) => a.ruleId)).toEqual(['structuring']);
  });
});

/** Files holding some sections: the rest keep what runs, `show` prints all of it, and a rule changed in place is flagged. */
describe('vigil policy with partial files', () => {
  let data: string;
  beforeAll(() => {
    data = mkdtempSync(join(tmpdir(), 'vigil-cli-policy-'));
  });
  afterAll(() => rmSync(data, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    writeFileSync(join(data, name), text);
    return join(data, name);
  };
  const vigil = async (...args: string[]) => {
    const res = await runCli([...args, '--data', data]);
    expect(res.code, res.stderr).toBe(0);
    return res;
  };

  it('applies a file over the running policy, so sections it leaves out keep their applied values', async () => {
    const risk = write('risk.yaml', stringify({ risk: { ...DEFAULT_POLICY.risk, levels: { ...DEFAULT_POLICY.risk.levels, medium: 25 } } }));
    expect((await vigil('policy', 'apply', risk)).stdout).toContain('~ risk.levels.medium: 30 → 25');
    const gate = write('gate.yaml', 'gate:\n  deny: [example.net]\n');
    const diff = await vigil('policy', 'diff', gate);
    expect(diff.stdout).toMatch(/: 1 change\n {2}~ gate\.deny: \[\] → \["example\.net"\]\n$/);
    expect((await vigil('policy', 'apply', gate)).stdout).toContain(diff.stdout);
    expect((await vigil('policy', 'diff', risk)).stdout).toMatch(/: 0 changes\n$/);
  });

  it('shows the whole running policy as YAML that applies as no change', async () => {
    const shown = (await vigil('policy', 'show')).stdout;
    expect(shown).toMatch(/^# policy pol_\w+\n/);
    const policy = parse(shown);
    expect(Object.keys(policy)).toEqual(Object.keys(DEFAULT_POLICY));
    expect(policy.risk.levels.medium).toBe(25);
    expect(policy.gate.deny).toEqual(['example.net']);
    expect((await vigil('policy', 'apply', write('shown.yaml', shown))).stdout).toMatch(/unchanged: pol_\w+ is already running/);
  });

  it('warns on stderr when a monitoring rule changes but keeps its version, and applies it', async () => {
    const monitoring = DEFAULT_POLICY.monitoring;
    const file = write('rules.yaml', stringify({ monitoring: { ...monitoring, rules: monitoring.rules.map((r) => (r.id === 'structuring' ? { ...r, severity: 'critical' } : r)) } }));
    const warning = 'vigil: warning: monitoring rule structuring changed but kept version 1: alerts name rule and version; bump it [RULE_VERSION_UNCHANGED]';
    const diff = await vigil('policy', 'diff', file, '--json');
    expect(diff.stderr).toContain(warning);
    expect(JSON.parse(diff.stdout).warnings).toHaveLength(1);
    const applied = await vigil('policy', 'apply', file);
    expect(applied.stderr).toContain(warning);
    expect(applied.stdout).toMatch(/applied pol_/);
  });
});
