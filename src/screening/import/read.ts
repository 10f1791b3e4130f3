import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { isVigilError, VigilError } from '../../core/errors.js';
import { ScreeningErrors } from '../errors.js';

const isGzip = (path: string) => path.endsWith('.gz');

/** Where a reader counts the bytes it has read of the file (before decompression): a progress bar's numerator. */
export interface ReadProgress {
  bytesRead?: number;
}

/**
 * The file as a UTF-8 text stream, gunzipped when it ends in `.gz`. A truncated gzip file fails
 * the stream with SCREENING_FILE_MALFORMED instead of ending early, so half a list never loads.
 */
export function openText(path: string, progress?: ReadProgress): Readable {
  const source = createReadStream(path);
  if (progress) source.on('data', (chunk) => (progress.bytesRead = (progress.bytesRead ?? 0) + chunk.length));
  const out = new PassThrough({ encoding: 'utf8' });
  // One place turns file-system and zlib errors into coded errors every parser can pass on.
  const fail = (err: NodeJS.ErrnoException | null) => {
    if (err) out.destroy(streamFailure(path, err));
  };
  if (isGzip(path)) pipeline(source, createGunzip(), out, fail);
  else pipeline(source, out, fail);
  return out;
}

/** The first `bytes` characters (decompressed), for format detection. */
export async function readHead(path: string, bytes = 4096): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw streamFailure(path, err);
  }
  try {
    const buf = Buffer.alloc(isGzip(path) ? 64 * 1024 : bytes);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    if (!isGzip(path)) return head.toString('utf8');
    try {
      return gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH: a prefix is enough */ }).toString('utf8').slice(0, bytes);
    } catch {
      return '';
    }
  } finally {
    await handle.close();
  }
}

/** Lines of a text stream, without line terminators (CRLF or LF). */
export async function* lines(stream: Readable): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    const parts = (rest + chunk).split(/\r?\n/);
    rest = parts.pop() ?? '';
    yield* parts;
  }
  if (rest) yield rest;
}

export function malformed(path: string, message: string, context: Record<string, unknown> = {}): VigilError {
  return new VigilError(ScreeningErrors.SCREENING_FILE_MALFORMED, `${path}: ${message}`, { file: path, ...context });
}

/**
 * The coded error for any failure while reading a list file: corrupt or cut compressed data is
 * SCREENING_FILE_MALFORMED, anything else SCREENING_FILE_UNREADABLE; coded errors pass through.
 */
export function streamFailure(path: string, err: unknown): VigilError {
  if (isVigilError(err)) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) return malformed(path, 'the gzip data is truncated or corrupt');
  return new VigilError(ScreeningErrors.SCREENING_FILE_UNREADABLE, `cannot read ${path}: ${(err as Error).message}`, { file: path }, { cause: err });
}
