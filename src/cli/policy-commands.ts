import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Vigil } from '../app/composition.js';
import { VigilError } from '../core/errors.js';
import { PolicyErrors } from '../policy/errors.js';
import { formatChanges, type PolicyWarning } from '../policy/policy-diff.js';
import { policyYaml } from '../policy/policy-document.js';
import type { Output } from './output.js';

type CommonOptions = { data?: string; config?: string };
type WithVigil = <T>(opts: CommonOptions, fn: (vigil: Vigil) => Promise<T>) => Promise<T>;
type Common = (cmd: Command) => Command;

function readPolicyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new VigilError(PolicyErrors.POLICY_FILE_UNREADABLE, `cannot read ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
}

const FILE_HELP = 'YAML or JSON policy file; the sections it holds replace the running ones whole, the rest stay as they run';

/** `vigil policy show|diff|apply|history`. */
export function registerPolicyCommands(program: Command, common: Common, withVigil: WithVigil, output: Output): void {
  const policy = program.command('policy').description('the risk-based policy: kyc, entitlements, sign-up gate, risk, monitoring rules, proxy gate');

  common(policy.command('show').description('print the whole running policy (or an applied version) as YAML, a valid file to start from'))
    .option('--version <version>', 'an applied version instead of the running one')
    .option('--json', 'print JSON')
    .action(async (opts: CommonOptions & { version?: string; json?: boolean }) => {
      const shown = await withVigil(opts, (vigil) => vigil.policies.show(vigil.database.db, opts.version));
      if (opts.json) return output.out(JSON.stringify({ version: shown.version, policy: shown.policy }));
      output.out(policyYaml(shown.policy, shown.version).trimEnd());
    });

  common(policy.command('diff').description('validate a policy file and show what applying it would change').argument('<file>', FILE_HELP))
    .option('--json', 'print JSON')
    .action(async (file: string, opts: CommonOptions & { json?: boolean }) => {
      const text = readPolicyFile(file);
      const preview = await withVigil(opts, async (vigil) => {
        const { version, changes, warnings } = await vigil.policies.preview(text, file);
        return { running: vigil.policies.snapshot().version, version, changes, warnings };
      });
      printWarnings(output, preview.warnings);
      if (opts.json) return output.out(JSON.stringify(preview));
      printChanges(output, preview.running, preview.version, preview.changes);
    });

  common(policy.command('apply').description('validate, show the changes, and apply a policy file (audited; running servers pick it up within seconds)').argument('<file>', FILE_HELP))
    .option('--json', 'print JSON')
    .action(async (file: string, opts: CommonOptions & { json?: boolean }) => {
      const text = readPolicyFile(file);
      const result = await withVigil(opts, (vigil) => vigil.policies.apply(text, file, 'cli'));
      printWarnings(output, result.warnings);
      if (opts.json) return output.out(JSON.stringify(result));
      printChanges(output, result.previousVersion, result.version, result.changes);
      output.out(result.applied ? `applied ${result.version}` : `unchanged: ${result.version} is already running`);
    });

  common(policy.command('history').description('applied policy versions, newest first'))
    .option('--json', 'print JSON')
    .action(async (opts: CommonOptions & { json?: boolean }) => {
      const [running, versions] = await withVigil(opts, async (vigil) => [vigil.policies.snapshot().version, await vigil.policies.history(vigil.database.db)] as const);
      if (opts.json) return output.out(JSON.stringify({ running, versions }));
      if (versions.length === 0) output.out(`no policy applied: the shipped default ${running} runs`);
      for (const v of versions) output.out(`${v.version}  ${v.appliedAt}  ${v.appliedBy}${v.version === running ? '  (running)' : ''}`);
    });
}

function printChanges(output: Output, from: string, to: string, changes: Parameters<typeof formatChanges>[0]): void {
  output.out(`${from} → ${to}: ${changes.length} change${changes.length === 1 ? '' : 's'}`);
  for (const line of formatChanges(changes)) output.out(`  ${line}`);
}

/** On stderr, so `--json` output stays one parseable document. */
function printWarnings(output: Output, warnings: PolicyWarning[]): void {
  for (const w of warnings) output.err(`vigil: warning: ${w.message} [${w.code}]`);
}
