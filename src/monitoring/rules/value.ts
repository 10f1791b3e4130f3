import type { EventScalar } from './event.js';

/**
 * What an expression evaluates to. Failures are values, not exceptions, so one bad rule or one
 * odd event never stops the others: an error propagates up to the rule, which then does not fire
 * and is reported. `null` is "unknown" (a missing field, no history) and follows SQL's
 * three-valued logic: comparisons with null are null, `all` is false if any part is false,
 * `any` true if any part is true, and a rule fires only when `when` is exactly true.
 */
export type Value = EventScalar | readonly EventScalar[] | null | EvalError;

export type EvalErrorCode = 'TYPE_MISMATCH' | 'DIVISION_BY_ZERO' | 'NOT_A_NUMBER' | 'STATE_MISMATCH' | 'EVENT_MALFORMED' | 'EVALUATION_FAILED';

export interface EvalError {
  readonly error: { readonly code: EvalErrorCode; readonly message: string };
}

export function evalError(code: EvalErrorCode, message: string): EvalError {
  return { error: { code, message } };
}

export function isError(v: Value): v is EvalError {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value a numeric operator returns for a non-number operand: unknown stays unknown. */
export function notNumber(v: Value, what: string): null | EvalError {
  if (v === null || isError(v)) return v;
  return evalError('TYPE_MISMATCH', `${what} expects a number, got ${describeValue(v)}`);
}

function describeValue(v: Exclude<Value, null | EvalError>): string {
  return Array.isArray(v) ? 'a list' : `${typeof v} ${JSON.stringify(v)}`;
}

/** Returned by `since_last` when no matching earlier event is retained, so "long ago" comparisons hold. */
export const SINCE_LAST_NEVER = Number.MAX_SAFE_INTEGER;

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** Human rendering for explanations: 29400 → "29,400", lists joined, unknown as "n/a". */
export function formatValue(v: Value): string {
  if (v === null) return 'n/a';
  if (typeof v === 'number') return v === SINCE_LAST_NEVER ? 'never' : NUMBER.format(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.map((x) => formatValue(x)).join(', ');
  return `error ${(v as EvalError).error.code}`;
}

export type AlertValue = number | string | boolean | null;

/**
 * Alert values are flat: lists become comma-separated text, errors become null. Numbers keep 12
 * significant digits: sums of decimal amounts carry binary noise (28599.989999999998).
 */
export function toAlertValue(v: Value): AlertValue {
  if (v === null || isError(v)) return null;
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'number' && Number.isFinite(v)) return Number(v.toPrecision(12));
  return v as EventScalar;
}
