import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import { sha256Hex } from '../core/hash.js';
import type { Database } from '../db/executor.js';
import type { SignupIntel } from '../onboarding/signup.service.js';
import type { Config } from '../config/schema.js';
import { DisposableDomains } from './email/disposable-domains.js';
import { parseEmail } from './email/email-address.js';
import { IntelErrors } from './errors.js';
import { MxChecker } from './email/mx-check.js';
import { IpIntel } from './ip/ip-intel.js';
import { MinFraudClient } from './minfraud/minfraud-client.js';
import { parsePhone } from './phone/phone.js';
import { lastRefusal, recordRefusal, refusalOf } from './refused-reload.js';

/** Lists shipped with Vigil (assets/intel, credited in its README), used when the config names none. */
export const BUNDLED = resolve(import.meta.dirname, '../../assets/intel');
const BUNDLED_FILES = {
  email: ['disposable_email_blocklist.conf', 'burner_email_providers.txt', 'unkn0w_disposable_domains.txt'].map((f) => join(BUNDLED, 'email', f)),
  datacenter: ['datacenter_ipv4.txt', 'datacenter_ipv6.txt'].map((f) => join(BUNDLED, 'ip', f)),
  vpn: ['vpn_ipv4.txt', 'vpn_ipv6.txt'].map((f) => join(BUNDLED, 'ip', f)),
  country: ['asn-country-ipv4_2020-07-27.csv.gz', 'asn-country-ipv6_2020-07-27.csv.gz'].map((f) => join(BUNDLED, 'ip', f)),
};
const RECHECK_MS = 5000;
/** Share of a list file's entries a reload may drop without `force`: a cut or excerpted file is far likelier than a list halving. */
export const MAX_DROPPED_SHARE = 0.5;

type IntelConfig = Config['intel'];
export type IntelReport = Awaited<ReturnType<IntelService['report']>>;
/** Entries read from each list file (disposable domains, IP ranges), by path. */
type FileEntries = Record<string, number>;

interface Loaded {
  email: DisposableDomains;
  ip: IpIntel;
  seq: number;
  loadedAt: string;
  entries: FileEntries;
}

/**
 * How a load was asked for: the first in a process is not checked (nothing to compare with, and a
 * server must start); a reload someone requested is checked for shrunk lists unless forced; a
 * server following another node's accepted reload loads what that node checked.
 */
type LoadMode = { kind: 'first' } | { kind: 'requested'; force: boolean } | { kind: 'follow' };

function entriesOf(email: DisposableDomains, ip: IpIntel): FileEntries {
  return Object.fromEntries([...email.sources.map((s) => [s.file, s.domains] as const), ...ip.fileEntries().map((f) => [f.file, f.entries] as const)]);
}

const RELOAD_REMEDY = 'nothing was reloaded and the previous data stays in use. Restore the whole file and reload, or if the list really is this short now, run vigil intel reload --force';

/**
 * INTEL_LIST_SHRUNK for the first file that would lose more than MAX_DROPPED_SHARE of its entries;
 * `remedy` says what was kept and how to proceed.
 */
export function shrunkList(before: FileEntries, after: FileEntries, remedy = RELOAD_REMEDY): VigilError | null {
  for (const [file, entries] of Object.entries(after)) {
    const loaded = before[file];
    if (!loaded || (loaded - entries) / loaded <= MAX_DROPPED_SHARE) continue;
    return new VigilError(
      IntelErrors.INTEL_LIST_SHRUNK,
      `${file} holds ${entries} entries where the loaded list had ${loaded} (more than ${MAX_DROPPED_SHARE * 100}% gone): it looks cut short, so ${remedy}`,
      { file, loaded, entries, maxDroppedShare: MAX_DROPPED_SHARE },
    );
  }
  return null;
}

/**
 * Email, IP and phone intelligence for the sign-up gate, loaded from files. A reload (asked by
 * `vigil intel reload` or the API on any node, through a sequence number in the database) loads
 * everything anew and swaps it in only when all of it loaded; otherwise the previous data stays
 * and the failure is reported.
 */
export class IntelService implements SignupIntel {
  private loaded: Loaded | null = null;
  /** The first load, shared by everyone who asks before it finishes. */
  private firstLoad: Promise<void> | null = null;
  private checkedAt = 0;
  private lastError: { at: string; message: string } | null = null;
  private watchTimer: NodeJS.Timeout | null = null;
  private readonly mxChecker: MxChecker | null;
  private readonly minfraudClient: MinFraudClient | null;

