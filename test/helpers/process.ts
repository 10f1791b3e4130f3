import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { PG_URL } from './targets.js';

const ROOT = resolve(import.meta.dirname, '../..');
export const VIGIL_BIN = resolve(ROOT, 'bin/vigil.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `vigil …` as a user would, with only the given environment on top of PATH. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [VIGIL_BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', VIGIL_LOG_LEVEL: 'warn', ...env }, cwd: ROOT, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL: no shutdown hooks run. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `vigil serve --port 0` and resolves once it prints where it listens. */
export function startServe(args: string[], env: Record<string, string> = {}): Promise<ServeProcess> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [VIGIL_BIN, 'serve', '--port', '0', ...args], {
      env: { PATH: process.env.PATH ?? '', VIGIL_LOG_LEVEL: 'warn', ...env },
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`vigil serve did not start: ${stderr}`));
    }, 30_000);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.stdout!.resume();
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /vigil listening on (http:\/\/\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolvePromise({
          url: m[1]!,
          child,
          async kill9() {
            child.kill('SIGKILL');
            await exited;
          },
          async stop() {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vigil serve exited with ${code}: ${stderr}`));
    });
  });
}

/** A fresh PostgreSQL database for tests that run several processes; dropped by `drop`. */
export async function freshPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `vigil_e2e_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
