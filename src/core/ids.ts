import { randomBytes, randomUUID } from 'node:crypto';

/** Prefixed, sortable-enough random ids: `whk_3f…`. The prefix tells a reader what the id names. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

export function newUuid(): string {
  return randomUUID();
}
