import type { Keyring } from './keyring.js';
import type { VaultService } from './vault.service.js';

export interface RotationReport {
  newKeyId: string;
  rewrapped: number;
  retired: string[];
  kept: Record<string, number>;
}

/** How long running servers may keep using the previous keyring (see Keyring's re-check interval). */
export const KEYRING_SETTLE_MS = 6000;

/**
 * Rotates the vault master key while servers keep running: add a new current key, re-wrap
 * every data key, wait until every server has re-read the keyring, re-wrap what they wrapped
 * meanwhile, and only then retire old keys that wrap nothing.
 */
export async function rotateMasterKey(
  vault: VaultService,
  keyring: Keyring,
  opts: { settleMs?: number; keepOld?: boolean; onProgress?: (done: number) => void } = {},
): Promise<RotationReport> {
  const newKeyId = keyring.rotate();
  let rewrapped = await vault.rewrapAll(opts.onProgress);
  await new Promise((r) => setTimeout(r, opts.settleMs ?? KEYRING_SETTLE_MS));
  rewrapped += await vault.rewrapAll(opts.onProgress);
  const usage = await vault.keyUsage();
  const retired: string[] = [];
  const kept: Record<string, number> = {};
  for (const id of keyring.masterIds()) {
    if (id === newKeyId) continue;
    const uses = usage[id] ?? 0;
    if (uses === 0 && !opts.keepOld) {
      keyring.retire(id);
      retired.push(id);
    } else kept[id] = uses;
  }
  return { newKeyId, rewrapped, retired, kept };
}
