/** The sign-ups the sign-up benchmarks send, and the loop that sends them over HTTP. */
import { readFileSync } from 'node:fs';
import type { Pool } from 'undici';

const DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'proton.me', 'web.de', 'mailinator.com', 'gmx.net'];
/** First octets of public IPv4 space only: a private, loopback or link-local sign-up IP is refused. */
const FIRST_OCTETS = [2, 5, 31, 37, 46, 51, 62, 77, 78, 81, 82, 86, 88, 90, 91, 94, 109, 135, 151, 176, 178, 185, 188, 195, 212, 213, 217];

/** Deterministic spread of public IPv4 addresses and a few IPv6, some in data-centre ranges. */
export function signupInput(i: number) {
  const ip = i % 10 === 9 ? `2a01:4f8:${(i % 4096).toString(16)}::${(i % 65535).toString(16)}` : `${FIRST_OCTETS[i % FIRST_OCTETS.length]}.${(i * 7) % 256}.${(i * 13) % 256}.${(i * 31) % 254 + 1}`;
  return { externalRef: `bench-${i}`, email: `user.${i}+tag@${DOMAINS[i % DOMAINS.length]}`, phone: `+4474${String(1_000_000 + (i % 9_000_000)).padStart(8, '0')}`, ip, deviceId: `dev-${i % 5000}`, declaredCountry: 'GB', userAgent: 'Mozilla/5.0' };
}

export const pct = (sorted: Float64Array | number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** CPU time a process has used so far, in µs (Linux; null elsewhere). */
export function processCpuMicros(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000; // utime + stime, in ticks of 10 ms
  } catch {
    return null;
  }
}

export interface LoadResult {
  perSecond: number;
  /** Sorted latencies, ms. */
  latencies: number[];
  actions: Record<string, number>;
  errors: number;
  /** CPU per sign-up of the server process (not its database's) and of this one (the load generator), µs. */
  serverCpu: number | null;
  clientCpu: number;
}

/**
 * Sends sign-ups `first … first + requests - 1` to POST /v1/signups over `concurrency`
 * connections. `serverPid` null: the server's CPU is not measured (it runs as several processes).
 */
export async function postSignups(pool: Pool, token: string, serverPid: number | null, first: number, requests: number, concurrency: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const actions: Record<string, number> = {};
  let errors = 0;
  let next = 0;
  const server0 = serverPid === null ? null : processCpuMicros(serverPid);
  const client0 = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const i = first + next++;
        const t0 = performance.now();
        const res = await pool.request({ path: '/v1/signups', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `s-${i}` }, body: JSON.stringify(signupInput(i)) });
        const body = (await res.body.json()) as { action?: string };
        latencies.push(performance.now() - t0);
        if (res.statusCode !== 200) errors += 1;
        else actions[body.action!] = (actions[body.action!] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const server1 = serverPid === null ? null : processCpuMicros(serverPid);
  const client = process.cpuUsage(client0);
  latencies.sort((a, b) => a - b);
  return {
    perSecond: requests / seconds,
    latencies,
    actions,
    errors,
    serverCpu: server0 === null || server1 === null ? null : (server1 - server0) / requests,
    clientCpu: (client.user + client.system) / requests,
  };
}
