import { join } from 'node:path';
import { AuditService } from '../audit/audit.service.js';
import { loadOrCreateSigningKey, type SigningKey } from '../audit/signing-key.js';
import { ApiKeysService } from '../auth/api-keys.service.js';
import type { Config } from '../config/config.js';
import { systemClock, type Clock } from '../core/clock.js';
import { openDatabase } from '../db/database.js';
import type { Database } from '../db/executor.js';
import { migrateToLatest } from '../db/migrate.js';
import { CustomersService } from '../customers/customers.service.js';
import { EntitlementsService } from '../customers/entitlements.service.js';
import { KycScheduler } from '../customers/kyc-scheduler.js';
import { DecisionsService } from '../decisions/decisions.service.js';
import { EventsService } from '../events/events.service.js';
import { WebhookDispatcher, type DispatcherLogger } from '../events/webhook-dispatcher.js';
import { WebhooksService } from '../events/webhooks.service.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { OrdersService } from '../orders/orders.service.js';
import { CustomerScreeningService } from '../screening/customer-screening.service.js';
import { ALL_PARSERS } from '../screening/import/registry.js';
import { ListImportService } from '../screening/list-import.service.js';
import { ListRefresher } from '../screening/list-refresh.js';
import { ListsService } from '../screening/lists.service.js';
import { DEFAULT_SCREENING_POLICY, unknownThresholdLists, type ScreeningPolicy } from '../screening/screening-policy.js';
import { ScreeningService } from '../screening/screening.service.js';
import { Scheduler } from './scheduler.js';
import { DocumentsService } from '../kyc/documents.service.js';
import { EddService } from '../kyc/edd.service.js';
import { ReviewService } from '../kyc/review.service.js';
import { VendorRegistry } from '../kyc/vendor-registry.js';
import { VerificationsService } from '../kyc/verifications.service.js';
import { DEFAULT_POLICY, type Policy } from '../policy/policy.js';
import { PolicyService } from '../policy/policy.service.js';
import { AlertActions } from '../monitoring/alert-actions.js';
import { AlertsService } from '../monitoring/alerts.service.js';
import { EventIngestService } from '../monitoring/ingest.service.js';
import { MonitoringWorker } from '../monitoring/monitoring.worker.js';
import { RuleRunner } from '../monitoring/rule-runner.js';
import { RiskFollowUps } from '../monitoring/risk-followups.js';
import { loadGeoLists } from '../risk/geo-files.js';
import { GateService } from '../gate/gate.service.js';
import * as gateOverrides from '../gate/overrides.store.js';
import { entitlementsFor } from '../customers/entitlements.js';
import * as customersStore from '../customers/customers.store.js';
import { RiskService } from '../risk/risk.service.js';
import { Keyring } from '../vault/keyring.js';
import { vaultMigrations } from '../vault/vault.migrations.js';
import type { VaultSchema } from '../vault/vault.schema.js';
import { VaultService } from '../vault/vault.service.js';
import { IntelService } from '../intel/intel.service.js';
import { TorRefresher } from '../intel/tor-refresh.js';
import { ContactVerificationService } from '../onboarding/contact-verification.service.js';
import { LinksService } from '../onboarding/links.service.js';
import { SignupService } from '../onboarding/signup.service.js';
import { makeSmsSender } from '../onboarding/sms/make-sender.js';
import { Velocity } from '../onboarding/velocity.js';

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
  readonly vault: VaultService;
  readonly keyring: Keyring;
  readonly customers: CustomersService;
  readonly kycScheduler: KycScheduler;
  readonly entitlements: EntitlementsService;
  readonly vendors: VendorRegistry;
  readonly documents: DocumentsService;
  readonly reviews: ReviewService;
  readonly edd: EddService;
  readonly orders: OrdersService;
  readonly screening: ScreeningService;
  readonly customerScreening: CustomerScreeningService;
  readonly lists: ListsService;
  readonly listRefresher: ListRefresher;
  readonly scheduler: Scheduler;
  readonly verifications: VerificationsService;
  readonly intel: IntelService;
  readonly signups: SignupService;
  readonly links: LinksService;
  readonly contactVerification: ContactVerificationService;
  readonly velocity: Velocity;
  readonly policies: PolicyService;
  readonly risk: RiskService;
  readonly eventIngest: EventIngestService;
  readonly alerts: AlertsService;
  readonly monitor: MonitoringWorker;
  readonly gate: GateService;
  /** The policy in force now. */
  policy(): Policy;
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
  const keyring = config.vault.keyring
    ? Keyring.fromJson(config.vault.keyring)
    : Keyring.open(config.vault.keyringFile ?? join(config.dataDir, 'keys', 'vault-keyring.json'));
  const database = await openDatabase(config, options.pgSchema ? { pgSchema: options.pgSchema } : {});
  let vaultDb: Database<VaultSchema> | undefined;
  try {
    vaultDb = await openDatabase<VaultSchema>(config, {
      sqliteFile: 'vault.db',
      pgSchema: options.pgSchema ? `${options.pgSchema}_vault` : config.vault.pgSchema,
    });
    if (options.migrate !== false) {
      await migrateToLatest(database);
      await migrateToLatest(vaultDb, vaultMigrations);
    }
  } catch (err) {
    await database.close();
    await vaultDb?.close();
    throw err;
  }
  const vault = new VaultService(vaultDb, keyring, clock);
  const audit = new AuditService(clock, database);
  const events = new EventsService(clock, database.caps);
  const decisions = new DecisionsService(clock, audit, events);
  const webhooks = new WebhooksService(clock, audit, events);
  const apiKeys = new ApiKeysService(clock, audit, events);
  const idempotency = new IdempotencyService(database, clock, config.idempotency.ttlHours);
  const dispatcher = new WebhookDispatcher(database, clock, config.webhooks, options.logger);
  const policies = new PolicyService(database, clock, audit, events, DEFAULT_POLICY);
  // Without migrations (read-only commands on an old store) the shipped policy runs.
  await policies.refresh().catch((err: unknown) => {
    if (options.migrate !== false) throw err;
  });
  const policy = () => policies.current();
  const customers = new CustomersService(clock, audit, events, decisions, vault, policy);
  const kycScheduler = new KycScheduler(database, customers, clock);
  const entitlements = new EntitlementsService(database, customers, decisions, policy);
  const vendors = new VendorRegistry(config.kyc);
  const verifications = new VerificationsService(clock, audit, customers, vault, vendors, config.kyc.redirectUrl);
  const edd = new EddService(clock, audit, events, customers, policy);
  const documents = new DocumentsService(database, clock, audit, events, customers, verifications, edd, vault, policy, config.vault.maxFileBytes);
  const reviews = new ReviewService(clock, customers, verifications);
  const orders = new OrdersService(clock, audit, events, decisions, customers, policy);
  const screeningPolicy = (): ScreeningPolicy => {
    const section = policy().screening ?? DEFAULT_SCREENING_POLICY;
    // The config file's threshold predates the policy section and still overrides its default one.
    return config.screening.threshold === undefined ? section : { ...section, threshold: config.screening.threshold };
  };
  const screening = new ScreeningService(database, clock, screeningPolicy);
  const customerScreening = new CustomerScreeningService(database, clock, audit, events, decisions, customers, vault, screening, policy);
  customers.onCreated((trx, customer, actor, _options, personal) => customerScreening.screenIfNamed(trx, customer.id, 'onboarding', actor, personal).then(() => undefined));
  customers.onUpdated((trx, customer, changed, actor) => customerScreening.onCustomerUpdated(trx, customer.id, changed, actor));
  customers.addStatusHold((db, customer) => customerScreening.confirmedMatchHold(db, customer.id));
  const lists = new ListsService(new ListImportService(database, clock, audit, events, ALL_PARSERS, config.screening.maxRemovedShare), screening, customerScreening);
  policies.addWarner(async (p) => unknownThresholdLists(p.screening ?? DEFAULT_SCREENING_POLICY, (await lists.lists(database.db)).map((l) => l.name)));
  const listRefresher = new ListRefresher(lists, clock, config.screening.sources);
  const pseudonym = (purpose: string, value: string) => vault.pseudonym(purpose, value);
  const intel = new IntelService(config.intel, config.dataDir, database, clock, audit, options.logger);
  const links = new LinksService(clock, customers, pseudonym, database.caps);
  const velocity = new Velocity(clock, pseudonym, database.caps);
  const signups = new SignupService(database, clock, events, decisions, customers, links, velocity, () => intel.current(), policy);
  const alerts = new AlertsService(clock, audit, events);
  const geo = loadGeoLists({ fatf: config.risk.fatfFile, sanctioned: config.risk.sanctionedCountriesFile });
  const risk = new RiskService(clock, audit, events, decisions, customers, policy, () => geo, alerts, database.caps);
  // Open alerts count towards a customer's risk: a confirmed match or a closed alert scores them again.
  // A director's or owner's match is scored on the company (related persons carry no score of their own).
  customerScreening.onConfirmed(async (trx, hit, actor) => {
    const person = await customers.get(trx, hit.customerId);
    await risk.assess(trx, person.parentId ?? person.id, `screening:true_match:${hit.id}`, actor);
  });
  alerts.onClosed((trx, alert, actor) => risk.assess(trx, alert.customerId, `alert_closed:${alert.id}`, actor).then(() => undefined));
  customers.onCreated(async (trx, customer, actor, created) => {
    if (!created.initialRiskByCaller) await risk.assess(trx, customer.id, 'onboarding', actor, { created: true });
  });
  signups.onApplied((trx, customerId, seen, actor, created) => risk.assess(trx, customerId, 'signup', actor, { seen, created }).then(() => undefined));
  const eventIngest = new EventIngestService(
    database,
    clock,
    audit,
    {
      customerNames: async (ids) => {
        const found = await vault.readMany([...new Set(ids)], ['fullName', 'legalName'], { actor: 'system:monitoring', purpose: 'payer name check' });
        return new Map([...found].flatMap(([id, r]) => (r['fullName'] ?? r['legalName'] ? [[id, (r['fullName'] ?? r['legalName'])!] as const] : [])));
      },
      addressVerdict: (address, asset) => screening.screenAddress(address, asset),
      pseudonym,
    },
    config.monitoring.maxBatch,
  );
  let runner: RuleRunner | null = null;
  policies.onChange(() => (runner = null));
  const ruleRunner = () => (runner ??= RuleRunner.compile(policies.current().monitoring.rules, policies.snapshot().version));
  const gate = new GateService(
    database,
    clock,
    audit,
    { customer: (db, id) => customersStore.get(db, id), entitlements: (c, p) => entitlementsFor(c, p).entitlements },
    () => policies.snapshot(),
    config.gate.cacheTtlMs,
  );
  // A change on this node reaches the gate at once; one on another node at its next watch().
  customers.onStatusChanged(async (_trx, customer) => gate.invalidate(customer.id));
  customers.onRiskLevelChanged(async (_trx, customer) => gate.invalidate(customer.id));
  const riskFollowUps = new RiskFollowUps(
    database,
    (trx, customerId, raised) => risk.onAlerts(trx, customerId, raised),
    (trx, customerId, payment) => risk.onPayment(trx, customerId, { kind: 'payment', ...payment }),
    options.logger,
  );
  const alertActions = new AlertActions(audit, events, {
    questionnaireUrl: () => policies.current().monitoring.questionnaireUrl,
    riskPending: (trx, raised) => riskFollowUps.record(trx, raised),
    block: (trx, customerId, rule) => gate.addRule(trx, customerId, { ...rule, effect: 'deny' }, 'system:monitoring'),
  });
  const monitor = new MonitoringWorker(database, clock, ruleRunner, alertActions.sink, config.monitoring, options.logger, () => riskFollowUps.run(), (trx, payments) =>
    riskFollowUps.recordPayments(trx, payments, policies.current().risk.triggers, clock.now().toISOString()),
  );
  eventIngest.onIngested((stored) => monitor.handOff(stored));
  const smsSender = makeSmsSender(config.sms);
  const contactVerification = new ContactVerificationService(
    database,
    clock,
    audit,
    customers,
    policy,
    pseudonym,
    (customerId, actor, within) => vault.read(customerId, ['email', 'phone'], { actor, purpose: 'contact verification' }, within),
    () => smsSender,
    () => keyring.derivedKey('email-link'),
  );
  const torRefresher = config.intel.torRefresh ? new TorRefresher(config.intel.torRefresh, intel, clock) : null;
  const scheduler = new Scheduler([
    {
      name: 'list-refresh',
      run: async () => {
        const failed: string[] = [];
        await listRefresher.runDue((source, err) => failed.push(`${source.list}: ${(err as Error).message}`));
        if (failed.length > 0) throw new Error(`list refresh failed (the loaded versions stay): ${failed.join('; ')}`);
      },
    },
    { name: 'screening-daily', run: () => customerScreening.rescreenDue('system:scheduler') },
    { name: 'kyc-deadlines', run: () => kycScheduler.runOnce() },
    { name: 'order-periods', run: () => database.transaction((trx) => orders.runDue(trx)) },
    { name: 'edd-deadlines', run: () => database.transaction((trx) => edd.runDue(trx)) },
    { name: 'idempotency-purge', run: () => idempotency.purgeExpired() },
    { name: 'signup-counters-purge', run: () => velocity.purge(database.db) },
    ...(torRefresher ? [{ name: 'tor-refresh', run: () => torRefresher.runDue() }] : []),
    { name: 'periodic-reviews', run: () => risk.openDueReviews(database) },
    { name: 'alert-risk-follow-ups', run: () => riskFollowUps.run() },
    // Lapsed temporary gate rules are kept 30 days for the record, then dropped.
    { name: 'gate-rules-purge', run: () => gateOverrides.purgeExpired(database.db, new Date(clock.now().getTime() - 30 * 86_400_000).toISOString()) },
  ]);
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
    vault,
    keyring,
    customers,
    kycScheduler,
    entitlements,
    vendors,
    verifications,
    documents,
    reviews,
    edd,
    orders,
    screening,
    customerScreening,
    lists,
    listRefresher,
    scheduler,
    intel,
    signups,
    links,
    contactVerification,
    velocity,
    policies,
    risk,
    eventIngest,
    alerts,
    monitor,
    gate,
    policy,
    signingKey: () => (key ??= loadOrCreateSigningKey(config.audit.signingKeyFile ?? join(config.dataDir, 'keys', 'audit-ed25519.pem'))),
    async close() {
      policies.stop();
      gate.stopWatching();
      intel.stopWatching();
      await riskFollowUps.stop();
      await monitor.stop();
      await dispatcher.stop();
      await scheduler.stop();
      await audit.stopLinking();
      await database.close();
      await vault.database.close();
    },
  };
}
