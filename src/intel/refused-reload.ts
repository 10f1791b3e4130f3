import { isVigilError } from '../core/errors.js';
import type { Executor } from '../db/executor.js';

/** A reload of the intel files that was refused: nothing was loaded anywhere and the previous data stayed. */
export interface RefusedReload {
  at: string;
  /** Who asked: `cli`, the API key's actor, `system:tor-refresh`. */
  by: string;
  force: boolean;
  code: string;
  message: string;
  /** The error's context: the file, and for INTEL_LIST_SHRUNK the loaded and new entry counts. */
  context: Record<string, unknown>;
  /** The reload sequence number in force when it was refused. */
  reloadSeq: number;
}

// A message names a file and what is wrong with it; anything longer is not worth a row.
const MAX_MESSAGE = 2000;

export function refusalOf(err: unknown, by: string, force: boolean, at: string, reloadSeq: number): RefusedReload {
  const vigil = isVigilError(err);
  const message = (err instanceof Error ? err.message : String(err)).slice(0, MAX_MESSAGE);
  return { at, by, force, code: vigil ? err.code : 'INTERNAL_ERROR', message, context: vigil ? { ...err.context } : {}, reloadSeq };
}

export async function recordRefusal(db: Executor, refusal: RefusedReload): Promise<void> {
  await db.updateTable('intel_state').set({ last_refused: JSON.stringify(refusal) }).where('id', '=', 1).execute();
}

/** The last refusal, and whether a reload was accepted after it. */
export async function lastRefusal(db: Executor): Promise<(RefusedReload & { superseded: boolean }) | null> {
  const row = await db.selectFrom('intel_state').select(['reload_seq', 'last_refused']).where('id', '=', 1).executeTakeFirst();
  if (!row?.last_refused) return null;
  const refusal = JSON.parse(row.last_refused) as RefusedReload;
  return { ...refusal, superseded: row.reload_seq > refusal.reloadSeq };
}
