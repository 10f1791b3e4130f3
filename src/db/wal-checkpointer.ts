import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** How often the worker copies the log back; a checkpoint of an already copied log costs microseconds. */
const INTERVAL_MS = 100;
/** SQLite's own default, restored if the worker stops unexpectedly, so the log cannot grow without end. */
const AUTOCHECKPOINT_PAGES = 1000;

// Runs as a classic script in the worker (eval), so it needs no build step and no file beside
// the compiled module: the same code runs under the test runner and from dist/.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file, { timeout: 50 });
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) {
    // Another connection's checkpoint or a busy writer: the next round tries again.
    if (err.code !== 'SQLITE_BUSY' && err.code !== 'SQLITE_LOCKED') throw err;
  }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Copies SQLite's write-ahead log back into the database file from a worker thread.
 *
 * SQLite does that itself from inside a commit once the log passes 1,000 pages: on the event
 * loop, so that commit takes 5–55 ms of writes and two fsyncs while no request is served (one in
 * eight sign-up commits on a busy disk). The connection then leaves it to this worker's own
 * connection, whose passive checkpoints never block the writer (SQLite's WAL lets both run at
 * once). Should the worker die, SQLite's own checkpoints come back.
 */
export function startCheckpointer(file: string, native: SQLite.Database, onError: (err: Error) => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs: INTERVAL_MS } });
  worker.unref();
  let stopping = false;
  native.pragma('wal_autocheckpoint = 0');
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      if (!stopping && native.open) native.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      resolve();
    });
  });
  worker.on('error', (err) => onError(err));
  return {
    async stop() {
      stopping = true;
      // Unreferenced, the worker would not keep the process alive until it has closed its connection.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