  constructor(
    private readonly config: IntelConfig,
    private readonly dataDir: string,
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly log?: { warn(obj: object, msg: string): void },
  ) {
    this.mxChecker = config.mx.enabled ? new MxChecker({ servers: config.mx.servers, timeoutMs: config.mx.timeoutMs }) : null;
    const mf = config.minfraud;
    this.minfraudClient = mf ? new MinFraudClient({ baseUrl: mf.baseUrl, accountId: mf.accountId, licenseKey: mf.licenseKey, service: mf.service, timeoutMs: mf.timeoutMs, breaker: { failures: 5, cooldownMs: 30_000 }, now: () => this.clock.now().getTime() }) : null;
  }

  /** Where the scheduled Tor refresh keeps its copy; loaded with the configured Tor files. */
  get torRefreshFile(): string {
    return join(this.dataDir, 'intel', 'tor-exit-list.txt');
  }

  /**
   * Where the entries of the last accepted load are kept, so `vigil intel reload` (a process with
   * nothing loaded) can tell a shrunk list from the one the servers use.
   */
  get entriesFile(): string {
    return join(this.dataDir, 'intel', 'list-entries.json');
  }

  /**
   * Loads every file; throws (keeping what was loaded before) when any is missing or broken, or,
   * for a requested reload, when a list shrank by more than half (INTEL_LIST_SHRUNK).
   */
  async load(seq?: number, mode: LoadMode = { kind: 'first' }): Promise<void> {
    const c = this.config;
    const torFiles = [...c.torFiles, ...(existsSync(this.torRefreshFile) ? [this.torRefreshFile] : [])];
    try {
      const [email, ip] = await Promise.all([
        DisposableDomains.load({ files: c.disposableEmailFiles ?? BUNDLED_FILES.email, allow: c.emailAllowList }),
        IpIntel.load({
          torFiles,
          datacenterFiles: c.datacenterFiles ?? BUNDLED_FILES.datacenter,
          vpnFiles: c.vpnFiles ?? BUNDLED_FILES.vpn,
          countryRangeFiles: c.countryRangeFiles ?? BUNDLED_FILES.country,
          ...(c.mmdbCity ? { mmdbCity: c.mmdbCity } : {}),
          ...(c.mmdbAsn ? { mmdbAsn: c.mmdbAsn } : {}),
        }),
      ]);
      const entries = entriesOf(email, ip);
      if (mode.kind === 'requested' && !mode.force) {
        const refusal = shrunkList(this.baseline(), entries);
        if (refusal) throw refusal;
      }
      this.loaded = { email, ip, seq: seq ?? (await this.currentSeq()), loadedAt: this.clock.now().toISOString(), entries };
      this.lastError = null;
      this.record(entries, mode.kind !== 'first');
    } catch (err) {
      this.lastError = { at: this.clock.now().toISOString(), message: (err as Error).message };
      throw err;
    }
  }

  /**
   * Loads the files here first (a missing or broken one throws, and no node is asked to reload),
   * then bumps the sequence so every other node reloads within seconds. A refusal is recorded in
   * the database, where every server's status shows it, whichever process asked.
   */
  async requestReload(actor: string, options: { force?: boolean } = {}): Promise<IntelReport> {
    const force = options.force === true;
    try {
      await this.load(undefined, { kind: 'requested', force });
    } catch (err) {
      await this.recordRefused(err, actor, force);
      throw err;
    }
    const seq = await this.database.transaction(async (trx) => {
      const row = await trx.selectFrom('intel_state').select('reload_seq').where('id', '=', 1).executeTakeFirstOrThrow();
      await trx.updateTable('intel_state').set({ reload_seq: row.reload_seq + 1, requested_at: this.clock.now().toISOString() }).where('id', '=', 1).execute();
      await this.audit.append(trx, { actor, action: 'intel.reload_requested', subject: 'intel', data: { seq: row.reload_seq + 1, ...(force ? { force } : {}) } });
      return row.reload_seq + 1;
    });
    this.loaded = { ...this.need(), seq };
    return this.report();
  }

  /** The status, with the last refused reload of any process (null if none ever was). */
  async report() {
    return { ...this.status(), lastRefusedReload: await lastRefusal(this.database.db) };
  }

  private async recordRefused(err: unknown, actor: string, force: boolean): Promise<void> {
    try {
      await recordRefusal(this.database.db, refusalOf(err, actor, force, this.clock.now().toISOString(), await this.currentSeq()));
    } catch (recordErr) {
      // The refusal itself is what the caller needs to hear; only the status misses it.
      this.log?.warn({ err: (recordErr as Error).message }, 'the refused intel reload could not be recorded');
    }
  }

