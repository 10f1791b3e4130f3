import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of a value's canonical JSON: the one way Vigil fingerprints structured data. */
export function hashOf(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
