/**
 * What the rows of a sign-up cost on their own, over HTTP, next to what the whole gate costs.
 *
 * The floor: the SQLite statements one sign-up runs, captured from the real gate, replayed for
 * each POST by a bare `node:http` server. Like `vigil serve`, it groups the requests that arrive
 * together into one transaction per store. Unlike it, it does nothing else: no validation, no
 * intelligence look-ups, no hashing or encryption, no savepoint per sign-up, no log sync. Its
 * figure is therefore more than any server that writes a sign-up's rows could serve here, with
 * the load generator on the same machine. Then the real `vigil serve` (SQLite) takes the same
 * load. The rounds alternate, so both meet the same host speed.
 *
 * Usage: npm run bench:signup-floor [-- --requests 3000 --concurrency 32 --rounds 2]
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { Pool } from 'undici';
import { freshStore, openVigil } from '../test/helpers/targets.js';
import { printHostSpeed } from './host-speed.js';
import { withServer } from './served.js';
import { pct, postSignups, type LoadResult } from './signup-load.js';

interface Captured {
  /** File name of the store the statement ran on (the main store or the vault). */
  store: string;
  sql: string;
  reader: boolean;
  params: unknown[];
}

interface Capture {
  statements: Captured[];
  /** Positions `[statement, parameter]` whose value differs from one sign-up to the next. */
  varying: [number, number][];
  response: string;
  action: string;
}

const TRANSACTION_CONTROL = /^(begin|commit|rollback|savepoint|release)\b/i;
/** The one value a replay cannot invent: the audit chain position a sign-up's records take. */
const AUDIT_SEQ_CLAIM = /^update "audit_head" set "seq"/;
const AUDIT_INSERT = /^insert into "audit_log" \("seq"/;
const AUDIT_COLUMNS = 8;

/** Runs two sign-ups through the real gate on SQLite and records every statement each one runs. */
async function capture(): Promise<Capture> {
  const store = await freshStore('sqlite');
  const vigil = await openVigil(store);
  const Statement = Object.getPrototypeOf(new SQLite(':memory:').prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>;
  let log: Captured[] | null = null;
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  for (const method of ['run', 'all', 'get', 'iterate']) {
    const original = Statement[method]!;
    originals.set(method, original);
    Statement[method] = function (this: SQLite.Statement, ...args: unknown[]) {
      log?.push({ store: this.database.name, sql: this.source, reader: method !== 'run', params: (args[0] as unknown[] | undefined) ?? [] });
      return original.apply(this, args);
    };
  }
  try {
    // Sign-ups alike in every respect but their values, so both take the same path through the
    // gate: the path most of the load takes (a country mismatch, answered require_kyc).
    const like = (i: number) => ({ externalRef: `floor-${i}`, email: `member.${i}@gmail.com`, phone: `+4474${String(2_000_000 + i).padStart(8, '0')}`, ip: `81.2.${i % 250}.${(i % 200) + 10}`, deviceId: `floor-device-${i}`, declaredCountry: 'DE' });
    for (let i = 0; i < 50; i++) await vigil.signups.evaluate(like(i), 'bench');
    const runs: Captured[][] = [];
    let decision: Awaited<ReturnType<typeof vigil.signups.evaluate>> | null = null;
    for (const i of [100, 101]) {
      log = [];
      decision = await vigil.signups.evaluate(like(i), 'bench');
      runs.push(log);
      log = null;
    }
    const [a, b] = runs as [Captured[], Captured[]];
    if (a.length !== b.length || a.some((s, k) => s.sql !== b[k]!.sql)) throw new Error('two like sign-ups ran different statements: the capture cannot stand for every sign-up');
    const varying: [number, number][] = [];
    a.forEach((s, k) => s.params.forEach((v, j) => typeof v === 'string' && v !== b[k]!.params[j] && varying.push([k, j])));
    const storeNames = new Map([[join(store.dataDir, 'vigil.db'), 'main'], [join(store.dataDir, 'vault.db'), 'vault']]);
    const statements = b.map((s) => {
      const name = storeNames.get(s.store);
      if (!name) throw new Error(`a sign-up ran a statement on ${s.store}, which the floor server does not open: teach it that store`);
      return { ...s, store: name };
    });
    return { statements, varying, response: JSON.stringify(decision), action: decision!.action };
  } finally {
    for (const [method, original] of originals) Statement[method] = original;
    await vigil.close();
    await store.cleanup();
  }
}

/** The floor server (a child process): replays the capture for each POST, grouped per tick. */
function serveFloor(dataDir: string, captureFile: string): void {
  const { statements, varying, response } = JSON.parse(readFileSync(captureFile, 'utf8'), (_k, v: unknown) => (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data) : v)) as Capture;
  const stores = { main: new SQLite(join(dataDir, 'vigil.db')), vault: new SQLite(join(dataDir, 'vault.db')) };
  for (const db of Object.values(stores)) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('temp_store = MEMORY');
  }
  const work = statements.map((s, k) => ({ ...s, k, stmt: stores[s.store as 'main' | 'vault'].prepare(s.sql) })).filter((s) => !TRANSACTION_CONTROL.test(s.sql));
  const varies = new Map<number, number[]>();
  for (const [k, j] of varying) varies.set(k, [...(varies.get(k) ?? []), j]);
  let n = 0;
  const signup = () => {
    const tag = `~${n++}`;
    let seq = 0;
    for (const s of work) {
      const params = s.params.slice();
      for (const j of varies.get(s.k) ?? []) params[j] = `${params[j] as string}${tag}`;
      if (AUDIT_INSERT.test(s.sql)) for (let r = 0; r * AUDIT_COLUMNS < params.length; r++) params[r * AUDIT_COLUMNS] = seq - params.length / AUDIT_COLUMNS + 1 + r;
      const rows = s.reader ? (s.stmt.all(params) as { seq?: number }[]) : s.stmt.run(params);
      if (AUDIT_SEQ_CLAIM.test(s.sql)) seq = (rows as { seq: number }[])[0]!.seq;
    }
  };
  let waiting: ServerResponse[] = [];
  const flush = () => {
    const group = waiting;
    waiting = [];
    stores.main.exec('begin immediate');
    stores.vault.exec('begin immediate');
    for (let i = 0; i < group.length; i++) signup();
    stores.vault.exec('commit');
    stores.main.exec('commit');
    for (const res of group) res.writeHead(200, { 'content-type': 'application/json' }).end(response);
  };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      JSON.parse(body);
      waiting.push(res);
      if (waiting.length === 1) setImmediate(flush);
    });
  });
  server.listen(0, '127.0.0.1', () => process.send!((server.address() as { port: number }).port));
}

