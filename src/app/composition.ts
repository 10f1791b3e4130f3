import { join } from 'node:path';
import { AuditService } from '../audit/audit.service.js';
import { loadOrCreateSigningKey, type SigningKey } from '../audit/signing-key.js';
import { ApiKeysService } from '../auth/api-keys.service.js';
import type { Config } from '../config/config.js';
import { systemClock, type Clock } from '../core/clock.js';
import { openDatabase } from '../db/database.js';
import type { Database } from '../db/executor.js';
import { migrateToLatest } from '../db/migrate.js';
import { DecisionsService } from '../decisions/decisions.service.js';
import { EventsService } from '../events/events.service.js';
import { WebhookDispatcher, type DispatcherLogger } from '../events/webhook-dispatcher.js';
import { WebhooksService } from '../events/webhooks.service.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';

/** Everything a running Vigil is made of. Server, CLI and tests build it the same way. */
export interface Vigil {
  readonly config: Readonly<Config>;
  readonly database: Database;
  readonly clock: Clock;
  readonly audit: AuditService;
  readonly decisions: DecisionsService;
  readonly events: EventsService;
  readonly webhooks: WebhooksService;
  readonly apiKeys: ApiKeysService;
  readonly idempotency: IdempotencyService;
  readonly dispatcher: WebhookDispatcher;
  /** The checkpoint key, loaded (or created) on first use. */
  signingKey(): SigningKey;
  close(): Promise<void>;
}

export interface ComposeOptions {
  clock?: Clock;
  /** Apply migrations before returning (the server and most commands do). */
  migrate?: boolean;
  pgSchema?: string;
  logger?: DispatcherLogger;
}

export async function createVigil(config: Readonly<Config>, options: ComposeOptions = {}): Promise<Vigil> {
  const clock = options.clock ?? systemClock;
  const database = await openDatabase(config, options.pgSchema ? { pgSchema: options.pgSchema } : {});
  try {
    if (options.migrate !== false) await migrateToLatest(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  const audit = new AuditService(clock);
  const events = new EventsService(clock);
  const decisions = new DecisionsService(clock, audit, events);
  const webhooks = new WebhooksService(clock, audit, events);
  const apiKeys = new ApiKeysService(clock, audit, events);
  const idempotency = new IdempotencyService(database, clock, config.idempotency.ttlHours);
  const dispatcher = new WebhookDispatcher(database, clock, config.webhooks, options.logger);
  let key: SigningKey | undefined;
  return {
    config,
    database,
    clock,
    audit,
    decisions,
    events,
    webhooks,
    apiKeys,
    idempotency,
    dispatcher,
    signingKey: () => (key ??= loadOrCreateSigningKey(config.audit.signingKeyFile ?? join(config.dataDir, 'keys', 'audit-ed25519.pem'))),
    async close() {
      await dispatcher.stop();
      await database.close();
    },
  };
}
