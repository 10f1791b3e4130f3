import { createPublicKey, sign, verify } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.js';
import { VigilError } from '../core/errors.js';
import { AuditErrors } from './errors.js';
import { keyIdOf, type SigningKey } from './signing-key.js';

/** A signed statement "the chain had this hash at this sequence number", for anchoring elsewhere. */
export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  publicKey: string;
  /** Base64 Ed25519 signature over canonical JSON `{"hash":…,"seq":…}`. */
  signature: string;
}

function signedBytes(seq: number, hash: string): Buffer {
  return Buffer.from(canonicalJson({ seq, hash }), 'utf8');
}

export function signCheckpoint(key: SigningKey, head: { seq: number; hash: string }, at: string): Checkpoint {
  const signature = sign(null, signedBytes(head.seq, head.hash), key.privateKey).toString('base64');
  return { seq: head.seq, hash: head.hash, at, keyId: key.keyId, publicKey: key.publicKeyPem, signature };
}

/** Throws AUDIT_CHECKPOINT_INVALID unless the checkpoint is well formed and its signature holds. */
export function verifyCheckpointSignature(input: unknown): Checkpoint {
  const c = input as Partial<Checkpoint> | null;
  if (
    !c ||
    typeof c.seq !== 'number' ||
    !Number.isInteger(c.seq) ||
    typeof c.hash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(c.hash) ||
    typeof c.publicKey !== 'string' ||
    typeof c.signature !== 'string'
  ) {
    throw new VigilError(AuditErrors.AUDIT_CHECKPOINT_INVALID, 'a checkpoint needs seq, hash, publicKey and signature', {});
  }
  let ok = false;
  try {
    const publicKey = createPublicKey(c.publicKey);
    ok = verify(null, signedBytes(c.seq, c.hash), publicKey, Buffer.from(c.signature, 'base64'));
    if (ok && c.keyId && c.keyId !== keyIdOf(publicKey)) ok = false;
  } catch {
    ok = false;
  }
  if (!ok) throw new VigilError(AuditErrors.AUDIT_CHECKPOINT_INVALID, `the signature of checkpoint ${c.seq} does not verify`, { seq: c.seq });
  return c as Checkpoint;
}
