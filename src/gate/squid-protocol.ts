import type { GateDecision } from './decision.js';

/**
 * One lookup from Squid's external ACL helper protocol, configured as
 * `external_acl_type … concurrency=N %LOGIN %DST %PORT …`: a line is
 * `[channel-ID] customer host port [more…]`. Squid URL-escapes every value and writes `-` for
 * one it does not have; it appends `%DATA` (the `acl` line's arguments, `-` when none) unless
 * the format names it, so tokens after the port are ignored.
 */
export interface SquidRequest {
  /** Null without concurrency (`concurrency=0`): answers then go back in request order. */
  readonly channel: string | null;
  readonly customer: string;
  readonly host: string;
  /** NaN when Squid sent no port (`-`) or not a number. */
  readonly port: number;
  /** The port token as sent when it is not a number, for the denial to quote; null otherwise. */
  readonly portText: string | null;
}

export type SquidLine = { readonly ok: true; readonly request: SquidRequest } | { readonly ok: false; readonly channel: string | null; readonly problem: string };

export function parseSquidRequest(line: string, concurrent: boolean): SquidLine {
  return parseSquidRange(line, 0, line.length, concurrent);
}

// Token bounds of the line being read: [start, end) pairs. Lines are parsed one at a time.
const bounds = new Int32Array(16);

/** As `parseSquidRequest` for `text[from, to)`, without copying the line first. */
export function parseSquidRange(text: string, from: number, to: number, concurrent: boolean): SquidLine {
  const count = tokenBounds(text, from, to);
  let channel: string | null = null;
  if (concurrent) {
    channel = count > 0 ? text.slice(bounds[0], bounds[1]) : '';
    if (!isChannel(channel)) return { ok: false, channel: null, problem: 'the line does not start with a channel id' };
  }
  const at = concurrent ? 1 : 0;
  if (count < at + 3) return { ok: false, channel, problem: 'expected customer, host and port' };
  const customer = decodeToken(text.slice(bounds[2 * at], bounds[2 * at + 1]));
  const host = decodeToken(text.slice(bounds[2 * at + 2], bounds[2 * at + 3]));
  if (customer === null || host === null) return { ok: false, channel, problem: 'a value is not valid URL encoding' };
  const portFrom = bounds[2 * at + 4]!;
  const portTo = bounds[2 * at + 5]!;
  const port = parsePort(text, portFrom, portTo);
  // Sliced only for a bad port: a well-formed line costs no extra string.
  const portText = Number.isNaN(port) ? text.slice(portFrom, portTo) : null;
  return { ok: true, request: { channel, customer, host, port, portText } };
}

/** Fills `bounds` with up to eight tokens' bounds (space or tab separated); answers how many. */
function tokenBounds(text: string, from: number, to: number): number {
  let count = 0;
  let start = -1;
  for (let i = from; i <= to && count < 8; i++) {
    const c = i === to ? 32 : text.charCodeAt(i);
    const space = c === 32 || c === 9;
    if (space && start >= 0) {
      bounds[2 * count] = start;
      bounds[2 * count++ + 1] = i;
      start = -1;
    } else if (!space && start < 0) {
      start = i;
    }
  }
  return count;
}

function isChannel(token: string): boolean {
  if (token.length === 0 || token.length > 10) return false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Squid escapes with RFC 1738 rules: `%XX` bytes, no `+` for spaces. */
function decodeToken(token: string): string | null {
  if (!token.includes('%')) return token;
  try {
    return decodeURIComponent(token);
  } catch {
    return null;
  }
}

function parsePort(text: string, from: number, to: number): number {
  if (to - from > 5) return Number.NaN;
  let port = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return Number.NaN;
    port = port * 10 + c - 48;
  }
  return port;
}

/**
 * A value as Squid's helper-reply parser (`strwordtok`) reads it: in double quotes, with `\`
 * and `"` escaped and CR/LF written `\r`/`\n`. Other control characters become spaces; a NUL
 * would end the value early in Squid's C strings.
 */
export function quoteSquidValue(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 34 || c === 92) out += `\\${value[i]}`;
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c < 32 || c === 127) out += ' ';
    else out += value[i];
  }
  return `${out}"`;
}

// Decisions are shared per host and rule, so their reply text is too.
const replies = new WeakMap<GateDecision, string>();

/**
 * `[channel] OK|ERR message="…" log=<code>`: `message` is the reason (Squid's `%o` on error
 * pages), `log` the stable code (`%ea` in `logformat`).
 */
export function formatSquidAnswer(channel: string | null, decision: GateDecision): string {
  let reply = replies.get(decision);
  if (reply === undefined) {
    reply = `${decision.action === 'allow' ? 'OK' : 'ERR'} message=${quoteSquidValue(decision.reason)} log=${decision.code}\n`;
    replies.set(decision, reply);
  }
  return channel === null ? reply : `${channel} ${reply}`;
}

/** `BH`: the helper could not answer this line; Squid neither allows nor caches it. */
export function formatBrokenHelper(channel: string | null, message: string): string {
  const reply = `BH message=${quoteSquidValue(message)} log=helper_error\n`;
  return channel === null ? reply : `${channel} ${reply}`;
}
