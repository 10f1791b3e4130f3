import { accessSync, constants, createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Vigil } from '../app/composition.js';
import { VigilError } from '../core/errors.js';
import { MonitoringErrors } from '../monitoring/errors.js';
import type { RejectedEvent } from '../monitoring/ingest.service.js';
import { parseLine } from '../monitoring/ndjson.js';
import { parseCount } from './arguments.js';
import type { Output } from './output.js';
import { progressBar } from './progress-bar.js';

type CommonOptions = { data?: string; config?: string };
type WithVigil = <T>(opts: CommonOptions, fn: (vigil: Vigil) => Promise<T>) => Promise<T>;
type Common = (cmd: Command) => Command;

interface Totals {
  lines: number;
  accepted: number;
  duplicates: number;
  rejected: Array<RejectedEvent & { line: number }>;
}

/** Events per transaction when `--batch` is not given (fewer when `monitoring.maxBatch` is lower). */
const DEFAULT_BATCH = 5000;

/** The size of a readable input file; a clear message (exit 2) for one that is missing or not a file. */
function inputFileSize(file: string): number {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error(`cannot read ${file}: it is not a file`);
    size = stat.size;
    accessSync(file, constants.R_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`cannot read ${file}: no such file`, { cause: err });
    if (code === 'EACCES') throw new Error(`cannot read ${file}: permission denied`, { cause: err });
    throw err;
  }
  return size;
}

/** Streams an NDJSON file into ingestion in batches; bad lines are reported by line number and skipped. */
async function ingestFile(vigil: Vigil, file: string, batchSize: number, onProgress: (bytes: number, events: number) => void): Promise<Totals> {
  const stream = createReadStream(file);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const totals: Totals = { lines: 0, accepted: 0, duplicates: 0, rejected: [] };
  let batch: unknown[] = [];
  let lineOf: number[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await vigil.eventIngest.ingest(batch, 'cli', { allowNone: true });
    totals.accepted += result.accepted;
    totals.duplicates += result.duplicates;
    for (const r of result.rejected) totals.rejected.push({ ...r, line: lineOf[r.index]! });
    onProgress(stream.bytesRead, totals.accepted + totals.duplicates);
    batch = [];
    lineOf = [];
  };
  for await (const line of lines) {
    totals.lines++;
    if (line.trim() === '') continue;
    batch.push(parseLine(line));
    lineOf.push(totals.lines);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return totals;
}

/** `vigil events ingest FILE.ndjson`, `vigil alerts`. */
export function registerMonitoringCommands(program: Command, common: Common, withVigil: WithVigil, output: Output, setExit: (code: number) => void): void {
  const events = program.command('events').description('customer events for transaction and usage monitoring');
  common(events.command('ingest').description('ingest an NDJSON file of events (one per line), with a progress bar; bad lines are reported and skipped').argument('<file>', 'NDJSON file'))
    .option('--batch <n>', `events per transaction (default ${DEFAULT_BATCH}, at most monitoring.maxBatch)`, parseCount)
    .option('--json', 'print JSON')
    .action(async (file: string, opts: CommonOptions & { batch?: number; json?: boolean }) => {
      const total = inputFileSize(file);
      const { totals, processed } = await withVigil(opts, async (vigil) => {
        const max = vigil.eventIngest.maxBatch;
        if (opts.batch !== undefined && opts.batch > max) {
          throw new VigilError(MonitoringErrors.EVENT_BATCH_TOO_LARGE, `--batch ${opts.batch}: a batch may hold at most ${max} events (monitoring.maxBatch)`, { max, got: opts.batch });
        }
        const bar = progressBar(file.split('/').pop() ?? file, process.stderr, 'events');
        const t = await ingestFile(vigil, file, opts.batch ?? Math.min(DEFAULT_BATCH, max), (bytes, n) => bar.update({ bytesRead: bytes, totalBytes: total, entities: n, done: false }));
        bar.update({ bytesRead: total, totalBytes: total, entities: t.accepted + t.duplicates, done: true });
        bar.end();
        // Without a running server holding the rules' lease, this process runs them itself.
        return { totals: t, processed: await vigil.monitor.drain() };
      });
      if (opts.json) output.out(JSON.stringify({ accepted: totals.accepted, duplicates: totals.duplicates, rejected: totals.rejected, processed }));
      else {
        output.out(`${totals.accepted} events stored, ${totals.duplicates} already known, ${totals.rejected.length} rejected`);
        for (const r of totals.rejected.slice(0, 20)) output.err(`line ${r.line}${r.id ? ` (${r.id})` : ''}: ${r.code} ${r.message}`);
        if (totals.rejected.length > 20) output.err(`… and ${totals.rejected.length - 20} more rejected lines`);
      }
      if (totals.rejected.length > 0) setExit(1);
    });

  const alerts = program.command('alerts').description('alerts (monitoring rules, confirmed screening matches), newest first').enablePositionalOptions();
  common(alerts)
    .option('--customer <id>', 'only this customer (id or external reference)')
    .option('--open', 'only open alerts')
    .option('--limit <n>', 'how many', parseCount, 50)
    .option('--json', 'print JSON')
    .action(async (opts: CommonOptions & { customer?: string; open?: boolean; limit: number; json?: boolean }) => {
      const found = await withVigil(opts, async (vigil) => {
        const db = vigil.database.db;
        const customerId = opts.customer === undefined ? undefined : (await vigil.customers.getByIdOrRef(db, opts.customer)).id;
        return vigil.alerts.list(db, { ...(customerId ? { customerId } : {}), ...(opts.open ? { status: 'open' } : {}), limit: opts.limit });
      });
      if (opts.json) return output.out(JSON.stringify(found));
      for (const a of found) {
        const what = a.kind === 'monitoring' ? `${a.ruleId}@${a.ruleVersion}` : `${a.kind} ${a.entityId}`;
        output.out(`${a.createdAt}  ${a.id}  ${a.customerId}  ${a.severity}  ${a.status}  ${what}  ${a.explanation}`);
      }
    });
  common(alerts.command('close').description('close an alert with the reason; it stops counting towards the customer\u2019s risk').argument('<id>', 'alert id'))
    .requiredOption('--reason <text>', 'why it is closed (kept with the alert and audited)')
    .option('--reviewer <name>', 'who closes it (default cli)')
    .action(async (id: string, opts: CommonOptions & { reason: string; reviewer?: string }) => {
      if (opts.reason.trim().length < 3) throw new Error('--reason needs at least 3 characters');
      const closed = await withVigil(opts, (vigil) => vigil.database.transaction((trx) => vigil.alerts.close(trx, id, opts.reason.trim(), opts.reviewer ? `cli:${opts.reviewer}` : 'cli')));
      output.out(`${closed.id} closed ${closed.closedAt} by ${closed.closedBy}: ${closed.closeReason}`);
    });
}
