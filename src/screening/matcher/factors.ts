import type { EntityIdentifier, EntityType, NameKind } from '../entity.js';

export type FactorName = 'birth_date' | 'country' | 'type' | 'identifier' | 'weak_alias';

export interface Factor {
  factor: FactorName;
  /** Added to the name score (the sum is clamped to 0..1). */
  effect: number;
  detail: string;
}

/**
 * Effects of the facts beyond the name. Corroboration adds little (a shared birth year is
 * common), contradiction subtracts more, and an identifier match is strong enough to lift a
 * name that alone would stay below the threshold.
 */
export const EFFECTS = {
  exactBirthDate: 0.05,
  birthYear: 0.03,
  birthYearConflict: -0.15,
  countryMatch: 0.03,
  countryConflict: -0.03,
  personVersusOther: -0.25,
  otherKindConflict: -0.1,
  identifier: 0.35,
  weakAlias: -0.1,
} as const;

/** The largest total a query without identifiers can gain from factors. */
export const MAX_CORROBORATION = EFFECTS.exactBirthDate + EFFECTS.countryMatch;

interface DateSpan {
  from: number;
  to: number;
  full: string | null;
}

/** `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `YYYY..YYYY` → a year span (and the full date if given). */
export function parseDate(value: string): DateSpan | null {
  const range = /^(\d{4})\s*\.\.\s*(\d{4})$/.exec(value.trim());
  if (range) return { from: Number(range[1]), to: Number(range[2]), full: null };
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value.trim());
  if (!m) return null;
  const year = Number(m[1]);
  return { from: year, to: year, full: m[2] && m[3] ? `${m[1]}-${m[2]}-${m[3]}` : null };
}

/** Birth date: same date or year corroborates, a year two or more apart from every listed one contradicts. */
export function birthDateFactor(query: string | undefined, listed: readonly string[]): Factor | null {
  const q = query ? parseDate(query) : null;
  if (!q) return null;
  const spans = listed.map(parseDate).filter((d): d is DateSpan => d !== null);
  if (spans.length === 0) return null;
  if (q.full && spans.some((d) => d.full === q.full)) return { factor: 'birth_date', effect: EFFECTS.exactBirthDate, detail: `born ${q.full} as listed` };
  let nearest = Infinity;
  for (const d of spans) nearest = Math.min(nearest, q.from < d.from ? d.from - q.from : q.from > d.to ? q.from - d.to : 0);
  if (nearest === 0) return { factor: 'birth_date', effect: EFFECTS.birthYear, detail: `birth year ${q.from} as listed` };
  if (nearest === 1) return { factor: 'birth_date', effect: 0, detail: `birth year ${q.from} within a year of the listed ${listed.join(', ')}` };
  return { factor: 'birth_date', effect: EFFECTS.birthYearConflict, detail: `birth year ${q.from}, listed ${listed.join(', ')}` };
}

export function countryFactor(query: string | undefined, listed: readonly string[]): Factor | null {
  if (!query || listed.length === 0) return null;
  const code = query.toUpperCase();
  if (listed.includes(code)) return { factor: 'country', effect: EFFECTS.countryMatch, detail: `${code} is among the listed countries` };
  return { factor: 'country', effect: EFFECTS.countryConflict, detail: `${code} is not among the listed ${listed.join(', ')}` };
}

export function typeFactor(query: EntityType | undefined, listed: EntityType): Factor | null {
  if (!query || query === 'unknown' || listed === 'unknown' || query === listed) return null;
  const personMismatch = query === 'person' || listed === 'person';
  const effect = personMismatch ? EFFECTS.personVersusOther : EFFECTS.otherKindConflict;
  return { factor: 'type', effect, detail: `a ${query} was screened, the listed entity is a ${listed}` };
}

/** Identifiers compare on letters and digits only, upper-cased ("AB 12-345" = "ab12345"). */
export const normalizeIdentifier = (value: string): string => value.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');

export function identifierFactor(query: ReadonlyArray<{ type?: string; value: string }> | undefined, listed: readonly EntityIdentifier[]): Factor | null {
  if (!query || listed.length === 0) return null;
  for (const q of query) {
    const value = normalizeIdentifier(q.value);
    if (value.length < 4) continue;
    const hit = listed.find((l) => normalizeIdentifier(l.value) === value && (!q.type || q.type === l.type || l.type === 'other'));
    if (hit) return { factor: 'identifier', effect: EFFECTS.identifier, detail: `${hit.type} ${hit.value} matches` };
  }
  return null;
}

export function weakAliasFactor(kind: NameKind): Factor | null {
  return kind === 'weak_alias' ? { factor: 'weak_alias', effect: EFFECTS.weakAlias, detail: 'matched a weak (low-quality) alias' } : null;
}
