import cluster from 'node:cluster';
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { createVigil, type Vigil } from '../app/composition.js';
import { startServer } from '../app/server.js';
import { reportListening, runPrimary } from '../app/server-workers.js';
import { ROLES } from '../auth/permissions.js';
import { loadConfig } from '../config/config.js';
import { rotateMasterKey } from '../vault/rotation.js';
import { isVigilError } from '../core/errors.js';
import { parseCount, parsePort } from './arguments.js';
import { registerCustomerCommands } from './customer-commands.js';
import { registerGateCommands } from './gate-commands.js';
import { registerIntelCommands } from './intel-commands.js';
import { registerMonitoringCommands } from './monitoring-commands.js';
import { registerPolicyCommands } from './policy-commands.js';
import { registerScreeningCommands } from './screening-commands.js';
import { consoleOutput, type Output } from './output.js';

interface CommonOptions {
  data?: string;
  config?: string;
}

function configFrom(opts: CommonOptions, extra: Record<string, unknown> = {}) {
  return loadConfig({ ...(opts.config ? { file: opts.config } : {}), overrides: { dataDir: opts.data, ...extra } });
}

async function withVigil<T>(opts: CommonOptions, fn: (vigil: Vigil) => Promise<T>): Promise<T> {
  const vigil = await createVigil(configFrom(opts));
  try {
    return await fn(vigil);
  } finally {
    await vigil.close();
  }
}

function common(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'data directory for the SQLite store and keys (default ./data)')
    .option('--config <file>', 'YAML config file (default ./vigil.config.yaml when present)');
}


