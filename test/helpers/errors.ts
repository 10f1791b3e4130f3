import { isVigilError } from '../../src/core/errors.js';

/** The VigilError code a promise rejects with, or a description of what happened instead. */
export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(() => null, (e: unknown) => e);
  return isVigilError(err) ? err.code : `not a VigilError: ${String(err)}`;
}

/** The VigilError code a function throws, or a description of what happened instead. */
export function thrownCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return isVigilError(e) ? e.code : `not a VigilError: ${String(e)}`;
  }
  return 'did not throw';
}
