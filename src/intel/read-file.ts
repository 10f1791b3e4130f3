import { readFile } from 'node:fs/promises';
import { VigilError } from '../core/errors.js';
import { IntelErrors } from './errors.js';

/** A data file's bytes, or INTEL_FILE_UNREADABLE naming the file, what it is and why. */
export async function readIntelFile(file: string, what = 'data file'): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new VigilError(IntelErrors.INTEL_FILE_UNREADABLE, `${what} ${file} cannot be read (${reason})`, { file, reason }, { cause: err });
  }
}
