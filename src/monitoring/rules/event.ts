import { z } from 'zod';

export const MONITORING_EVENT_TYPES = ['payment.deposit', 'payment.withdrawal', 'crypto.deposit', 'crypto.withdrawal', 'proxy.usage', 'account.login'] as const;
export type MonitoringEventType = (typeof MONITORING_EVENT_TYPES)[number];
/** Position of each type in MONITORING_EVENT_TYPES, so per-type state can live in arrays. */
export const EVENT_TYPE_INDEX = Object.fromEntries(MONITORING_EVENT_TYPES.map((t, i) => [t, i])) as Readonly<Record<MonitoringEventType, number>>;

export type EventScalar = string | number | boolean;
/** A flat record of scalars (and string lists); validated per type with EVENT_DATA_SCHEMAS. */
export type EventData = Readonly<Record<string, EventScalar | readonly string[]>>;

export interface MonitoringEvent {
  /** The operator's event id. */
  id: string;
  /** Ingestion order, assigned by the store (monotonic). */
  seq: number;
  type: MonitoringEventType;
  customerId: string;
  /** Epoch milliseconds. */
  occurredAt: number;
  data: EventData;
}

/** Positive, in major units (euros, not cents; BTC, not satoshis). */
const amount = z.number().positive().finite();

const payment = z
  .object({
    amount,
    /** ISO 4217 code; the format is checked, not membership, so a newly issued code is not refused. */
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
    method: z.enum(['card', 'bank_transfer', 'ewallet', 'crypto', 'cash', 'other']).optional(),
    /**
     * Whether the payer or card holder's name matches the customer's. The ingest layer compares the
     * names (which live in the vault) and passes only this flag, so no name reaches monitoring.
     */
    payerNameMatches: z.boolean().optional(),
    /** Opaque fingerprint of the card or account, never its number. */
    instrument: z.string().min(1).max(200).optional(),
  })
  .strict();

const crypto = z
  .object({
    amount,
    asset: z.string().regex(/^[A-Za-z0-9._-]{1,20}$/, 'must be an asset symbol such as BTC or USDT'),
    address: z.string().min(1).max(128),
    txHash: z.string().min(1).max(128).optional(),
    /** 0 (nothing known) … 100 (sanctioned), from KYT address screening by the ingest layer. */
    addressRisk: z.number().min(0).max(100).optional(),
    /** Screening flags such as `sanctioned`, `mixer`, from the ingest layer. */
    addressFlags: z.array(z.string().min(1).max(64)).max(32).optional(),
  })
  .strict();

/**
 * One report from the proxy gateway: `requests` made to `host:port` during the interval. Gateways
 * usually report one row per host, port, method, path and status per interval, so rules sum
 * `requests` rather than count events.
 */
const proxyUsage = z
  .object({
    // Lower-cased so that per-host windows and baselines do not split on spelling.
    host: z.string().min(1).max(253).toLowerCase(),
    port: z.number().int().min(1).max(65535),
    method: z.string().min(1).max(16).toUpperCase().optional(),
    path: z.string().max(2048).optional(),
    status: z.number().int().min(100).max(599).optional(),
    requests: z.number().int().min(1),
    bytes: z.number().int().min(0).optional(),
    intervalSeconds: z.number().int().min(1).default(60),
  })
  .strict();

/** IP addresses and device ids are kept only if a rule reads them; no seed rule does. */
const login = z
  .object({
    ip: z.union([z.ipv4(), z.ipv6()]).optional(),
    deviceId: z.string().min(1).max(200).optional(),
    success: z.boolean(),
  })
  .strict();

/** The data each event type carries; unknown fields are refused. */
export const EVENT_DATA_SCHEMAS = {
  'payment.deposit': payment,
  'payment.withdrawal': payment,
  'crypto.deposit': crypto,
  'crypto.withdrawal': crypto,
  'proxy.usage': proxyUsage,
  'account.login': login,
} as const satisfies Record<MonitoringEventType, z.ZodType>;

export type FieldType = 'number' | 'string' | 'boolean' | 'list';

/** Fields every event has besides its data; rules read them with `field:` like data fields. */
export const BUILTIN_FIELDS: Readonly<Record<string, FieldType>> = { type: 'string', occurredAt: 'number', customerId: 'string' };

function fieldType(schema: z.ZodType): FieldType {
  const inner = schema instanceof z.ZodOptional || schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
  if (inner instanceof z.ZodNumber) return 'number';
  if (inner instanceof z.ZodBoolean) return 'boolean';
  if (inner instanceof z.ZodArray) return 'list';
  return 'string';
}

/** Field name → type per event type, derived from the schemas so the two cannot disagree. */
export const EVENT_FIELDS: Readonly<Record<MonitoringEventType, Readonly<Record<string, FieldType>>>> = Object.fromEntries(
  MONITORING_EVENT_TYPES.map((t) => [t, Object.fromEntries(Object.entries(EVENT_DATA_SCHEMAS[t].shape).map(([k, s]) => [k, fieldType(s as z.ZodType)]))]),
) as Record<MonitoringEventType, Record<string, FieldType>>;

export function isMonitoringEventType(value: unknown): value is MonitoringEventType {
  return typeof value === 'string' && (MONITORING_EVENT_TYPES as readonly string[]).includes(value);
}
