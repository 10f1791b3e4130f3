import { z } from 'zod';
import { VigilError } from '../../core/errors.js';
import { MonitoringRuleErrors } from './errors.js';
import { MONITORING_EVENT_TYPES, type MonitoringEventType } from './event.js';

const dataValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const storedEvent = z.tuple([z.string(), z.number(), z.number(), z.record(z.string(), dataValue)]);

/**
 * The checkpoint format. Tuples rather than objects because a busy customer's state holds
 * thousands of events and it is written after every batch.
 */
const stateJsonSchema = z
  .object({
    v: z.literal(1),
    customerId: z.string().min(1),
    newestAt: z.number().nullable(),
    /** Per type: [id, seq, occurredAt, data] sorted by occurredAt. */
    events: z.partialRecord(z.enum(MONITORING_EVENT_TYPES), z.array(storedEvent)),
    /** Per baseline name: [key, average, count, last update]; '' is the key of an unkeyed baseline. */
    baselines: z.record(z.string(), z.array(z.tuple([z.string(), z.number(), z.number().int().min(0), z.number()]))),
    /** [rule id + NUL + alert key, occurredAt it last fired]. */
    fired: z.array(z.tuple([z.string(), z.number()])),
  })
  .strict();

export type CustomerMonitorStateJSON = {
  v: 1;
  customerId: string;
  newestAt: number | null;
  events: Partial<Record<MonitoringEventType, Array<[string, number, number, Record<string, string | number | boolean | readonly string[]>]>>>;
  baselines: Record<string, Array<[string, number, number, number]>>;
  fired: Array<[string, number]>;
};

export function parseStateJSON(json: unknown): CustomerMonitorStateJSON {
  const r = stateJsonSchema.safeParse(json);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new VigilError(MonitoringRuleErrors.MONITORING_STATE_INVALID, `monitoring state /${issue.path.join('/')}: ${issue.message}`);
}
