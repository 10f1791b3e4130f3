import { Writable } from 'node:stream';

/** A log destination that keeps every line written to it, for tests that search the logs. */
export function logSink(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { stream, lines };
}
