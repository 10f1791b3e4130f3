import { Agent, interceptors, request, type Dispatcher } from 'undici';

let agent: Dispatcher | null = null;

/**
 * GETs a published file (a sanctions list, the Tor exit list) and answers its body when the
 * status is 200; otherwise drains the answer and throws `refused(status)`. Publishers move files
 * behind redirects (OFAC's download links do), so a few are followed.
 */
export async function fetchPublished(url: string, timeoutMs: number, refused: (status: number) => Error): Promise<Dispatcher.ResponseData['body']> {
  agent ??= new Agent().compose(interceptors.redirect({ maxRedirections: 3 }));
  const res = await request(url, { dispatcher: agent, signal: AbortSignal.timeout(timeoutMs) });
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw refused(res.statusCode);
  }
  return res.body;
}
