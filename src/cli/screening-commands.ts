import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import type { Vigil } from '../app/composition.js';
import { isVigilError } from '../core/errors.js';
import { LIST_FORMATS, type ListFormat } from '../screening/import/parser.js';
import type { ImportOutcome } from '../screening/lists.service.js';
import type { MatchExplanation, ScreeningQuery } from '../screening/matcher/matcher.js';
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
  threshold?: string;
}

/**
 * One line out per line in: `{"id","matches":[{"entityId","list","name","matchedName","score","explanation"}]}`.
 * A line that is not a name to screen is reported on stderr and skipped, as `events ingest` does;
 * the count of such lines is returned so the command can exit 1.
 */
async function screenBatch(vigil: Vigil, opts: ScreenOptions, output: Output): Promise<number> {
  const out = opts.output ? createWriteStream(opts.output) : null;
  const write = (line: string) => (out ? out.write(line + '\n') : output.out(line));
  let lineNo = 0;
  let bad = 0;
  const skip = (why: string) => {
    bad += 1;
    output.err(`vigil: ${opts.input} line ${lineNo}: ${why}; skipped`);
  };
  for await (const line of createInterface({ input: createReadStream(opts.input!), crlfDelay: Infinity })) {
    lineNo += 1;
    if (!line.trim()) continue;
    let row: { id?: unknown; name?: unknown; dob?: unknown; country?: unknown; type?: unknown };
    try {
      row = JSON.parse(line) as typeof row;
    } catch {
      skip('not JSON');
      continue;
    }
    if (typeof row !== 'object' || row === null || typeof row.name !== 'string' || row.name.trim() === '') {
      skip('no "name"');
      continue;
    }
    const q: ScreeningQuery = { name: row.name, ...(typeof row.dob === 'string' ? { birthDate: row.dob } : {}), ...(typeof row.country === 'string' ? { country: row.country } : {}), ...(typeof row.type === 'string' ? { type: row.type as ScreeningQuery['type'] } : {}) };
    const { matches } = await vigil.screening.screen(q, opts.threshold ? { threshold: Number(opts.threshold) } : {});
    write(JSON.stringify({ id: row.id ?? lineNo, matches: matches.map((m) => ({ entityId: m.entityId, list: m.list, name: m.name, matchedName: m.matchedName, score: Number(m.score.toFixed(4)), explanation: m.explanation })) }));
  }
  if (out) await new Promise<void>((resolve) => out.end(resolve));
  return bad;
}

/** The report on stdout; its warnings (missing companion files, a count the file does not hold) on stderr. */
function printImport(report: ImportOutcome, output: Output): void {
  output.out(
    report.unchanged
      ? `${report.list}: unchanged (${report.entityCount} entities, ${report.dataVer})`
      : `${report.list}: ${report.entityCount} entities, +${report.added} ~${report.changed} -${report.removed} (${report.dataVer})`,
  );
  if (report.rescreen) output.out(`re-screened ${report.rescreen.rescreened} of ${report.rescreen.checked} customers against the change (${report.rescreen.candidates} could be affected)`);
  printWarnings(report, output);
}

function printWarnings(report: ImportOutcome, output: Output): void {
  for (const w of report.warnings) output.err(`vigil: warning: ${report.list}: ${w.message} [${w.code}]`);
}

/** `vigil lists …` and `vigil screen …`. */
export function registerScreeningCommands(program: Command, common: Common, withVigil: WithVigil, output: Output, setExitCode: (code: number) => void): void {
  const lists = program.command('lists').description('sanctions, PEP and watch lists: show loaded lists, import files').enablePositionalOptions();
  common(lists).option('--json', 'print JSON').action(async (opts: CommonOptions & { json?: boolean }) => {
    const rows = await withVigil(opts, (vigil) => vigil.lists.lists(vigil.database.db));
    if (opts.json) return output.out(JSON.stringify(rows));
    if (rows.length === 0) return output.out('no lists loaded; import one with: vigil lists import FILE [--format FORMAT]');
    for (const l of rows) output.out(`${l.name.padEnd(22)} ${l.format.padEnd(14)} ${String(l.entities).padStart(7)} entities  ${l.dataVer}  ${l.updatedAt}`);
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
    .option('--json', 'print the import reports as JSON')
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
        const failed: string[] = [];
        // One after another, as the scheduler does: each import re-screens customers against its change.
        for (const source of sources) {
          try {
            reports.push(await vigil.listRefresher.refresh(source));
          } catch (err) {
            failed.push(`${source.list} (${source.url}): ${(err as Error).message}${isVigilError(err) ? ` [${err.code}]` : ''}; the loaded version stays`);
          }
        }
        return { reports, failed };
      });
      if (opts.json) {
        for (const report of reports) printWarnings(report, output);
        output.out(JSON.stringify(reports));
      } else for (const report of reports) printImport(report, output);
      for (const line of failed) output.err(`vigil: ${line}`);
      if (failed.length > 0) setExitCode(1);
    });

  common(program.command('screen').description('screen a name, or a JSON-lines file of names, against the loaded lists').argument('[name]', 'name to screen'))
    .option('--dob <date>', 'birth date YYYY[-MM[-DD]]')
    .option('--country <cc>', 'ISO country code')
    .addOption(new Option('--type <type>', 'entity type').choices(['person', 'organization', 'vessel', 'aircraft']))
    .option('--threshold <score>', 'minimum score (0–1)')
    .option('--json', 'print JSON')
    .option('--input <file>', 'JSON lines {"id","name","dob"?,"country"?,"type"?}')
    .option('--output <file>', 'where batch results go (default stdout)')
    .action(async (name: string | undefined, opts: ScreenOptions) => {
      if (!name && !opts.input) throw new Error('give a NAME or --input FILE');
      await withVigil(opts, async (vigil) => {
        if (opts.input) {
          if ((await screenBatch(vigil, opts, output)) > 0) setExitCode(1);
          return undefined;
        }
        const q: ScreeningQuery = { name: name!, ...(opts.dob ? { birthDate: opts.dob } : {}), ...(opts.country ? { country: opts.country.toUpperCase() } : {}), ...(opts.type ? { type: opts.type } : {}) };
        const result = await vigil.screening.screen(q, opts.threshold ? { threshold: Number(opts.threshold) } : {});
        if (opts.json) return output.out(JSON.stringify(result));
        if (result.matches.length === 0) return output.out(`no match above ${result.threshold} (${result.dataVer})`);
        for (const m of result.matches) {
          output.out(`${m.score.toFixed(3)}  ${m.entityId}  ${m.name}${m.matchedName !== m.name ? `  (matched "${m.matchedName}")` : ''}`);
          const e = m.explanation;
          output.out(`       tokens: ${e.alignment.map((a: MatchExplanation['alignment'][number]) => `${a.query}~${a.candidate} ${a.how} ${a.similarity.toFixed(2)}`).join(', ')}`);
          for (const f of e.factors) output.out(`       ${f.factor} ${f.effect >= 0 ? '+' : ''}${f.effect.toFixed(3)}: ${f.detail}`);
        }
        return undefined;
      });
    });
}
