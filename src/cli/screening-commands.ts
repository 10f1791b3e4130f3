import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { z } from 'zod';
import type { Vigil } from '../app/composition.js';
import { isVigilError } from '../core/errors.js';
import { LIST_FORMATS, type ListFormat } from '../screening/import/parser.js';
import type { EntityChangeKind, ImportOutcome } from '../screening/lists.service.js';
import type { MatchExplanation, ScreeningQuery } from '../screening/matcher/matcher.js';
import {
  DEFAULT_SCREENING_LIMIT,
  MAX_SCREENING_LIMIT,
  birthDateSchema,
  countrySchema,
  describeIssues,
  entityTypeSchema,
  limitSchema,
  screeningBatchLineSchema,
  splitRequest,
  thresholdSchema,
} from '../screening/screening-request.js';
import type { Output } from './output.js';
import { progressBar } from './progress-bar.js';

type CommonOptions = { data?: string; config?: string };
type WithVigil = <T>(opts: CommonOptions, fn: (vigil: Vigil) => Promise<T>) => Promise<T>;
type Common = (cmd: Command) => Command;

interface ScreenOptions extends CommonOptions {
  dob?: string;
  country?: string;
  type?: ScreeningQuery['type'];
  json?: boolean;
  input?: string;
  output?: string;
  threshold?: number;
  limit?: number;
}

/**
 * One line out per line in: `{"id","matches":[{"entityId","list","name","matchedName","score","threshold","explanation"}],"truncated"}`.
 * Each line is checked as `POST /v1/screenings` checks its body (plus an `id`); one that is not a
 * name to screen is reported on stderr with the field and reason and skipped, as `events ingest`
 * does; the count of such lines is returned so the command can exit 1.
 */
async function screenBatch(vigil: Vigil, opts: ScreenOptions, out: BatchOutput | null, output: Output): Promise<number> {
  const write = (line: string) => {
    if (!out) return output.out(line);
    // A file that stopped taking lines (a full disk) ends the batch: what is left would be screened for nothing.
    out.check();
    out.stream.write(line + '\n');
  };
  let lineNo = 0;
  let bad = 0;
  const skip = (why: string) => {
    bad += 1;
    output.err(`vigil: ${opts.input} line ${lineNo}: ${why}; skipped`);
  };
  for await (const line of createInterface({ input: createReadStream(opts.input!), crlfDelay: Infinity })) {
    lineNo += 1;
    if (!line.trim()) continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      skip('not JSON');
      continue;
    }
    const parsed = screeningBatchLineSchema.safeParse(row);
    if (!parsed.success) {
      skip(describeIssues(parsed.error));
      continue;
    }
    const { id, ...request } = parsed.data;
    const { query, options } = splitRequest(request);
    // The command's --threshold and --limit stand where the line sets none.
    const { matches, truncated } = await vigil.screening.screen(query, { ...defaults(opts), ...options });
    write(
      JSON.stringify({
        id: id ?? lineNo,
        matches: matches.map((m) => ({ entityId: m.entityId, list: m.list, name: m.name, matchedName: m.matchedName, score: Number(m.score.toFixed(4)), threshold: m.threshold, explanation: m.explanation })),
        truncated,
      }),
    );
  }
  if (out) await out.close();
  return bad;
}

/** The file `--output` names, open for writing; `check` and `close` fail with a write error met so far. */
interface BatchOutput {
  stream: WriteStream;
  check(): void;
  close(): Promise<void>;
}

/**
 * Opens the `--output` file before anything is screened, so a path that cannot be written is
 * refused at once (exit 2) rather than after the batch, and a later write error (a full disk) is
 * reported as the same `cannot write` message instead of crashing on an unhandled 'error' event.
 */
