/**
 * Canonical JSON (after RFC 8785): object keys sorted by UTF-16 code units, no insignificant
 * white space, ECMAScript number formatting, `undefined` members dropped. The same value
 * always encodes to the same bytes, so hashes over it are reproducible anywhere.
 *
 * Every decision, audit record and idempotent request is hashed through it, several times per
 * sign-up, so it appends to one string rather than building and joining arrays of entries.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '');
}

function encode(value: unknown, out: string): string {
  if (value === null) return out + 'null';
  switch (typeof value) {
    case 'boolean':
      return out + (value ? 'true' : 'false');
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot encode a non-finite number');
      return out + JSON.stringify(value);
    case 'string':
      return out + JSON.stringify(value);
    case 'object': {
      if (value instanceof Date) return out + JSON.stringify(value.toISOString());
      if (Array.isArray(value)) {
        out += '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const v: unknown = value[i];
          out = v === undefined ? out + 'null' : encode(v, out);
        }
        return out + ']';
      }
      const record = value as Record<string, unknown>;
      // The default sort compares UTF-16 code units, as RFC 8785 orders keys.
      const keys = Object.keys(record).sort();
      out += '{';
      let first = true;
      for (const key of keys) {
        const v = record[key];
        if (v === undefined) continue;
        out += first ? JSON.stringify(key) + ':' : ',' + JSON.stringify(key) + ':';
        first = false;
        out = encode(v, out);
      }
      return out + '}';
    }
    default:
      throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
  }
}
