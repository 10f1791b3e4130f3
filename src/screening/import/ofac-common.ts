import type { EntityType } from '../entity.js';

/** Generational suffixes OFAC writes as a comma-separated part: "DELOS REYES, Feliciano, Jr.". */
const SUFFIX = /^(?:jr|sr|ii|iii|iv|v)\.?$/i;

/**
 * An OFAC person name in display order. The CSV writes "LAST, Given Names" (sometimes with a
 * suffix part: "KNOWLES, JR., Samuel", "DELOS REYES, Feliciano Semborio, Jr."); the display
 * form is "Given Names LAST Jr.". Names without a comma are returned as written.
 */
export function personName(raw: string): string {
  const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const [last, ...rest] = parts;
  if (!last || rest.length === 0) return raw.trim();
  const given = rest.filter((p) => !SUFFIX.test(p));
  const suffixes = rest.filter((p) => SUFFIX.test(p));
  return [...given, last, ...suffixes].join(' ');
}

/** "First" and "LAST" from sdn.xml joined in display order. */
export function joinName(first: string | null, last: string | null): string {
  return [first, last].filter(Boolean).join(' ');
}

/**
 * OFAC programme tags. The CSV packs several into one field as "SDGT] [IRGC" (the brackets of
 * the fixed-width format leaking through); split on the brackets and any stray ones.
 */
export function splitPrograms(field: string | null): string[] {
  if (!field) return [];
  return field.split(/\]\s*\[/).map((p) => p.replace(/[[\]]/g, '').trim()).filter(Boolean);
}

/** OFAC's SDN_Type / sdnType → EntityType; the CSV leaves it empty (`-0-`) for entities. */
export function ofacEntityType(raw: string | null): EntityType {
  switch (raw?.trim().toLowerCase()) {
    case 'individual':
      return 'person';
    case 'vessel':
      return 'vessel';
    case 'aircraft':
      return 'aircraft';
    case undefined:
    case '':
    case 'entity':
      return 'organization';
    default:
      return 'unknown';
  }
}
