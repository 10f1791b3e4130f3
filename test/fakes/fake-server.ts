import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The node:http plumbing the vendor fakes share: a server on 127.0.0.1 and a free port that
 * collects each request body, then hangs, fails or routes it according to `mode` and answers JSON.
 */
export type FakeMode = 'normal' | 'hang' | 'fail';
export type Json = Record<string, unknown>;
export interface FakeRequest { method: string; path: string; headers: IncomingHttpHeaders; body: string }
export interface FakeReply { status: number; json: Json }

export interface FakeServer {
  url: string;
  /** hang: never answer (to trip the adapter's timeout); fail: answer with `fail(request)`. */
  mode: FakeMode;
  close(): Promise<void>;
}

export interface FakeHandlers {
  /** The answer in mode 'normal'. */
  route(req: FakeRequest): FakeReply;
  /** The answer in mode 'fail'. */
  fail(req: FakeRequest): FakeReply;
}

export async function startFakeServer(handlers: FakeHandlers): Promise<FakeServer> {
  const fake: FakeServer = { url: '', mode: 'normal', close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (fake.mode === 'hang') return;
      const request = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const reply = fake.mode === 'fail' ? handlers.fail(request) : handlers.route(request);
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
