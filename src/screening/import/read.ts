import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { VigilError } from '../../core/errors.js';
import { ScreeningErrors } from '../errors.js';

const isGzip = (path: string) => path.endsWith('.gz');

/**
 * The file as a UTF-8 text stream, gunzipped when it ends in `.gz`. A truncated gzip file fails
 * the stream with SCREENING_FILE_MALFORMED instead of ending early, so half a list never loads.
 */
export function openText(path: string): Readable {
  const raw = createReadStream(path);
  raw.on('error', () => undefined);
  if (!isGzip(path)) return raw.setEncoding('utf8');
  const gunzip = createGunzip();
  raw.on('error', (err) => gunzip.destroy(unreadable(path, err)));
  gunzip.on('error', () => undefined);
  const out = raw.pipe(gunzip);
  out.setEncoding('utf8');
  return out;
}

/** The first `bytes` characters (decompressed), for format detection. */
export async function readHead(path: string, bytes = 4096): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw unreadable(path, err);
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

function unreadable(path: string, err: unknown): VigilError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR') return malformed(path, 'the gzip data is truncated or corrupt');
  return new VigilError(ScreeningErrors.SCREENING_FILE_UNREADABLE, `cannot read ${path}: ${(err as Error).message}`, { file: path }, { cause: err });
}
