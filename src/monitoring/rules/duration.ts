const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export const DURATION_PATTERN = /^(\d+)(ms|s|m|h|d|w)$/;
export const DURATION_HINT = 'a duration like 90s, 10m, 24h or 7d (units ms, s, m, h, d, w)';

/** Milliseconds in a duration such as `90s` or `7d`, or null when the text is not one. */
export function parseDuration(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = DURATION_PATTERN.exec(text);
  if (!m) return null;
  const ms = Number(m[1]) * UNIT_MS[m[2]!]!;
  return ms > 0 && Number.isSafeInteger(ms) ? ms : null;
}
