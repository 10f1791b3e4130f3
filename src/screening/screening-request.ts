import { z } from 'zod';
import { isCountryCode, isIsoDate } from '../customers/validation.js';

/**
 * A name screening request as `POST /v1/screenings` takes it, and as every line of
 * `vigil screen --input` and the flags of `vigil screen` are checked: one schema, so a value
 * the API refuses is not screened (and silently misread) by the CLI.
 */

/** Matches returned when no `limit` is asked for. */
export const DEFAULT_SCREENING_LIMIT = 10;
/** Most matches one request may ask for: beyond it a name is too common to review match by match. */
export const MAX_SCREENING_LIMIT = 100;

/** A real date written YYYY, YYYY-MM or YYYY-MM-DD (lists give birth dates as precisely as they know them). */
export function isPartialDate(value: string): boolean {
  if (/^\d{4}$/.test(value)) return true;
  const month = /^\d{4}-(\d{2})$/.exec(value);
  if (month) return Number(month[1]) >= 1 && Number(month[1]) <= 12;
  return isIsoDate(value);
}

export const birthDateSchema = z.string().refine(isPartialDate, 'must be a real date written YYYY, YYYY-MM or YYYY-MM-DD');
export const countrySchema = z.string().refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 code such as DE');
export const entityTypeSchema = z.enum(['person', 'organization', 'vessel', 'aircraft']);
export const thresholdSchema = z.number().min(0).max(1);
export const limitSchema = z.number().int().min(1).max(MAX_SCREENING_LIMIT);

/** What is matched: the name and the facts that corroborate or contradict a listed entity. */
export const screeningQuerySchema = z.strictObject({
  name: z.string({ error: (issue) => (issue.input === undefined ? 'required' : undefined) }).trim().min(1).max(300),
  type: entityTypeSchema.optional(),
  birthDate: birthDateSchema.optional(),
  country: countrySchema.optional(),
  identifiers: z.array(z.strictObject({ type: z.string().max(40).optional(), value: z.string().min(1).max(100) })).max(20).optional(),
});

const requestFields = {
  // `dob` as the CLI and the batch files spell it (DESIGN.md); one of the two, not both.
  dob: birthDateSchema.optional(),
  threshold: thresholdSchema.optional(),
  limit: limitSchema.optional(),
  // An empty list would screen against nothing and answer a clean "no match".
  lists: z.array(z.string().max(64)).min(1).max(50).optional(),
};
const oneBirthDate = { message: 'give the birth date as birthDate or as dob, not both', path: ['dob'] };

/** The body of `POST /v1/screenings`. */
export const screeningRequestSchema = screeningQuerySchema.extend(requestFields).refine((b) => b.dob === undefined || b.birthDate === undefined, oneBirthDate);

/** A line of `vigil screen --input`: a request with the caller's `id` to echo back (the line number without one). */
export const screeningBatchLineSchema = screeningQuerySchema
  .extend({ ...requestFields, id: z.union([z.string().max(200), z.number()], { error: 'must be a string or a number' }).optional() })
  .refine((b) => b.dob === undefined || b.birthDate === undefined, oneBirthDate);

export type ScreeningRequest = z.infer<typeof screeningRequestSchema>;

/** The request's query (`dob` read as the birth date) and its options for ScreeningService.screen. */
export function splitRequest(req: ScreeningRequest): { query: z.infer<typeof screeningQuerySchema>; options: { threshold?: number; limit?: number; lists?: string[] } } {
  const { threshold, limit, lists, dob, ...query } = req;
  return {
    query: dob === undefined ? query : { ...query, birthDate: dob },
    options: { ...(threshold !== undefined ? { threshold } : {}), ...(limit !== undefined ? { limit } : {}), ...(lists ? { lists } : {}) },
  };
}

/**
 * A zod failure as "field: reason; …", for messages that are not an API problem document. An issue
 * of the whole value has no field to name; an unrecognised key is named as the key itself, since
 * that is what the writer of the line has to find and remove.
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map(describeIssue).join('; ');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  if (issue.code === 'unrecognized_keys') return `${where}unrecognized key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  return `${where}${issue.message}`;
}