/** Builds the command tree. Each action sets the exit code rather than exiting, so tests can run it. */
export function buildCli(output: Output = consoleOutput): { program: Command; exitCode: () => number } {
  let exitCode = 0;
  const program = new Command('vigil')
    .description('Vigil: self-hosted KYC / AML / abuse-prevention engine')
    .showHelpAfterError('(run with --help for usage)')
    // `vigil lists --json` and `vigil lists import FILE --json` each keep their own options.
    .enablePositionalOptions()
    // Usage errors speak like every other error of the CLI: `vigil: …`, not commander's `error: …`.
    .configureOutput({ writeOut: (s) => output.out(s.trimEnd()), writeErr: (s) => output.err(s.trimEnd()), outputError: (s, write) => write(s.replace(/^error: /, 'vigil: ')) })
    .exitOverride();

  common(program.command('serve').description('run the HTTP API and background workers'))
    .addOption(new Option('--port <n>', 'port to listen on (default 8080)').argParser(parsePort))
    .option('--host <host>', 'address to bind (default 127.0.0.1)')
    .addOption(new Option('--workers <n>', 'server processes sharing the port, PostgreSQL only (default 1)').argParser(parseCount))
    .action(async (opts: CommonOptions & { port?: number; host?: string; workers?: number }) => {
      const config = configFrom(opts, { 'server.port': opts.port, 'server.host': opts.host, 'server.workers': opts.workers });
      if (config.server.workers > 1 && cluster.isPrimary) {
        await runPrimary(config.server.workers, {
          listening: (address, database) => output.err(`vigil listening on ${address} (${database}, ${config.server.workers} workers)`),
          workerExited: (pid, code, signal, restarting) =>
            output.err(`vigil: server worker ${pid} exited (code ${code ?? '–'}${signal ? `, ${signal}` : ''})${restarting ? '; starting another' : ' before it listened'}`),
        });
        return;
      }
      const server = await startServer(config);
      if (cluster.isWorker) reportListening(server.address, server.vigil.database.description);
      else output.err(`vigil listening on ${server.address} (${server.vigil.database.description})`);
      await new Promise<void>((resolve) => {
        let stopping = false;
        // Handlers stay installed: a second signal (the primary's SIGTERM after a Ctrl-C that
        // reached the whole process group) must not cut the requests being finished.
        const stop = () => {
          if (stopping) return;
          stopping = true;
          server.close().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      // A worker's channel to the primary would keep it alive.
      if (cluster.isWorker) process.disconnect?.();
    });

  common(program.command('migrate').description('apply database migrations and exit')).action(async (opts: CommonOptions) => {
    await withVigil(opts, async (vigil) => output.out(`database is up to date (${vigil.database.description})`));
  });

  const keys = program.command('keys').description('manage API keys');
  common(keys.command('create').description('create an API key and print it once'))
    .addOption(new Option('--role <role>', 'role of the key').choices(ROLES).makeOptionMandatory())
    .option('--name <name>', 'a label for the key')
    .option('--json', 'print JSON')
    .action(async (opts: CommonOptions & { role: string; name?: string; json?: boolean }) => {
      const created = await withVigil(opts, (vigil) =>
        vigil.database.transaction((trx) => vigil.apiKeys.create(trx, { role: opts.role, name: opts.name }, 'cli')),
      );
      if (opts.json) output.out(JSON.stringify(created));
      else {
        output.out(created.token);
        output.err(`created key ${created.id} with role ${created.role}; store the token now, it is not shown again`);
      }
    });
  common(keys.command('list').description('list API keys'))
    .option('--json', 'print JSON')
    .action(async (opts: CommonOptions & { json?: boolean }) => {
      const list = await withVigil(opts, (vigil) => vigil.apiKeys.list(vigil.database.db));
      if (opts.json) return output.out(JSON.stringify(list));
      for (const k of list) {
        output.out([k.id, k.role.padEnd(18), k.revokedAt ? `revoked ${k.revokedAt}` : 'active', `last used ${k.lastUsedAt ?? 'never'}`, k.name].join('  '));
      }
    });
  common(keys.command('revoke').description('revoke an API key').argument('<id>', 'key id')).action(async (id: string, opts: CommonOptions) => {
    const key = await withVigil(opts, (vigil) => vigil.database.transaction((trx) => vigil.apiKeys.revoke(trx, id, 'cli')));
    output.out(`revoked ${key.id} at ${key.revokedAt}`);
  });

  common(keys.command('rotate-master').description('rotate the vault master key and re-wrap every data key, online'))
    .option('--keep-old', 'keep the previous master keys in the keyring')
    .action(async (opts: CommonOptions & { keepOld?: boolean }) => {
      const report = await withVigil(opts, async (vigil) => {
        const result = await rotateMasterKey(vigil.vault, vigil.keyring, { keepOld: opts.keepOld ?? false });
        await vigil.database.transaction((trx) =>
          vigil.audit.append(trx, { actor: 'cli', action: 'vault.master_key_rotated', subject: 'vault', data: { ...result } }),
        );
        return result;
      });
      output.out(`master key is now ${report.newKeyId}; re-wrapped ${report.rewrapped} data keys`);
      if (report.retired.length) output.out(`retired ${report.retired.join(', ')}`);
      for (const [id, n] of Object.entries(report.kept)) output.out(`kept ${id} (${n} data keys still use it)`);
    });

  common(keys.command('rewrap').description('re-wrap every vault data key with the current master key (after changing VIGIL_VAULT_KEYRING)')).action(
    async (opts: CommonOptions) => {
      const [moved, usage] = await withVigil(opts, async (vigil) => {
        const n = await vigil.vault.rewrapAll();
        if (n > 0) {
          await vigil.database.transaction((trx) =>
            vigil.audit.append(trx, { actor: 'cli', action: 'vault.data_keys_rewrapped', subject: 'vault', data: { rewrapped: n, kekId: vigil.keyring.currentMaster().id } }),
          );
        }
        return [n, await vigil.vault.keyUsage()] as const;
      });
      output.out(`re-wrapped ${moved} data keys; keys in use: ${Object.entries(usage).map(([id, n]) => `${id} (${n})`).join(', ') || 'none'}`);
    },
  );

  const audit = program.command('audit').description('verify and anchor the audit chain');
  common(audit.command('verify').description('recompute the hash chain; exit 1 naming the first broken record'))
    .option('--json', 'print JSON')
    .option('--checkpoint <file>', 'also check a checkpoint exported earlier')
    .action(async (opts: CommonOptions & { json?: boolean; checkpoint?: string }) => {
      const result = await withVigil(opts, async (vigil) => {
        const chain = await vigil.audit.verify(vigil.database.db);
        const checkpoint = opts.checkpoint
          ? await vigil.audit.verifyCheckpoint(vigil.database.db, JSON.parse(readFileSync(opts.checkpoint, 'utf8')) as unknown)
          : undefined;
        return { ...chain, ...(checkpoint ? { checkpoint } : {}) };
      });
      const ok = result.ok && (result.checkpoint?.ok ?? true);
      if (opts.json) output.out(JSON.stringify(result));
      else if (ok) output.out(`audit chain intact: ${result.checked} records, head ${result.head.hash}` + (result.checkpoint ? `; ${result.checkpoint.message}` : ''));
      else if (!result.ok) output.err(`audit chain BROKEN at record ${result.firstBroken!.seq}: ${result.firstBroken!.message}`);
      else output.err(`checkpoint mismatch: ${result.checkpoint!.message}`);
      exitCode = ok ? 0 : 1;
    });
  common(audit.command('checkpoint').description('sign the current chain head (Ed25519) and print it as JSON'))
    .option('--out <file>', 'also write the checkpoint to this file')
    .action(async (opts: CommonOptions & { out?: string }) => {
      const checkpoint = await withVigil(opts, (vigil) => vigil.database.transaction((trx) => vigil.audit.checkpoint(trx, vigil.signingKey())));
      const text = JSON.stringify(checkpoint, null, 2);
      if (opts.out) writeFileSync(opts.out, text + '\n');
      output.out(text);
    });

  registerCustomerCommands(program, common, withVigil, output, (code) => (exitCode = code));
  registerScreeningCommands(program, common, withVigil, output, (code) => (exitCode = code));
  registerIntelCommands(program, common, withVigil, output);
  registerPolicyCommands(program, common, withVigil, output);
  registerGateCommands(program, common, withVigil, output, (code) => (exitCode = code));
  registerMonitoringCommands(program, common, withVigil, output, (code) => (exitCode = code));

  return { program, exitCode: () => exitCode };
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[], output: Output = consoleOutput): Promise<number> {
  const { program, exitCode } = buildCli(output);
  try {
    await program.parseAsync(argv);
    return exitCode();
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
    }
    if (isVigilError(err)) {
      output.err(`vigil: ${err.message} [${err.code}]`);
      return 2;
    }
    output.err(`vigil: ${(err as Error).message ?? String(err)}`);
    return 2;
  }
}