  /** The loaded data, reloaded first when another node (or the CLI) asked for it. */
  async current(): Promise<SignupIntel> {
    const now = this.clock.now().getTime();
    if (!this.loaded) await (this.firstLoad ??= this.load().finally(() => (this.firstLoad = null)));
    else if (now - this.checkedAt >= RECHECK_MS) {
      this.checkedAt = now;
      const seq = await this.currentSeq();
      if (seq !== this.loaded.seq) {
        await this.load(seq, { kind: 'follow' }).catch((err: unknown) => this.log?.warn({ err: (err as Error).message }, 'intel reload failed; the previous data stays in use'));
        if (this.loaded.seq !== seq) this.loaded = { ...this.loaded, seq };
      }
    }
    return this;
  }

  /**
   * Checks for a requested reload in the background, so a server picks it up within seconds
   * (and its status says so) instead of on its next sign-up, which would wait for the load.
   */
  startWatching(intervalMs: number = RECHECK_MS): void {
    if (this.watchTimer) return;
    this.watchTimer = setInterval(() => void this.current().catch((err: unknown) => this.log?.warn({ err: (err as Error).message }, 'intel data could not be loaded')), intervalMs);
    this.watchTimer.unref();
  }

  stopWatching(): void {
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
  }

  status() {
    const l = this.loaded;
    return {
      dataVer: l ? this.dataVer() : null,
      loadedAt: l?.loadedAt ?? null,
      reloadSeq: l?.seq ?? null,
      email: l ? { domains: l.email.size, sources: l.email.sources, dataVer: l.email.dataVer } : null,
      ip: l ? { ...l.ip.stats(), dataVer: l.ip.dataVer() } : null,
      mxCheck: this.mxChecker !== null,
      minfraud: this.minfraudClient !== null,
      lastError: this.lastError,
    };
  }

  email(address: string) {
    const parsed = parseEmail(address);
    return { normalized: parsed.normalized, domain: parsed.domain, ...this.need().email.check(parsed.domain) };
  }

  async mx(domain: string) {
    return this.mxChecker ? (await this.mxChecker.check(domain)).status : 'skipped';
  }

  ip(address: string) {
    return this.need().ip.check(address);
  }

  phone(input: string, defaultCountry?: string) {
    return parsePhone(input, defaultCountry);
  }

  /** A minFraud score when configured; an unavailable service is a signal, not a failed sign-up. */
  async minfraud(input: Parameters<SignupIntel['minfraud']>[0]) {
    if (!this.minfraudClient) return null;
    try {
      const r = await this.minfraudClient.assess({ ip: input.ip, email: input.email, userId: input.userId, ...(input.userAgent ? { userAgent: input.userAgent } : {}), ...(input.country ? { billingCountry: input.country } : {}) });
      return { riskScore: r.riskScore, ipRisk: r.ipRisk };
    } catch (err) {
      return { error: (err as { code?: string }).code ?? 'INTEL_PROVIDER_FAILED' };
    }
  }

  /** Versions of every file in use: recorded in each sign-up decision. */
  dataVer(): string {
    const l = this.need();
    return `intel_${sha256Hex(`${l.email.dataVer}|${l.ip.dataVer()}`).slice(0, 16)}`;
  }

  /** Entries of the list files a reload is compared with: those in use here, else the last accepted load's. */
  baseline(): FileEntries {
    return this.loaded ? this.loaded.entries : this.recorded();
  }

  private recorded(): FileEntries {
    try {
      return (JSON.parse(readFileSync(this.entriesFile, 'utf8')) as { files: FileEntries }).files;
    } catch {
      return {}; // never recorded (or unreadable): like a first load, nothing to compare with
    }
  }

  /**
   * Keeps the entries for the next `vigil intel reload`. A first load only adds files not recorded
   * yet: a process merely looking (`vigil intel`) at a cut file must not make it the new baseline.
   */
  private record(entries: FileEntries, accepted: boolean): void {
    const recorded = this.recorded();
    const files = accepted ? { ...recorded, ...entries } : { ...entries, ...recorded };
    // Most loads (every start-up, every CLI command) find the record as it is: nothing to write.
    if (JSON.stringify(files) === JSON.stringify(recorded)) return;
    try {
      mkdirSync(dirname(this.entriesFile), { recursive: true });
      writeFileSync(`${this.entriesFile}.tmp`, JSON.stringify({ files }));
      renameSync(`${this.entriesFile}.tmp`, this.entriesFile);
    } catch (err) {
      // The data is loaded and in use; only the next CLI reload loses its comparison.
      this.log?.warn({ err: (err as Error).message, file: this.entriesFile }, 'intel list entries could not be recorded');
    }
  }

  private need(): Loaded {
    if (!this.loaded) throw new Error('intel data is not loaded yet: call current() first');
    return this.loaded;
  }

  private async currentSeq(): Promise<number> {
    const row = await this.database.db.selectFrom('intel_state').select('reload_seq').where('id', '=', 1).executeTakeFirst();
    return row?.reload_seq ?? 0;
  }
}
