import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { GateDecision } from './decision.js';
import { invalidPortDecision } from './ports.js';
import { formatBrokenHelper, formatSquidAnswer, parseSquidRange, type SquidRequest } from './squid-protocol.js';

export type SquidCheck = (customerId: string, host: string, port: number) => GateDecision | Promise<GateDecision>;

export interface SquidHelperOptions {
  /** Lines carry a channel id (Squid's `concurrency=N` with N > 0); true by default. */
  readonly concurrency?: boolean;
  /** Unanswered lookups beyond which input is paused until answers catch up (10,000). */
  readonly maxPending?: number;
  /** End `output` after the last answer (true by default). */
  readonly endOutput?: boolean;
  /** Told when `check` throws or rejects; that lookup is answered BH. */
  readonly onError?: (err: unknown, request: SquidRequest) => void;
}

export interface SquidHelperStats {
  lines: number;
  ok: number;
  err: number;
  bh: number;
}

// Squid's own lines are a few hundred bytes; a longer one is not Squid talking.
const MAX_LINE = 64 * 1024;

/**
 * Serves Squid's external ACL helper protocol (see `parseSquidRequest`) until `input` ends,
 * then resolves once every answer is written. With concurrency, answers go out as checks
 * finish, each behind its channel id; without, in request order. Answers produced in the same
 * turn of the event loop leave in one write. A malformed line is answered `BH` for its channel
 * and the helper carries on.
 */
export function runSquidHelper(input: Readable, output: Writable, check: SquidCheck, options: SquidHelperOptions = {}): Promise<SquidHelperStats> {
  return new Promise((resolve, reject) => new HelperSession(input, output, check, options, resolve, reject).start());
}

class HelperSession {
  private readonly decoder = new StringDecoder('utf8');
  private readonly concurrent: boolean;
  private readonly maxPending: number;
  private readonly stats: SquidHelperStats = { lines: 0, ok: 0, err: 0, bh: 0 };
  private rest = '';
  private out = '';
  private pending = 0;
  private flushScheduled = false;
  private waitingDrain = false;
  private inputEnded = false;
  private done = false;
  /** Without concurrency: the next line's number, the next to write, and answers that came early. */
  private nextSeq = 0;
  private writeSeq = 0;
  private readonly early = new Map<number, string>();

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly check: SquidCheck,
    private readonly options: SquidHelperOptions,
    private readonly resolve: (stats: SquidHelperStats) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    this.concurrent = options.concurrency ?? true;
    this.maxPending = Math.max(1, options.maxPending ?? 10_000);
  }

  start(): void {
    this.input.on('data', (chunk: Buffer | string) => this.onData(chunk));
    this.input.once('end', () => this.onEnd());
    this.input.once('error', (err) => this.fail(err));
    this.output.once('error', (err) => this.fail(err));
  }

  private onData(chunk: Buffer | string): void {
    const text = this.rest + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      this.onLine(text, from, nl);
      from = nl + 1;
    }
    this.rest = text.slice(from);
    if (this.rest.length > MAX_LINE) {
      this.rest = '';
      this.answer(this.nextSeq++, formatBrokenHelper(null, 'line too long'), 'bh');
    }
    this.scheduleFlush();
    if (this.pending >= this.maxPending) this.input.pause();
  }

  private onEnd(): void {
    const tail = this.rest + this.decoder.end();
    this.rest = '';
    if (tail.length > 0) this.onLine(tail, 0, tail.length);
    this.inputEnded = true;
    this.scheduleFlush();
  }

  private onLine(text: string, from: number, to: number): void {
    const end = to > from && text.charCodeAt(to - 1) === 13 ? to - 1 : to;
    if (end === from && this.concurrent) return;
    this.stats.lines++;
    const seq = this.nextSeq++;
    const parsed = parseSquidRange(text, from, end, this.concurrent);
    if (!parsed.ok) return this.answer(seq, formatBrokenHelper(parsed.channel, `malformed request: ${parsed.problem}`), 'bh');
    const request = parsed.request;
    // The gate sees only a number (NaN here) and could not quote what Squid sent. It refuses a
    // bad port before looking the customer up, so answering here keeps its order; only a line
    // whose host is bad as well is refused for the port rather than the host.
    if (request.portText !== null) return this.decided(seq, request, invalidPortDecision(request.portText));
    let result: GateDecision | Promise<GateDecision>;
    try {
      result = this.check(request.customer, request.host, request.port);
    } catch (err) {
      return this.broken(seq, request, err);
    }
    if (!isPromise(result)) return this.decided(seq, request, result);
    this.pending++;
    result.then(
      (decision) => this.settled(() => this.decided(seq, request, decision)),
      (err: unknown) => this.settled(() => this.broken(seq, request, err)),
    );
  }

  private settled(answer: () => void): void {
    this.pending--;
    answer();
    if (this.pending < this.maxPending / 2 && !this.waitingDrain && !this.inputEnded) this.input.resume();
    this.scheduleFlush();
  }

  private decided(seq: number, request: SquidRequest, decision: GateDecision): void {
    this.answer(seq, formatSquidAnswer(request.channel, decision), decision.action === 'allow' ? 'ok' : 'err');
  }

  private broken(seq: number, request: SquidRequest, err: unknown): void {
    this.options.onError?.(err, request);
    this.answer(seq, formatBrokenHelper(request.channel, 'Vigil could not decide (internal error)'), 'bh');
  }

  private answer(seq: number, text: string, kind: 'ok' | 'err' | 'bh'): void {
    this.stats[kind]++;
    if (this.concurrent) {
      this.out += text;
      return;
    }
    this.early.set(seq, text);
    for (let next = this.early.get(this.writeSeq); next !== undefined; next = this.early.get(this.writeSeq)) {
      this.early.delete(this.writeSeq++);
      this.out += next;
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.done) return;
    if (this.out.length > 0) {
      const data = this.out;
      this.out = '';
      if (!this.output.write(data) && !this.waitingDrain) {
        this.waitingDrain = true;
        this.input.pause();
        this.output.once('drain', () => this.onDrain());
      }
    }
    this.maybeFinish();
  }

  private onDrain(): void {
    this.waitingDrain = false;
    if (this.pending < this.maxPending && !this.inputEnded) this.input.resume();
    this.maybeFinish();
  }

  private maybeFinish(): void {
    if (this.done || !this.inputEnded || this.pending > 0 || this.out.length > 0 || this.flushScheduled || this.waitingDrain) return;
    this.done = true;
    if (this.options.endOutput === false) this.resolve(this.stats);
    else this.output.end(() => this.resolve(this.stats));
  }

  private fail(err: unknown): void {
    if (this.done) return;
    this.done = true;
    this.reject(err);
  }
}

function isPromise(value: unknown): value is Promise<GateDecision> {
  return typeof (value as Promise<GateDecision> | null)?.then === 'function';
}
