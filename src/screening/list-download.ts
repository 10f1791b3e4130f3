import { createWriteStream } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { pipeline } from 'node:stream/promises';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 3;

/**
 * GETs a published list file into `file`, following a few redirects (OFAC's download links
 * move), within `timeoutMs` for the whole transfer; a status other than 200 throws
 * `refused(status)`. Uses node:http rather than undici: undici 7 fails an assertion
 * (`assert(!this.paused)` in client-h1 `Parser.finish`) outside any promise, killing the
 * process, when a server ends an HTTP/1.0 body by closing the socket while the body is paused
 * by backpressure from the file — which is what Python's http.server does.
 */
export async function downloadTo(url: string, file: string, timeoutMs: number, refused: (status: number) => Error): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  let at = new URL(url);
  for (let hops = 0; ; hops += 1) {
    const res = await get(at, signal);
    const status = res.statusCode ?? 0;
    if (REDIRECTS.has(status) && res.headers.location && hops < MAX_REDIRECTS) {
      res.resume();
      at = new URL(res.headers.location, at);
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw refused(status);
    }
    // A body cut short of its Content-Length fails the response stream ("aborted"), so the pipeline rejects.
    await pipeline(res, createWriteStream(file), { signal });
    return;
  }
}

function get(url: URL, signal: AbortSignal): Promise<IncomingMessage> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new Error(`${url.protocol} URLs are not supported; use http or https`));
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsGet : httpGet)(url, { signal }, resolve);
    req.on('error', reject);
  });
}
