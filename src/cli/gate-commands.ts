import { Argument, type Command } from 'commander';
import type { Vigil } from '../app/composition.js';
import { isVigilError } from '../core/errors.js';
import { CustomerErrors } from '../customers/errors.js';
import { runSquidHelper } from '../gate/squid-helper.js';
import { parseTargetPort } from './arguments.js';
import type { Output } from './output.js';

type CommonOptions = { data?: string; config?: string };
type WithVigil = <T>(opts: CommonOptions, fn: (vigil: Vigil) => Promise<T>) => Promise<T>;
type Common = (cmd: Command) => Command;

/** `vigil gate check CUSTOMER HOST PORT` and `vigil squid-helper`. */
export function registerGateCommands(program: Command, common: Common, withVigil: WithVigil, output: Output, setExit: (code: number) => void): void {
  const gate = program.command('gate').description('the proxy target gate');
  common(
    gate
      .command('check')
      .description('may the customer reach host:port? exit 0 when allowed, 1 when denied')
      .argument('<customer>', 'customer id or external reference')
      .argument('<host>', 'target host')
      .addArgument(new Argument('<port>', 'target port (1–65535)').argParser(parseTargetPort)),
  )
    .option('--json', 'print JSON')
    .action(async (customer: string, host: string, port: number, opts: CommonOptions & { json?: boolean }) => {
      const decision = await withVigil(opts, async (vigil) => {
        // Read as `vigil customers show` reads it; a customer that is neither id nor ref is the gate's to refuse (customer_unknown).
        const customerId = await vigil.customers.getByIdOrRef(vigil.database.db, customer).then(
          (c) => c.id,
          (err: unknown) => {
            if (isVigilError(err) && err.code === CustomerErrors.CUSTOMER_NOT_FOUND.code) return customer;
            throw err;
          },
        );
        return { ...(await vigil.gate.check(customerId, host, port)), policyVer: vigil.policies.snapshot().version };
      });
      if (opts.json) output.out(JSON.stringify(decision));
      else output.out(`${decision.action.toUpperCase()} ${decision.code}: ${decision.reason}`);
      setExit(decision.action === 'allow' ? 0 : 1);
    });

  // Squid starts helpers itself and talks to them over stdin/stdout; logs must go to stderr.
  common(program.command('squid-helper').description("Squid external ACL helper: reads '[channel] customer host port' lines on stdin, answers OK/ERR with message= (see docs/gate.md)"))
    .option('--no-concurrency', 'lines carry no channel id (squid.conf concurrency=0)')
    .action(async (opts: CommonOptions & { concurrency: boolean }) => {
      await withVigil(opts, async (vigil) => {
        await vigil.gate.ready();
        // A helper runs as long as Squid does: it follows policy applied and customers changed elsewhere.
        const warn = (what: string) => (err: unknown) => process.stderr.write(`vigil squid-helper: ${what}: ${(err as Error).message}\n`);
        vigil.policies.startPolling(vigil.config.policy.pollMs, warn('the newest policy could not be loaded; the running one stays'));
        vigil.gate.startWatching(vigil.config.gate.watchMs, warn('changes on other nodes could not be read; cached customers expire instead'));
        const stats = await runSquidHelper(process.stdin, process.stdout, (customer, host, port) => vigil.gate.check(customer, host, port), {
          concurrency: opts.concurrency,
          onError: (err) => process.stderr.write(`vigil squid-helper: ${(err as Error).message}\n`),
        });
        process.stderr.write(`vigil squid-helper: ${stats.lines} lookups (${stats.ok} OK, ${stats.err} ERR, ${stats.bh} BH)\n`);
      });
    });
}
