import { PassThrough, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { allowDecision, denyDecision, type GateDecision } from './decision.js';
import { Gate, type GateCustomer } from './gate.js';
import { GatePolicySchema } from './gate-policy.js';
import { runSquidHelper, type SquidCheck, type SquidHelperOptions } from './squid-helper.js';

const allowAll: SquidCheck = (_customer, host) => allowDecision('allowed', `${host} is allowed`);

/** Feeds `input` (in the given chunks) to a helper over real streams; answers come back as lines. */
async function serve(chunks: string[], check: SquidCheck, options?: SquidHelperOptions) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const done = runSquidHelper(input, output, check, options);
  for (const chunk of chunks) {
    input.write(chunk);
    await sleep(1);
  }
  input.end();
  const stats = await done;
  return { stats, lines: text.split('\n').filter((line) => line !== ''), ended: output.writableEnded };
}

describe('runSquidHelper', () => {
  it('answers many concurrent channels out of order, each behind its own channel id', async () => {
    const requests = Array.from({ length: 300 }, (_, i) => `${i} cus_${i % 7} host${i}.example ${1000 + i}`);
    const check: SquidCheck = async (customer, host, port) => {
      await sleep((300 - port + 1000) % 5);
      return port % 2 === 0 ? allowDecision('allowed', `${customer} ${host}`) : denyDecision('operator_denied', `${customer} ${host}`);
    };
    const { stats, lines, ended } = await serve([`${requests.join('\n')}\n`], check);
    expect(stats).toEqual({ lines: 300, ok: 150, err: 150, bh: 0 });
    expect(lines).toHaveLength(300);
    expect(lines.map((l) => Number(l.split(' ')[0]))).not.toEqual([...Array(300).keys()]);
    for (const line of lines) {
      const channel = Number(line.split(' ')[0]);
      const expected = (1000 + channel) % 2 === 0 ? 'OK' : 'ERR';
      expect(line).toBe(`${channel} ${expected} message="cus_${channel % 7} host${channel}.example" log=${expected === 'OK' ? 'allowed' : 'operator_denied'}`);
    }
    expect(ended).toBe(true);
  });

  it('decodes URL-encoded tokens, ignores %DATA, and reassembles lines split across chunks', async () => {
    const seen: Array<[string, string, number]> = [];
    const check: SquidCheck = (customer, host, port) => {
      seen.push([customer, host, port]);
      return allowDecision('allowed', 'ok');
    };
    const { lines } = await serve(['1 cus%20one b%C3%BC', 'cher.de 443 -\r\n2 cus_2 [2001:db8::1] 8', '080'], check);
    expect(seen).toEqual([
      ['cus one', 'bücher.de', 443],
      ['cus_2', '[2001:db8::1]', 8080],
    ]);
    expect(lines).toEqual(['1 OK message="ok" log=allowed', '2 OK message="ok" log=allowed']);
  });

  it('answers malformed lines BH for their channel and carries on', async () => {
    const { stats, lines } = await serve(['x y z\n7\n8 cus host\n9 cus bad%ZZhost 443\n\n10 cus example.com 443\n'], allowAll);
    expect(lines).toEqual([
      'BH message="malformed request: the line does not start with a channel id" log=helper_error',
      '7 BH message="malformed request: expected customer, host and port" log=helper_error',
      '8 BH message="malformed request: expected customer, host and port" log=helper_error',
      '9 BH message="malformed request: a value is not valid URL encoding" log=helper_error',
      '10 OK message="example.com is allowed" log=allowed',
    ]);
    expect(stats).toEqual({ lines: 5, ok: 1, err: 0, bh: 4 });
  });

  it('answers BH when the check fails, and reports the error', async () => {
    const onError = vi.fn();
    const check: SquidCheck = (_c, host) => {
      if (host === 'throws.example') throw new Error('database down');
      if (host === 'rejects.example') return Promise.reject(new Error('timeout'));
      return allowDecision('allowed', 'ok');
    };
    const { lines } = await serve(['1 c throws.example 443\n2 c rejects.example 443\n3 c fine.example 443\n'], check, { onError });
    expect(lines.sort()).toEqual([
      '1 BH message="Vigil could not decide (internal error)" log=helper_error',
      '2 BH message="Vigil could not decide (internal error)" log=helper_error',
      '3 OK message="ok" log=allowed',
    ]);
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError.mock.calls[0]![1]).toMatchObject({ channel: '1', host: 'throws.example' });
  });

  it('keeps request order without concurrency, even when checks finish out of order', async () => {
    const check: SquidCheck = async (_c, host, port) => {
      await sleep(port === 1 ? 20 : 0);
      return allowDecision('allowed', host);
    };
    const { lines } = await serve(['c a.example 1\nc b.example 2\nnot-enough\nc d.example 4\n'], check, { concurrency: false });
    expect(lines).toEqual([
      'OK message="a.example" log=allowed',
      'OK message="b.example" log=allowed',
      'BH message="malformed request: expected customer, host and port" log=helper_error',
      'OK message="d.example" log=allowed',
    ]);
  });

  it('writes the answers of one chunk of requests in one write', async () => {
    const input = new PassThrough();
    const writes: string[] = [];
    const output = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        writes.push(chunk.toString());
        callback();
      },
    });
    const done = runSquidHelper(input, output, allowAll);
    input.end(Array.from({ length: 1000 }, (_, i) => `${i} c h${i}.example 443\n`).join(''));
    expect((await done).lines).toBe(1000);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.split('\n')).toHaveLength(1001);
  });

  it('pauses on a slow reader and a full pending queue, and still answers everything', async () => {
    const input = new PassThrough();
    const output = new PassThrough({ highWaterMark: 256 });
    const check: SquidCheck = async (_c, host) => {
      await sleep(0);
      return allowDecision('allowed', host);
    };
    const done = runSquidHelper(input, output, check, { maxPending: 16 });
    let text = '';
    const reader = (async () => {
      for await (const chunk of output) {
        text += (chunk as Buffer).toString();
        await sleep(0);
      }
    })();
    for (let i = 0; i < 2000; i += 100) input.write(Array.from({ length: 100 }, (_, k) => `${i + k} c h${i + k}.example 443\n`).join(''));
    input.end();
    expect(await done).toEqual({ lines: 2000, ok: 2000, err: 0, bh: 0 });
    await reader;
    expect(new Set(text.trim().split('\n').map((l) => l.split(' ')[0])).size).toBe(2000);
  });

  it.each<[line: string, answer: string]>([
    ['9 cus example.org abc', '9 ERR message="\\"abc\\" is not a TCP port (1-65535)" log=invalid_target'],
    ['10 cus example.org - -', '10 ERR message="\\"-\\" is not a TCP port (1-65535)" log=invalid_target'],
    ['11 cus example.org 4x3', '11 ERR message="\\"4x3\\" is not a TCP port (1-65535)" log=invalid_target'],
  ])('refuses the port of %j quoting it as sent, without a lookup', async (line, answer) => {
    const check = vi.fn(allowAll);
    const { stats, lines } = await serve([`${line}\n`], check);
    expect(lines).toEqual([answer]);
    expect(stats).toEqual({ lines: 1, ok: 0, err: 1, bh: 0 });
    expect(check).not.toHaveBeenCalled();
  });

  it('leaves the output open when asked', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const done = runSquidHelper(input, output, allowAll, { endOutput: false });
    input.end('1 c example.com 443\n');
    await done;
    expect(output.writableEnded).toBe(false);
    expect(String(output.read())).toBe('1 OK message="example.com is allowed" log=allowed\n');
  });

  it('serves a real gate', async () => {
    const customers = new Map<string, GateCustomer>([['cus_1', { id: 'cus_1', status: 'not_verified', service: true, targetClasses: ['general'] }]]);
    const gate = new Gate(GatePolicySchema.parse({}), new Map([['government', ['gov.uk']]]));
    const check = (customer: string, host: string, port: number): GateDecision => gate.check({ customer: customers.get(customer), host, port });
    const { lines } = await serve(['1 cus_1 www.gov.uk 443 -\n2 cus_1 example.org 25 -\n3 nobody example.org 443 -\n4 cus_1 example.org 443 -\n5 cus_1 example.org abc\n6 cus_1 example.org 0\n7 cus_1 example.org 99999\n'], check);
    expect(lines.sort()).toEqual([
      '1 ERR message="www.gov.uk is in the blocked category government (gov.uk)" log=category_blocked',
      '2 ERR message="Port 25 is blocked for every customer" log=port_blocked',
      '3 ERR message="The customer is unknown" log=customer_unknown',
      '4 OK message="example.org is allowed" log=allowed',
      '5 ERR message="\\"abc\\" is not a TCP port (1-65535)" log=invalid_target',
      '6 ERR message="\\"0\\" is not a TCP port (1-65535)" log=invalid_target',
      '7 ERR message="\\"99999\\" is not a TCP port (1-65535)" log=invalid_target',
    ]);
  });
});