async function openBatchOutput(path: string): Promise<BatchOutput> {
  const stream = createWriteStream(path);
  let failure: Error | null = null;
  const cannotWrite = (err: Error) => new Error(`cannot write ${path}: ${fsReason(err)}`);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err) => reject(cannotWrite(err)));
  });
  stream.on('error', (err) => (failure ??= cannotWrite(err)));
  const check = () => {
    if (failure) throw failure;
  };
  return {
    stream,
    check,
    async close() {
      if (!stream.destroyed) await finished(stream.end()).catch(() => undefined);
      check();
    },
  };
}

/** Node's "ENOENT: no such file or directory, open '/x/y'" as "no such file or directory (ENOENT)": the path is in the message already. */
function fsReason(err: Error): string {
  const m = /^([A-Z0-9_]+): (.*?), \w+( '.*')?$/.exec(err.message);
  return m ? `${m[2]} (${m[1]})` : err.message;
}

function defaults(opts: ScreenOptions): { threshold?: number; limit?: number } {
  return { ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}), ...(opts.limit !== undefined ? { limit: opts.limit } : {}) };
}

/** A commander parser checking a flag with the schema the API checks the field with (a bad value is a usage error, exit 2). */
function checkedBy<T>(schema: z.ZodType<T>, prepare: (v: string) => unknown = (v) => v): (value: string) => T {
  return (value) => {
    const parsed = schema.safeParse(prepare(value));
    if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues.map((i) => i.message).join('; '));
    return parsed.data;
  };
}

/** The report on stdout; its warnings (missing companion files, a count the file does not hold) on stderr. */
function printImport(report: ImportOutcome, output: Output): void {
  output.out(
    report.unchanged
      ? `${report.list}: unchanged (${report.entityCount} entities, ${report.dataVer})`
      : `${report.list}: ${report.entityCount} entities, +${report.added} ~${report.changed} -${report.removed} (${report.dataVer})`,
  );
  if (report.rescreen) output.out(`re-screened ${report.rescreen.rescreened} of ${report.rescreen.checked} customers against the change (${report.rescreen.candidates} could be affected)`);
  if (report.rescreen?.closed) output.out(`closed ${report.rescreen.closed} open hit${report.rescreen.closed === 1 ? '' : 's'} on entities the list removed (delisted)`);
  printWarnings(report, output);
}

function printWarnings(report: ImportOutcome, output: Output): void {
  for (const w of report.warnings) output.err(`vigil: warning: ${report.list}: ${w.message} [${w.code}]`);
}

