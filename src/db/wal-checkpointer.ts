import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** How often the worker copies the logs back; a checkpoint of an already copied log costs microseconds. */
const INTERVAL_MS = 100;
/**
 * A store hands its checkpoints to the worker only once it has been open this long: a thread
 * costs some 80 ms of CPU to start, which a one-off CLI command (or a test's short-lived store)
 * would spend for nothing, and until then SQLite checkpoints as usual.
 */
const START_AFTER_MS = 2000;
/** SQLite's own default, restored when the worker stops unexpectedly, so a log cannot grow without end. */
const AUTOCHECKPOINT_PAGES = 1000;

// Runs as a classic script in the worker (eval), so it needs no build step and no file beside
// the compiled module: the same code runs under the test runner and from dist/. A store whose
// connection fails (its file went, its disk failed) is handed back, never taking the others down.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { existsSync } = require('node:fs');
const SQLite = require(workerData.driver);
const open = new Map();
const giveBack = (id, err) => {
  try { open.get(id)?.close(); } catch {}
  open.delete(id);
  parentPort.postMessage({ failed: id, message: String(err && err.message || err) });
};
setInterval(() => {
  for (const [id, db] of open) {
    // A checkpoint with nothing to copy succeeds on a deleted file, so that alone may never notice.
    if (!existsSync(db.name)) { giveBack(id, new Error(db.name + ' was deleted')); continue; }
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) {
      // Another connection's checkpoint or a busy writer: the next round tries again.
      if (!/^SQLITE_(BUSY|LOCKED)/.test(err.code)) giveBack(id, err);
    }
  }
}, workerData.intervalMs).unref();
parentPort.on('message', (m) => {
  if (m.add !== undefined) {
    try { open.set(m.add, new SQLite(m.file, { timeout: 50 })); } catch (err) { giveBack(m.add, err); }
  } else {
    try { open.get(m.remove)?.close(); } catch {}
    open.delete(m.remove);
    parentPort.postMessage({ removed: m.remove });
  }
});
`;

interface Registered {
  native: SQLite.Database;
  file: string;
  removed?: () => void;
}

/** One worker thread for every store of the process. */
let shared: { worker: Worker; stores: Map<number, Registered>; exited: boolean } | null = null;
let nextId = 0;

/** The store checkpoints itself again, as SQLite does by default. */
function takeBack(store: Registered): void {
  if (store.native.open) store.native.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
}

function sharedWorker(): NonNullable<typeof shared> {
  if (shared) return shared;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, intervalMs: INTERVAL_MS } });
  worker.unref();
  const current = { worker, stores: new Map<number, Registered>(), exited: false };
  const drop = (id: number): Registered | undefined => {
    const store = current.stores.get(id);
    current.stores.delete(id);
    if (current.stores.size === 0) worker.unref();
    return store;
  };
  worker.on('message', (m: { removed: number } | { failed: number; message: string }) => {
    if ('removed' in m) {
      drop(m.removed)?.removed?.();
      return;
    }
    const store = drop(m.failed);
    if (!store) return;
    takeBack(store);
    process.emitWarning(`SQLite checkpoints of ${store.file} moved back into its commits: ${m.message}`, { code: 'VIGIL_SQLITE_CHECKPOINTER' });
    store.removed?.();
  });
  worker.on('error', (err) => process.emitWarning(`SQLite checkpoints moved back into commits: ${err.message}`, { code: 'VIGIL_SQLITE_CHECKPOINTER' }));
  worker.once('exit', () => {
    current.exited = true;
    if (shared === current) shared = null;
    for (const [id, store] of current.stores) {
      takeBack(store);
      current.stores.delete(id);
      store.removed?.();
    }
  });
  return (shared = current);
}

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Copies SQLite's write-ahead log back into the database file from a worker thread.
 *
 * SQLite does that itself from inside a commit once the log passes 1,000 pages: on the event
 * loop, so that commit takes 5–55 ms of writes and two fsyncs while no request is served (one in
 * eight sign-up commits on a busy disk). A store open for a while leaves it to the worker's own
 * connection, whose passive checkpoints never block the writer (SQLite's WAL lets both run at
 * once). Should the worker die, SQLite's own checkpoints come back.
 */
export function startCheckpointer(file: string, native: SQLite.Database): Checkpointer {
  const id = nextId++;
  let owner: NonNullable<typeof shared> | null = null;
  const timer = setTimeout(() => {
    owner = sharedWorker();
    owner.stores.set(id, { native, file });
    owner.worker.postMessage({ add: id, file });
    native.pragma('wal_autocheckpoint = 0');
  }, START_AFTER_MS);
  timer.unref();
  return {
    async stop() {
      clearTimeout(timer);
      const store = owner?.stores.get(id);
      // Never handed over, handed back after a failure, or the worker is gone: nothing to wait for.
      if (!owner || owner.exited || !store) return;
      // Its connection must be closed before the store's own, which then removes the log; the
      // worker is referenced meanwhile so the process waits for that.
      const closed = new Promise<void>((resolve) => (store.removed = resolve));
      owner.worker.ref();
      owner.worker.postMessage({ remove: id });
      await closed;
    },
  };
}
