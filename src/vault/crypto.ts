import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { randomBytesPooled } from '../core/ids.js';

/**
 * AES-256-GCM with a random 96-bit nonce; output is nonce ‖ tag ‖ ciphertext. The associated
 * data binds a ciphertext to where it belongs (subject and field), so a value copied into
 * another row or field fails to decrypt instead of being read as the wrong person's data.
 */
export function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytesPooled(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Throws when the ciphertext, its tag or the associated data do not match. */
export function open(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < 28) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}

export function newDataKey(): Buffer {
  return randomBytesPooled(32);
}

/** Keyed blind index: equal normalised values give equal digests, and nothing else can be read from it. */
export function blindIndex(indexKey: Buffer, field: string, normalised: string): string {
  return createHmac('sha256', indexKey).update(`${field}\u0000${normalised}`).digest('hex');
}

/**
 * A keyed pseudorandom function on 32-bit values (AES on one zero-padded block each, truncated):
 * equal inputs give equal outputs under one key, and without the key the outputs say nothing
 * about the inputs — even when, like hashes of name words, those come from a small dictionary.
 */
export function keyedTag32(key: Buffer, values: Int32Array): Int32Array {
  const blocks = Buffer.alloc(values.length * 16);
  for (let i = 0; i < values.length; i++) blocks.writeInt32LE(values[i]!, i * 16);
  const cipher = createCipheriv('aes-256-ecb', key, null);
  cipher.setAutoPadding(false);
  const out = Buffer.concat([cipher.update(blocks), cipher.final()]);
  const tags = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) tags[i] = out.readInt32LE(i * 16);
  return tags;
}

