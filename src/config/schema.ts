import { z } from 'zod';
import { LIST_FORMATS, LIST_NAME } from '../screening/import/parser.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The whole configuration. Every key has a default so an empty environment runs. */
export const configSchema = z
  .object({
    dataDir: z.string().min(1).default('./data'),
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        bodyLimitBytes: z.number().int().min(1024).max(256 * 1024 * 1024).default(1024 * 1024),
        trustProxy: z.boolean().default(false),
        requestTimeoutMs: z.number().int().min(1000).default(30_000),
        /** How customers reach this server (for links Vigil hands out); defaults to the listen address. */
        publicUrl: z.url().optional(),
        /** Server processes sharing the port (PostgreSQL only: SQLite has one writer). */
        workers: z.number().int().min(1).max(64).default(1),
      })
      .strict()
      .prefault({}),
    database: z
      .object({
        url: z
          .string()
          .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
          .optional(),
        poolSize: z.number().int().min(1).max(200).default(10),
        preparedStatements: z.boolean().default(true),
        sqliteSynchronous: z.enum(['FULL', 'NORMAL']).default('FULL'),
        busyTimeoutMs: z.number().int().min(0).default(5000),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(LOG_LEVELS).default('info'),
        redactIps: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    idempotency: z
      .object({
        ttlHours: z.number().int().min(24).max(24 * 90).default(48),
        waitForConcurrentMs: z.number().int().min(0).max(60_000).default(10_000),
      })
      .strict()
      .prefault({}),
    webhooks: z
      .object({
        enabled: z.boolean().default(true),
        maxAttempts: z.number().int().min(1).max(50).default(12),
        timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
        pollIntervalMs: z.number().int().min(10).max(60_000).default(1000),
        batchSize: z.number().int().min(1).max(500).default(20),
        backoffBaseMs: z.number().int().min(1).default(10_000),
        backoffMaxMs: z.number().int().min(1).default(6 * 60 * 60 * 1000),
      })
      .strict()
      .prefault({}),
    audit: z
      .object({
        signingKeyFile: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    vault: z
      .object({
        /** JSON keyring with the master keys and the blind-index key; created on first start. */
        keyringFile: z.string().min(1).optional(),
        /** The keyring as JSON, from a secret store; wins over the file and is read-only. */
        keyring: z.string().min(1).optional(),
        /** PostgreSQL schema that holds personal data, apart from everything else. */
        pgSchema: z
          .string()
          .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')
          .default('vigil_vault'),
        maxFileBytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
      })
      .strict()
      .prefault({}),
    kyc: z
      .object({
        /** Vendor used when a verification request names none. */
        defaultVendor: z.enum(['sumsub', 'idenfy', 'onfido']).optional(),
        /** Where vendors send the customer after the verification flow. */
        redirectUrl: z.url().optional(),
        sumsub: z
          .object({
            baseUrl: z.url().default('https://api.sumsub.com'),
            appToken: z.string().min(1),
            secretKey: z.string().min(1),
            webhookSecret: z.string().min(1),
            levelName: z.string().min(1).optional(),
          })
          .strict()
          .optional(),
        idenfy: z
          .object({
            baseUrl: z.url().default('https://ivs.idenfy.com'),
            apiKey: z.string().min(1),
            apiSecret: z.string().min(1),
            webhookSecret: z.string().min(1),
          })
          .strict()
          .optional(),
        onfido: z
          .object({
            baseUrl: z.url().default('https://api.eu.onfido.com'),
            apiToken: z.string().min(1),
            webhookSecret: z.string().min(1),
            workflowId: z.string().min(1),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    screening: z
      .object({
        /** Minimum match score (0–1) that opens a hit; overrides the policy's `screening.threshold` when set. */
        threshold: z.number().min(0).max(1).optional(),
        /** Share of a loaded list's entities an import may remove; more is refused (SCREENING_LIST_SHRUNK) unless forced. */
        maxRemovedShare: z.number().min(0).max(1).default(0.5),
        /** Lists fetched on a schedule (the official URLs, or a mirror). */
        sources: z
          .array(
            z
              .object({
                list: z.string().regex(LIST_NAME),
                url: z.url(),
                format: z.enum(LIST_FORMATS).optional(),
                intervalHours: z.number().min(0.01).max(24 * 30).default(24),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .prefault({}),
    intel: z
      .object({
        /** Disposable-email domain lists (one domain per line); the bundled lists when unset. */
        disposableEmailFiles: z.array(z.string().min(1)).optional(),
        /** Domains never treated as disposable, whatever the lists say. */
        emailAllowList: z.array(z.string().min(1)).default([]),
        /** MX look-up of the email domain; off by default (it needs DNS). */
        mx: z
          .object({
            enabled: z.boolean().default(false),
            /** DNS servers as host[:port]; the system's when empty. */
            servers: z.array(z.string().min(1)).default([]),
            timeoutMs: z.number().int().min(50).max(10_000).default(1500),
          })
          .strict()
          .prefault({}),
        /** Tor exit lists (torbulkexitlist format); `torRefresh` keeps one current. */
        torFiles: z.array(z.string().min(1)).default([]),
        /** Fetches the Tor exit list on a schedule into the data directory (e.g. https://check.torproject.org/torbulkexitlist). */
        torRefresh: z.object({ url: z.url(), intervalHours: z.number().min(0.01).max(24 * 7).default(1) }).strict().optional(),
        /** Data-centre / hosting and VPN CIDR lists; the bundled X4BNet lists when unset. */
        datacenterFiles: z.array(z.string().min(1)).optional(),
        vpnFiles: z.array(z.string().min(1)).optional(),
        /** start,end,country range files used when no MMDB gives a country; the bundled ones when unset. */
        countryRangeFiles: z.array(z.string().min(1)).optional(),
        /** MaxMind GeoIP2/GeoLite2 (or DB-IP) City/Country and ASN databases. */
        mmdbCity: z.string().min(1).optional(),
        mmdbAsn: z.string().min(1).optional(),
        minfraud: z
          .object({
            baseUrl: z.url().default('https://minfraud.maxmind.com'),
            accountId: z.string().min(1),
            licenseKey: z.string().min(1),
            service: z.enum(['score', 'insights']).default('score'),
            timeoutMs: z.number().int().min(50).max(10_000).default(1500),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    sms: z
      .object({
        /** `console` prints codes to stderr (local use); `twilio` sends them. */
        provider: z.enum(['console', 'twilio']).default('console'),
        twilio: z
          .object({
            baseUrl: z.url().default('https://api.twilio.com'),
            accountSid: z.string().min(1),
            authToken: z.string().min(1),
            from: z.string().min(1).optional(),
            messagingServiceSid: z.string().min(1).optional(),
            timeoutMs: z.number().int().min(50).max(30_000).default(5000),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    policy: z
      .object({
        /** How often a server looks for a policy applied on another node or by the CLI. */
        pollMs: z.number().int().min(100).max(600_000).default(2000),
      })
      .strict()
      .prefault({}),
    monitoring: z
      .object({
        /** Whether this server runs the monitoring rules (one node at a time does, by lease). */
        enabled: z.boolean().default(true),
        /** Most events one ingest request may carry. */
        maxBatch: z.number().int().min(1).max(100_000).default(10_000),
        /** Events the rule processor takes per transaction. */
        batchSize: z.number().int().min(1).max(50_000).default(5000),
        leaseMs: z.number().int().min(1000).max(600_000).default(15_000),
        /**
         * How long a customer's changed rule state may wait before it is checkpointed. Longer is
         * cheaper for busy customers; a node that takes over replays at most this much of their events.
         */
        checkpointMs: z.number().int().min(0).max(600_000).default(5000),
        /** How often a node looks for events ingested elsewhere (its own wake it at once). */
        pollMs: z.number().int().min(10).max(60_000).default(250),
      })
      .strict()
      .prefault({}),
    risk: z
      .object({
        /** A newer FATF jurisdictions CSV than the shipped one (same columns). */
        fatfFile: z.string().min(1).optional(),
        /** A newer comprehensively-sanctioned-countries CSV than the shipped one. */
        sanctionedCountriesFile: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    gate: z
      .object({
        /** How long a customer's entitlements and gate overrides are cached by the gate. */
        cacheTtlMs: z.number().int().min(0).max(600_000).default(5000),
        /** How often a server looks in the audit log for customers changed on other nodes, to drop them from that cache. */
        watchMs: z.number().int().min(50).max(60_000).default(1000),
      })
      .strict()
      .prefault({}),
    scheduler: z
      .object({
        /** How often time-based rules (KYC deadlines, verification expiry) are applied. */
        intervalMs: z.number().int().min(1000).max(3_600_000).default(60_000),
      })
      .strict()
      .prefault({}),
    metrics: z
      .object({
        enabled: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

type EnvType = 'string' | 'int' | 'number' | 'bool';

/** Environment variables and the config key each one sets. */
export const ENV_KEYS: ReadonlyArray<readonly [env: string, path: string, type: EnvType]> = [
  ['VIGIL_DATA_DIR', 'dataDir', 'string'],
  ['VIGIL_HOST', 'server.host', 'string'],
  ['VIGIL_PORT', 'server.port', 'int'],
  ['VIGIL_WORKERS', 'server.workers', 'int'],
  ['VIGIL_BODY_LIMIT_BYTES', 'server.bodyLimitBytes', 'int'],
  ['VIGIL_TRUST_PROXY', 'server.trustProxy', 'bool'],
  ['VIGIL_REQUEST_TIMEOUT_MS', 'server.requestTimeoutMs', 'int'],
  ['VIGIL_PUBLIC_URL', 'server.publicUrl', 'string'],
  ['VIGIL_DATABASE_URL', 'database.url', 'string'],
  ['VIGIL_DATABASE_POOL_SIZE', 'database.poolSize', 'int'],
  ['VIGIL_DATABASE_PREPARED_STATEMENTS', 'database.preparedStatements', 'bool'],
  ['VIGIL_SQLITE_SYNCHRONOUS', 'database.sqliteSynchronous', 'string'],
  ['VIGIL_SQLITE_BUSY_TIMEOUT_MS', 'database.busyTimeoutMs', 'int'],
  ['VIGIL_LOG_LEVEL', 'log.level', 'string'],
  ['VIGIL_LOG_REDACT_IPS', 'log.redactIps', 'bool'],
  ['VIGIL_IDEMPOTENCY_TTL_HOURS', 'idempotency.ttlHours', 'int'],
  ['VIGIL_WEBHOOKS_ENABLED', 'webhooks.enabled', 'bool'],
  ['VIGIL_WEBHOOKS_MAX_ATTEMPTS', 'webhooks.maxAttempts', 'int'],
  ['VIGIL_WEBHOOKS_TIMEOUT_MS', 'webhooks.timeoutMs', 'int'],
  ['VIGIL_WEBHOOKS_POLL_INTERVAL_MS', 'webhooks.pollIntervalMs', 'int'],
  ['VIGIL_AUDIT_SIGNING_KEY_FILE', 'audit.signingKeyFile', 'string'],
  ['VIGIL_VAULT_KEYRING_FILE', 'vault.keyringFile', 'string'],
  ['VIGIL_VAULT_KEYRING', 'vault.keyring', 'string'],
  ['VIGIL_VAULT_PG_SCHEMA', 'vault.pgSchema', 'string'],
  ['VIGIL_VAULT_MAX_FILE_BYTES', 'vault.maxFileBytes', 'int'],
  ['VIGIL_SCHEDULER_INTERVAL_MS', 'scheduler.intervalMs', 'int'],
  ['VIGIL_SCREENING_THRESHOLD', 'screening.threshold', 'number'],
  ['VIGIL_KYC_DEFAULT_VENDOR', 'kyc.defaultVendor', 'string'],
  ['VIGIL_KYC_REDIRECT_URL', 'kyc.redirectUrl', 'string'],
  ['VIGIL_SUMSUB_BASE_URL', 'kyc.sumsub.baseUrl', 'string'],
  ['VIGIL_SUMSUB_APP_TOKEN', 'kyc.sumsub.appToken', 'string'],
  ['VIGIL_SUMSUB_SECRET_KEY', 'kyc.sumsub.secretKey', 'string'],
  ['VIGIL_SUMSUB_WEBHOOK_SECRET', 'kyc.sumsub.webhookSecret', 'string'],
  ['VIGIL_SUMSUB_LEVEL', 'kyc.sumsub.levelName', 'string'],
  ['VIGIL_IDENFY_BASE_URL', 'kyc.idenfy.baseUrl', 'string'],
  ['VIGIL_IDENFY_API_KEY', 'kyc.idenfy.apiKey', 'string'],
  ['VIGIL_IDENFY_API_SECRET', 'kyc.idenfy.apiSecret', 'string'],
  ['VIGIL_IDENFY_WEBHOOK_SECRET', 'kyc.idenfy.webhookSecret', 'string'],
  ['VIGIL_ONFIDO_BASE_URL', 'kyc.onfido.baseUrl', 'string'],
  ['VIGIL_ONFIDO_API_TOKEN', 'kyc.onfido.apiToken', 'string'],
  ['VIGIL_ONFIDO_WEBHOOK_SECRET', 'kyc.onfido.webhookSecret', 'string'],
  ['VIGIL_ONFIDO_WORKFLOW_ID', 'kyc.onfido.workflowId', 'string'],
  ['VIGIL_METRICS_ENABLED', 'metrics.enabled', 'bool'],
  ['VIGIL_INTEL_MMDB_CITY', 'intel.mmdbCity', 'string'],
  ['VIGIL_INTEL_MMDB_ASN', 'intel.mmdbAsn', 'string'],
  ['VIGIL_INTEL_MX_ENABLED', 'intel.mx.enabled', 'bool'],
  ['VIGIL_MINFRAUD_BASE_URL', 'intel.minfraud.baseUrl', 'string'],
  ['VIGIL_MINFRAUD_ACCOUNT_ID', 'intel.minfraud.accountId', 'string'],
  ['VIGIL_MINFRAUD_LICENSE_KEY', 'intel.minfraud.licenseKey', 'string'],
  ['VIGIL_SMS_PROVIDER', 'sms.provider', 'string'],
  ['VIGIL_TWILIO_BASE_URL', 'sms.twilio.baseUrl', 'string'],
  ['VIGIL_TWILIO_ACCOUNT_SID', 'sms.twilio.accountSid', 'string'],
  ['VIGIL_TWILIO_AUTH_TOKEN', 'sms.twilio.authToken', 'string'],
  ['VIGIL_TWILIO_FROM', 'sms.twilio.from', 'string'],
  ['VIGIL_MONITORING_ENABLED', 'monitoring.enabled', 'bool'],
];
