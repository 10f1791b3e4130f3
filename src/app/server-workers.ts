import cluster, { type Worker } from 'node:cluster';

/** What a worker tells the primary once its server listens. */
interface ListeningMessage {
  type: 'vigil:listening';
  address: string;
  database: string;
}

const isListening = (m: unknown): m is ListeningMessage => typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'vigil:listening';

/** A worker that dies while serving is replaced after this pause, so a fault that kills each one at once does not spin. */
const RESTART_DELAY_MS = 1_000;

export interface PrimaryEvents {
  /** Every worker listens (once). */
  listening(address: string, database: string): void;
  /** A worker ended other than by a stop; `restarting` unless it had not even started. */
  workerExited(pid: number, code: number | null, signal: string | null, restarting: boolean): void;
}

/**
 * The primary of `vigil serve` with several worker processes sharing the port (node:cluster): each
 * worker is a whole server with its background jobs, as on several nodes of one PostgreSQL. The
 * first worker is started alone and awaited, because it applies migrations and may create the
 * keyring and signing key, which several processes would race on; then the others. A worker that
 * dies while serving is replaced; one that dies before it listens is not, and once none is left
 * the primary fails. SIGINT or SIGTERM stops every worker (each finishes its requests) and
 * resolves once all have exited.
 */
export async function runPrimary(count: number, events: PrimaryEvents): Promise<void> {
  const workers = new Set<Worker>();
  let stopping = false;
  let allGone: (err: Error) => void = () => undefined;

  const start = () =>
    new Promise<ListeningMessage>((resolve, reject) => {
      const worker = cluster.fork();
      let listening = false;
      workers.add(worker);
      worker.on('message', (m: unknown) => {
        if (!isListening(m) || listening) return;
        listening = true;
        resolve(m);
      });
      worker.once('exit', (code, signal) => {
        workers.delete(worker);
        if (stopping) return;
        events.workerExited(worker.process.pid ?? 0, code, signal, listening);
        if (listening) {
          setTimeout(() => void (stopping ? undefined : start().catch(() => undefined)), RESTART_DELAY_MS).unref();
          return;
        }
        reject(new Error(`a server worker exited before it listened (code ${code ?? '–'}${signal ? `, ${signal}` : ''}); its log says why`));
        if (workers.size === 0) allGone(new Error('every server worker has exited'));
      });
    });

  const stop = async () => {
    stopping = true;
    for (const w of workers) w.process.kill('SIGTERM');
    await Promise.all([...workers].map((w) => (w.isDead() ? undefined : new Promise<void>((r) => w.once('exit', () => r())))));
  };
  try {
    const first = await start();
    await Promise.all(Array.from({ length: count - 1 }, start));
    events.listening(first.address, first.database);
  } catch (err) {
    await stop();
    throw err;
  }
  await new Promise<void>((resolve, reject) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void stop().then(resolve);
    };
    allGone = reject;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** In a worker: tells the primary the server listens. */
export function reportListening(address: string, database: string): void {
  const message: ListeningMessage = { type: 'vigil:listening', address, database };
  process.send?.(message);
}
