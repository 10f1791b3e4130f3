import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import { buildApp, type BuildAppOptions } from '../http/app.js';
import { createLogger } from '../http/logger.js';
import type { ListWarning } from '../screening/kyt.js';
import { createVigil, type Vigil } from './composition.js';

/** The audit sequencer runs after each write; this sweep links what such a run found uncommitted, or another node left when it died. */
const AUDIT_LINK_SWEEP_MS = 1_000;

export interface RunningServer {
  vigil: Vigil;
  app: FastifyInstance;
  address: string;
  close(): Promise<void>;
}

/** Starts the whole service: stores, migrations, HTTP, webhook dispatcher, scheduled jobs. */
export async function startServer(config: Readonly<Config>, options: BuildAppOptions = {}): Promise<RunningServer> {
  // One logger for requests and the workers behind them (monitoring, risk follow-ups, webhooks).
  const logger = options.logger ?? createLogger(config, options.logDestination);
  const vigil = await createVigil(config, { logger });
  let app: FastifyInstance;
  let listWarnings: ListWarning[];
  try {
    // A missing or broken intel file stops the start with its message, not the first sign-up.
    await vigil.intel.current();
    // Builds the screening index, which the first screening would otherwise wait for. Before
    // anything else runs: on SQLite a transaction that screened while this load waited for the
    // connection would wait for the load in turn.
    listWarnings = await vigil.screening.warnings();
    app = await buildApp(vigil, { ...options, logger });
    await app.listen({ port: config.server.port, host: config.server.host });
  } catch (err) {
    await vigil.close();
    throw err;
  }
  const log = app.log;
  if (config.webhooks.enabled) vigil.dispatcher.start();
  vigil.scheduler.start(config.scheduler.intervalMs, (job, err) => log.warn({ err, job }, 'scheduled job failed'));
  vigil.policies.startPolling(config.policy.pollMs, (err) => log.error({ err }, 'the newest applied policy could not be loaded; the running one stays'));
  vigil.monitor.start();
  vigil.audit.startLinking(AUDIT_LINK_SWEEP_MS, (err) => log.error({ err }, 'the audit sequencer could not link pending records onto the chain; it tries again'));
  vigil.gate.startWatching(config.gate.watchMs, (err) => log.warn({ err }, 'the gate could not read the audit log for changes on other nodes; its cache expires them instead'));
  // A fresh install screens every customer against nothing until a list is imported: say so
  // where the operator looks, rather than let every screening pass quietly.
  const named = (await vigil.lists.lists(vigil.database.db)).filter((l) => l.format !== 'address-list');
  if (named.length === 0 && config.screening.sources.length === 0) {
    log.warn('no sanctions, PEP or watch list is loaded and screening.sources names none to fetch: customers are screened against nothing until one is imported (vigil lists import FILE)');
  }
  for (const w of listWarnings) log.warn({ code: w.code, remedy: w.remedy }, w.message);
  vigil.intel.startWatching();
  if (config.intel.torFiles.length === 0 && !config.intel.torRefresh) {
    log.warn('no Tor exit list is configured (intel.torFiles or intel.torRefresh): sign-ups from Tor are not recognised');
  }
  const addr = app.server.address();
  const address = typeof addr === 'string' ? addr : `http://${addr?.family === 'IPv6' ? `[${addr.address}]` : addr?.address}:${addr?.port}`;
  log.info({ database: vigil.database.description, listening: address }, 'vigil is serving');
  return {
    vigil,
    app,
    address,
    async close() {
      await app.close();
      await vigil.close();
    },
  };
}
