import { randomFillSync } from 'node:crypto';

/**
 * Random bytes are taken from a pool refilled in one call, instead of one call into the system's
 * generator (and one new buffer) per id: an id is minted for nearly every row written.
 */
const pool = Buffer.alloc(4096);
let used = pool.length;

function random(n: number): Buffer {
  if (used + n > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += n;
  return pool.subarray(used - n, used);
}

/**
 * `n` random bytes of the system's generator, in a buffer of their own (keys, nonces): from the
 * pool, which costs a copy instead of a call into the generator and a new buffer each time.
 */
export function randomBytesPooled(n: number): Buffer {
  return Buffer.from(random(n));
}

/** The time in milliseconds as 12 hex digits (48 bits: until the year 10889). */
function timeHex(): string {
  return Date.now().toString(16).padStart(12, '0');
}

/**
 * Prefixed ids that sort by creation time: `whk_` + 12 hex digits of milliseconds + 12 random hex
 * digits. The prefix tells a reader what the id names; the time order keeps a table's new rows
 * together at the end of its index instead of scattered over its pages, so a commit writes far
 * fewer pages. 48 random bits make a collision within one millisecond negligible.
 */
export function newId(prefix: string): string {
  return `${prefix}_${timeHex()}${random(6).toString('hex')}`;
}

/** A version 7 UUID (RFC 9562): time-ordered like `newId`, for ids that leave Vigil as UUIDs (events). */
export function newUuid(): string {
  const hex = timeHex() + random(10).toString('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