async function floorRound(capture: string, requests: number, concurrency: number, first: number): Promise<LoadResult> {
  const store = await freshStore('sqlite');
  await (await openVigil(store)).close(); // a migrated, empty store
  const child = fork(fileURLToPath(import.meta.url), ['--serve', store.dataDir, capture], { execArgv: process.execArgv });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m) => resolve(m as number));
      child.once('exit', (code) => reject(new Error(`the floor server exited (${code})`)));
    });
    const pool = new Pool(`http://127.0.0.1:${port}`, { connections: concurrency, pipelining: 1 });
    try {
      return await postSignups(pool, 'none', child.pid!, first, requests, concurrency);
    } finally {
      await pool.close();
    }
  } finally {
    child.kill();
    await store.cleanup();
  }
}

const line = (label: string, r: LoadResult) =>
  `${label.padEnd(22)} ${r.perSecond.toFixed(0).padStart(5)} sign-ups/s, p50 ${pct(r.latencies, 50).toFixed(1)} ms, p99 ${pct(r.latencies, 99).toFixed(1)} ms, CPU per sign-up: server ${r.serverCpu?.toFixed(0) ?? '?'} µs, load generator ${r.clientCpu.toFixed(0)} µs${r.errors ? `, errors ${r.errors}` : ''}`;

const { values } = parseArgs({ options: { requests: { type: 'string', default: '3000' }, concurrency: { type: 'string', default: '32' }, rounds: { type: 'string', default: '2' }, serve: { type: 'string' } }, allowPositionals: true });
if (values.serve) {
  serveFloor(values.serve, process.argv.at(-1)!);
} else {
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);
  const work = mkdtempSync(join(tmpdir(), 'vigil-floor-'));
  try {
    const captured = await capture();
    const file = join(work, 'capture.json');
    writeFileSync(file, JSON.stringify(captured));
    const stores = new Set(captured.statements.map((s) => s.store));
    const statements = captured.statements.filter((s) => !TRANSACTION_CONTROL.test(s.sql)).length;
    console.log(`bench:signup-floor — one sign-up (${captured.action}) runs ${statements} statements (besides transaction control) on ${stores.size} SQLite stores; ${requests} sign-ups per round over ${concurrency} connections, load generator on the same machine`);
    printHostSpeed('before');
    for (let round = 0; round < Number(values.rounds); round++) {
      console.log(line('floor (rows only)', await floorRound(file, requests, concurrency, round * requests)));
      await withServer('sqlite', concurrency, async (pool, token, pid) => {
        console.log(line('vigil serve (SQLite)', await postSignups(pool, token, pid, round * requests, requests, concurrency)));
      });
    }
    printHostSpeed('after');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
