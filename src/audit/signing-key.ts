import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { VigilError } from '../core/errors.js';
import { sha256Hex } from '../core/hash.js';
import { AuditErrors } from './errors.js';

export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  /** First 16 hex digits of SHA-256 over the public key (SPKI DER). */
  keyId: string;
}

export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ format: 'der', type: 'spki' })).slice(0, 16);
}

/**
 * Loads the Ed25519 checkpoint key from a PKCS#8 PEM file, creating it (mode 0600) on first
 * use. Several nodes that should sign with one key point `audit.signingKeyFile` at one file.
 */
export function loadOrCreateSigningKey(file: string): SigningKey {
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file));
  } catch (err) {
    throw new VigilError(AuditErrors.AUDIT_SIGNING_KEY_INVALID, `cannot read the audit signing key ${file}: ${(err as Error).message}`, { file });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new VigilError(AuditErrors.AUDIT_SIGNING_KEY_INVALID, `the audit signing key ${file} must be an Ed25519 key`, { file });
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(), keyId: keyIdOf(publicKey) };
}
