/**
 * How values are normalised before their blind index is computed: two spellings of the same
 * address, number or document must meet in one digest. Only these fields are indexed.
 */
export const INDEXED_FIELDS = {
  email: (v: string) => v.trim().toLowerCase(),
  // Keep the leading + and digits: "+44 7700 900-461" and "+447700900461" are one number.
  phone: (v: string) => v.replace(/[^\d+]/g, ''),
  documentNumber: (v: string) => v.toUpperCase().replace(/[^A-Z0-9]/g, ''),
  registrationNumber: (v: string) => v.toUpperCase().replace(/[^A-Z0-9]/g, ''),
} as const;

export type IndexedField = keyof typeof INDEXED_FIELDS;

export function isIndexed(field: string): field is IndexedField {
  return Object.hasOwn(INDEXED_FIELDS, field);
}