/** `vigil lists …` and `vigil screen …`. */
export function registerScreeningCommands(program: Command, common: Common, withVigil: WithVigil, output: Output, setExitCode: (code: number) => void): void {
  const lists = program.command('lists').description('sanctions, PEP and watch lists: show loaded lists, import files').enablePositionalOptions();
  common(lists).option('--json', 'print JSON').action(async (opts: CommonOptions & { json?: boolean }) => {
    if (opts.json) return output.out(JSON.stringify(await withVigil(opts, (vigil) => vigil.lists.lists(vigil.database.db))));
    const { rows, warnings } = await withVigil(opts, async (vigil) => ({ rows: await vigil.lists.lists(vigil.database.db), warnings: await vigil.screening.warnings() }));
    if (rows.length === 0) output.out('no lists loaded; import one with: vigil lists import FILE [--format FORMAT]');
    for (const l of rows) output.out(`${l.name.padEnd(22)} ${l.format.padEnd(14)} ${String(l.entities).padStart(7)} entities  ${l.dataVer}  ${l.updatedAt}`);
    for (const w of warnings) output.out(`warning ${w.code}: ${w.message}. To fix: ${w.remedy}`);
  });
  common(lists.command('import').description('import a list file as a new version (format detected when omitted)').argument('<file>', 'list file (.gz accepted) or a directory of address lists'))
    .addOption(new Option('--format <format>', 'list format').choices(LIST_FORMATS))
    .option('--list <name>', 'list name (default: the format\u2019s, e.g. ofac-sdn, un, eu-fsf)')
    .option('--force', `import even if the file would remove more than screening.maxRemovedShare (default half) of the loaded list`)
    .option('--json', 'print the import report as JSON')
    .action(async (file: string, opts: CommonOptions & { format?: ListFormat; list?: string; force?: boolean; json?: boolean }) => {
      const bar = progressBar(basename(file));
      const report = await withVigil(opts, (vigil) =>
        vigil.lists.importAndRescreen(file, { format: opts.format, list: opts.list, force: opts.force === true, actor: 'cli', onProgress: (p) => bar.update(p) }),
      ).finally(() => bar.end());
      if (opts.json) {
        printWarnings(report, output);
        return output.out(JSON.stringify(report));
      }
      printImport(report, output);
    });
  common(lists.command('refresh').description('fetch the lists configured in screening.sources now and import what changed (the loaded version stays when one fails)'))
    .option('--list <name>', 'only this configured list')
    .option('--json', 'print {imported: [import reports], failed: [{list, url, code, message}]} as JSON')
    .action(async (opts: CommonOptions & { list?: string; json?: boolean }) => {
      const { reports, failed } = await withVigil(opts, async (vigil) => {
        const sources = vigil.config.screening.sources.filter((s) => !opts.list || s.list === opts.list);
        if (sources.length === 0) {
          const configured = vigil.config.screening.sources.map((s) => s.list);
          throw new Error(
            configured.length === 0
              ? 'no list sources are configured: add screening.sources ([{list, url, format?, intervalHours}]) to the config file, or import a file with: vigil lists import FILE'
              : `no configured source is named ${opts.list}; configured: ${configured.join(', ')}`,
          );
        }
        const reports: ImportOutcome[] = [];
        const failed: Array<{ list: string; url: string; code: string | null; message: string }> = [];
        // One after another, as the scheduler does: each import re-screens customers against its change.
        for (const source of sources) {
          try {
            reports.push(await vigil.listRefresher.refresh(source));
          } catch (err) {
            failed.push({ list: source.list, url: source.url, code: isVigilError(err) ? err.code : null, message: (err as Error).message });
          }
        }
        return { reports, failed };
      });
      if (opts.json) {
        for (const report of reports) printWarnings(report, output);
        // The failures too: a JSON reader must not take exit 1 with nothing to say for "all fine".
        output.out(JSON.stringify({ imported: reports, failed }));
      } else for (const report of reports) printImport(report, output);
      for (const f of failed) output.err(`vigil: ${f.list} (${f.url}): ${f.message}${f.code ? ` [${f.code}]` : ''}; the loaded version stays`);
      if (failed.length > 0) setExitCode(1);
    });
  common(lists.command('changes').description('the entities a list version added, changed or removed (default: the loaded version)').argument('<name>', 'list name'))
    .option('--version <version>', 'version id or dataVer (see GET /v1/lists/{name}/versions)')
    .addOption(new Option('--change <kind>', 'only this kind of change').choices(['added', 'changed', 'removed']))
    .option('--json', 'print {list, version, dataVer, changes: [{entityId, sourceId, name, change}]}')
    .action(async (name: string, opts: CommonOptions & { version?: string; change?: EntityChangeKind; json?: boolean }) => {
      const result = await withVigil(opts, async (vigil) => {
        const first = await vigil.lists.changes(vigil.database.db, name, opts.version, { change: opts.change, limit: 1000 });
        const changes = [...first.data];
        for (let after = first.next; after !== null; ) {
          const page = await vigil.lists.changes(vigil.database.db, name, first.version, { change: opts.change, after, limit: 1000 });
          changes.push(...page.data);
          after = page.next;
        }
        return { list: first.list, version: first.version, dataVer: first.dataVer, changes };
      });
      if (opts.json) return output.out(JSON.stringify(result));
      output.out(`${result.list} ${result.dataVer} (${result.version}): ${result.changes.length} entities ${opts.change ?? 'added, changed or removed'}`);
      // A removed entity is no longer stored, so only its id is known.
      for (const c of result.changes) output.out(`${c.change.padEnd(8)} ${c.entityId}${c.name ? `  ${c.name}` : ''}`);
    });

  common(lists.command('index-version').description('the version of every list a screening data version (the dataVer of screening decisions, hits and alerts) stood for').argument('<dataVer>', 'e.g. dv_a4a283e40ab5afbc'))
    .option('--json', 'print {dataVer, lists: [{list, dataVer, versionId}], createdAt}')
    .action(async (dataVer: string, opts: CommonOptions & { json?: boolean }) => {
      const found = await withVigil(opts, (vigil) => vigil.lists.indexVersion(vigil.database.db, dataVer));
      if (opts.json) return output.out(JSON.stringify(found));
      output.out(`${found.dataVer} (first used ${found.createdAt}):`);
      for (const l of found.lists) output.out(`${l.list.padEnd(22)} ${l.dataVer ?? '-'}  ${l.versionId ?? '-'}`);
    });

  common(program.command('screen').description('screen a name, or a JSON-lines file of names, against the loaded lists').argument('[name]', 'name to screen'))
    .option('--dob <date>', 'birth date YYYY[-MM[-DD]]', checkedBy(birthDateSchema))
    .option('--country <cc>', 'ISO country code', checkedBy(countrySchema, (v) => v.toUpperCase()))
    .addOption(new Option('--type <type>', 'entity type').choices(entityTypeSchema.options))
    .option('--threshold <score>', 'minimum score (0–1)', checkedBy(thresholdSchema, Number))
    .option('--limit <n>', `most matches per name (default ${DEFAULT_SCREENING_LIMIT}, at most ${MAX_SCREENING_LIMIT})`, checkedBy(limitSchema, Number))
    .option('--json', 'print JSON')
    .option('--input <file>', 'JSON lines {"id"?,"name","dob"?,"country"?,"type"?,…} as POST /v1/screenings takes them')
    .option('--output <file>', 'where batch results go (default stdout)')
    .action(async (name: string | undefined, opts: ScreenOptions) => {
      if (!name && !opts.input) throw new Error('give a NAME or --input FILE');
      if (opts.input) {
        const out = opts.output ? await openBatchOutput(opts.output) : null;
        try {
          if ((await withVigil(opts, (vigil) => screenBatch(vigil, opts, out, output))) > 0) setExitCode(1);
        } finally {
          // Closed on failure too (a store that would not open), or the file handle stays open for the life of the process.
          if (out && !out.stream.closed) out.stream.destroy();
        }
        return;
      }
      await withVigil(opts, async (vigil) => {
        const q: ScreeningQuery = { name: name!, ...(opts.dob ? { birthDate: opts.dob } : {}), ...(opts.country ? { country: opts.country } : {}), ...(opts.type ? { type: opts.type } : {}) };
        const result = await vigil.screening.screen(q, defaults(opts));
        if (opts.json) return output.out(JSON.stringify(result));
        const policy = result.thresholds.map((t) => `${[t.list, t.type].filter(Boolean).join('/')} ${t.threshold}`).join(', ');
        if (result.matches.length === 0) return output.out(`no match at or above ${result.threshold}${policy ? ` (policy: ${policy})` : ''} (${result.dataVer})`);
        for (const m of result.matches) {
          output.out(`${m.score.toFixed(3)}  ${m.entityId}  ${m.name}${m.matchedName !== m.name ? `  (matched "${m.matchedName}")` : ''}${m.threshold !== result.threshold ? `  [threshold ${m.threshold}]` : ''}`);
          const e = m.explanation;
          output.out(`       tokens: ${e.alignment.map((a: MatchExplanation['alignment'][number]) => `${a.query}~${a.candidate} ${a.how} ${a.similarity.toFixed(2)}`).join(', ')}`);
          for (const f of e.factors) output.out(`       ${f.factor} ${f.effect >= 0 ? '+' : ''}${f.effect.toFixed(3)}: ${f.detail}`);
        }
        if (result.truncated) output.err(`vigil: only the best ${result.limit} matches are shown; more reach the threshold (--limit up to ${MAX_SCREENING_LIMIT})`);
        return undefined;
      });
    });
}
