import { createHmac } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { atCommit, staged } from '../db/commit-work.js';
import type { Database, Executor } from '../db/executor.js';
import { blindIndex, keyedTag32, newDataKey, open, seal } from './crypto.js';
import { VaultErrors } from './errors.js';
import type { Keyring } from './keyring.js';
import { INDEXED_FIELDS, isIndexed, type IndexedField } from './normalize.js';
import type { VaultKeyTable, VaultSchema } from './vault.schema.js';
import * as store from './vault.store.js';

/** Who reads personal data and why: every decrypting read is logged with both. */
export interface AccessContext {
  actor: string;
  purpose: string;
}

export interface StoredFile {
  fileId: string;
  subjectId: string;
  kind: string;
  mime: string;
  bytes: Buffer;
}

type Db = Executor<VaultSchema>;
type Fields = Readonly<Record<string, string | null | undefined>>;
/** `newSubject`: the caller minted the subject id in this transaction, so it has no key row yet. */
type PutEntry = readonly [subjectId: string, values: Fields, newSubject?: boolean];

/** Fields put within a main-store transaction, waiting for its commit. */
const STAGED_PUTS = Symbol('vault puts');

const erasedError = (subjectId: string, at: string) =>
  new VigilError(VaultErrors.VAULT_SUBJECT_ERASED, `the personal data of ${subjectId} was erased on ${at}`, { subjectId });

/**
 * The only place personal data lives. Each subject (a customer, a director, a UBO) has its own
 * data key; every field is sealed with it under AES-256-GCM; the data key is wrapped by a
 * master key from the keyring. Exact look-ups go through keyed blind indexes.
 */
export class VaultService {
  private readonly purposeKeys = new Map<string, Buffer>();

  constructor(
    readonly database: Database<VaultSchema>,
    private readonly keyring: Keyring,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores (or with null, removes) fields of a subject in one transaction.
   *
   * `within`: a transaction of the main store whose change refers to these fields. They are then
   * written just before it commits — for a SQLite group commit, with the whole group's in one
   * vault transaction instead of one durable vault commit each — so they are durable before the
   * change is, and dropped if it rolls back. `read` with the same `within` sees them meanwhile.
   * `newSubject`: the caller has just minted `subjectId`, so it cannot have been erased.
   */
  async put<S>(subjectId: string, values: Fields, within?: Executor<S>, options: { newSubject?: boolean } = {}): Promise<void> {
    const waiting = within ? atCommit<PutEntry, S>(within, STAGED_PUTS, (items) => this.putMany(items, { skipErased: true })) : null;
    if (!waiting) return this.putMany([[subjectId, values]]);
    if (!options.newSubject) {
      // Refused now rather than when the group commits, where it would fail everyone's transaction.
      const key = await store.getKey(this.database.db, subjectId);
      if (key?.erased_at) throw erasedError(subjectId, key.erased_at);
    }
    waiting.push([subjectId, values, options.newSubject === true]);
  }

  /**
   * Stores the fields of many subjects in one transaction (bulk loads, and a commit group's
   * staged puts), as a few set-wide statements: key rows read and created together, then every
   * field and blind index written at once. Where a subject's field is put more than once, the
   * last put wins, as it would one put after another. `skipErased`: subjects erased meanwhile
   * are passed over — their erasure came after the write was staged, and wins.
   */
  async putMany(entries: ReadonlyArray<PutEntry>, options: { skipErased?: boolean } = {}): Promise<void> {
    const at = this.clock.now().toISOString();
    const latest = new Map<string, Map<string, string | null>>();
    // Subjects minted in the staging transaction have no key row to read.
    const minted = new Set<string>();
    for (const [subjectId, values, newSubject] of entries) {
      let fields = latest.get(subjectId);
      if (!fields) latest.set(subjectId, (fields = new Map()));
      for (const [field, value] of Object.entries(values)) if (value !== undefined) fields.set(field, value);
      if (newSubject) minted.add(subjectId);
    }
    const known = [...latest.keys()].filter((id) => !minted.has(id));
    const plan = (keyRows: ReadonlyMap<string, VaultKeyTable>): store.VaultWrites => {
      const writes: store.VaultWrites = { keys: [], removed: [], fields: [], indexes: [] };
      for (const [subjectId, fields] of latest) {
        const row = keyRows.get(subjectId);
        if (options.skipErased && row?.erased_at) continue;
        let dek = this.keyFrom(subjectId, row);
        if (!dek) {
          const created = this.newKey(subjectId);
          writes.keys.push(created.row);
          dek = created.dek;
        }
        for (const [field, value] of fields) {
          if (value === null) {
            writes.removed.push([subjectId, field]);
            continue;
          }
          writes.fields.push({ subject_id: subjectId, field, ciphertext: seal(dek, Buffer.from(value, 'utf8'), fieldAad(subjectId, field)), updated_at: at });
          if (isIndexed(field)) writes.indexes.push({ subject_id: subjectId, field, digest: this.digest(field, value) });
        }
      }
      return writes;
    };
    if (known.length === 0) {
      // Only new subjects (a sign-up's or onboarding's): nothing to read, and on PostgreSQL the
      // writes can go as one statement, atomic by itself: one round trip instead of five.
      const writes = plan(new Map());
      if (this.database.caps.writableCte && (await store.writeAsOne(this.database.db, writes))) return;
      await this.database.transaction((trx) => store.writeAll(trx, writes));
      return;
    }
    await this.database.transaction(async (trx) => store.writeAll(trx, plan(await store.getKeys(trx, known))));
  }

  /**
   * Decrypts the named fields (all when `fields` is null) and logs the access. `within`: the
   * main-store transaction the read belongs to; fields it `put` and has not committed yet are
   * returned as they will be stored.
   */
  async read<S>(subjectId: string, fields: readonly string[] | null, ctx: AccessContext, within?: Executor<S>): Promise<Record<string, string>> {
    const db = this.database.db;
    const dek = await this.dataKey(db, subjectId, false);
    const out: Record<string, string> = {};
    if (dek) {
      const rows = await store.readFields(db, subjectId, fields);
      for (const row of rows) out[row.field] = this.decrypt(dek, row.ciphertext, fieldAad(subjectId, row.field), subjectId);
      // The log records decrypting reads; a read that found none of the fields decrypted nothing.
      if (rows.length > 0) await this.log(subjectId, `fields:${rows.map((r) => r.field).sort().join(',')}`, ctx);
    }
    if (within) {
      for (const [id, values] of staged<PutEntry, S>(within, STAGED_PUTS)) {
        if (id !== subjectId) continue;
        for (const [field, value] of Object.entries(values)) {
          if (value === undefined || (fields && !fields.includes(field))) continue;
          if (value === null) delete out[field];
          else out[field] = value;
        }
      }
    }
    return out;
  }

  /**
   * `read` for many subjects at once (bulk screening): one transaction, one access-log entry per
   * subject written together. Subjects without data or whose data was erased are left out.
   */
  async readMany(subjectIds: readonly string[], fields: readonly string[], ctx: AccessContext): Promise<Map<string, Record<string, string>>> {
    const out = new Map<string, Record<string, string>>();
    if (subjectIds.length === 0) return out;
    const at = this.clock.now().toISOString();
    await this.database.transaction(async (trx) => {
      const logged: Array<VaultSchema['vault_access_log']> = [];
      for (const subjectId of subjectIds) {
        const row = await store.getKey(trx, subjectId);
        if (!row || row.erased_at) continue;
        const dek = this.decrypt(this.keyring.master(row.kek_id), row.wrapped_dek, dekAad(subjectId, row.kek_id), subjectId, true);
        const rows = await store.readFields(trx, subjectId, fields);
        const values: Record<string, string> = {};
        for (const r of rows) values[r.field] = this.decrypt(dek, r.ciphertext, fieldAad(subjectId, r.field), subjectId);
        out.set(subjectId, values);
        logged.push({ id: newId('vac'), at, actor: ctx.actor, subject_id: subjectId, what: `fields:${rows.map((r) => r.field).sort().join(',')}`, purpose: ctx.purpose });
      }
      for (let i = 0; i < logged.length; i += 500) await store.logAccessMany(trx, logged.slice(i, i + 500));
    });
    return out;
  }

  /** Subjects whose field equals the value after normalisation; reads no plaintext. */
  async lookup(field: IndexedField, value: string): Promise<string[]> {
    return store.findByDigest(this.database.db, field, this.digest(field, value));
  }

  async putFile(subjectId: string, file: { kind: string; mime: string; bytes: Buffer }): Promise<string> {
    const fileId = newId('file');
    await this.database.transaction(async (trx) => {
      const dek = (await this.dataKey(trx, subjectId, true))!;
      await store.insertFile(trx, {
        id: fileId,
        subject_id: subjectId,
        kind: file.kind,
        mime: file.mime,
        size: file.bytes.length,
        ciphertext: seal(dek, file.bytes, fileAad(subjectId, fileId)),
        created_at: this.clock.now().toISOString(),
      });
    });
    return fileId;
  }

  /** Removes a file that was stored for a change that then failed, so nothing partial remains. */
  async deleteFile(fileId: string): Promise<void> {
    await store.deleteFile(this.database.db, fileId);
  }

  async readFile(fileId: string, ctx: AccessContext): Promise<StoredFile> {
    const row = await store.getFile(this.database.db, fileId);
    if (!row) throw new VigilError(VaultErrors.VAULT_FILE_NOT_FOUND, `no stored file ${fileId}`, { fileId });
    const dek = (await this.dataKey(this.database.db, row.subject_id, false))!;
    const bytes = open(dek, row.ciphertext, fileAad(row.subject_id, fileId));
    await this.log(row.subject_id, `file:${fileId}`, ctx);
    return { fileId, subjectId: row.subject_id, kind: row.kind, mime: row.mime, bytes };
  }

  /** Right to erasure: deletes the fields, files and indexes and destroys the data key. */
  async erase(subjectId: string, ctx: AccessContext): Promise<{ fields: number; files: number }> {
    const at = this.clock.now().toISOString();
    const result = await this.database.transaction((trx) => store.erase(trx, subjectId, at));
    await this.log(subjectId, 'erase', ctx);
    return result;
  }

  accessLog(subjectId: string, limit = 100) {
    return store.accessLog(this.database.db, subjectId, limit);
  }

  /**
   * Re-wraps every data key held under an older master key with the current one, in batches,
   * while the service keeps running (each subject is one small update). Returns how many moved.
   */
  async rewrapAll(onProgress?: (done: number) => void): Promise<number> {
    const current = this.keyring.currentMaster();
    let done = 0;
    for (;;) {
      const batch = await store.keysWrappedWith(this.database.db, current.id, 500);
      if (batch.length === 0) return done;
      for (const row of batch) {
        const dek = open(this.keyring.master(row.kek_id), row.wrapped_dek, dekAad(row.subject_id, row.kek_id));
        const wrapped = seal(current.key, dek, dekAad(row.subject_id, current.id));
        if (await store.rewrap(this.database.db, row.subject_id, row.kek_id, current.id, wrapped)) done += 1;
      }
      onProgress?.(done);
    }
  }

  /**
   * Keyed tags of 32-bit values (retrieval keys of names, for screening): comparable with each
   * other, unreadable without the keyring's index key.
   */
  tagKeys(purpose: string, values: Int32Array): Int32Array {
    return keyedTag32(this.purposeKey(purpose), values);
  }

  /**
   * A keyed digest of a value for one purpose (velocity counters, account links): equal values
   * give equal digests, and nothing can be read from one without the keyring.
   */
  pseudonym(purpose: string, value: string): string {
    return createHmac('sha256', this.purposeKey(purpose)).update(value).digest('hex').slice(0, 32);
  }

  private purposeKey(purpose: string): Buffer {
    let key = this.purposeKeys.get(purpose);
    if (!key) this.purposeKeys.set(purpose, (key = this.keyring.derivedKey(purpose)));
    return key;
  }

  keyUsage(): Promise<Record<string, number>> {
    return store.countByKek(this.database.db);
  }

  private digest(field: IndexedField, value: string): string {
    return blindIndex(this.keyring.indexKey(), field, INDEXED_FIELDS[field](value));
  }

  private async dataKey(db: Db, subjectId: string, create: true): Promise<Buffer>;
  private async dataKey(db: Db, subjectId: string, create: false): Promise<Buffer | null>;
  private async dataKey(db: Db, subjectId: string, create: boolean): Promise<Buffer | null> {
    const dek = this.keyFrom(subjectId, await store.getKey(db, subjectId));
    if (dek || !create) return dek;
    const created = this.newKey(subjectId);
    await store.insertKeys(db, [created.row]);
    return created.dek;
  }

  /** The subject's data key from its key row (read by the caller); null when it has none yet. */
  private keyFrom(subjectId: string, row: VaultKeyTable | undefined): Buffer | null {
    if (row?.erased_at) throw erasedError(subjectId, row.erased_at);
    return row ? this.decrypt(this.keyring.master(row.kek_id), row.wrapped_dek, dekAad(subjectId, row.kek_id), subjectId, true) : null;
  }

  /** A new data key for the subject, and its row wrapped under the current master key. */
  private newKey(subjectId: string): { dek: Buffer; row: VaultKeyTable } {
    const dek = newDataKey();
    const master = this.keyring.currentMaster();
    return { dek, row: { subject_id: subjectId, kek_id: master.id, wrapped_dek: seal(master.key, dek, dekAad(subjectId, master.id)), created_at: this.clock.now().toISOString(), erased_at: null } };
  }

  private decrypt(key: Buffer, sealed: Buffer, aad: string, subjectId: string): string;
  private decrypt(key: Buffer, sealed: Buffer, aad: string, subjectId: string, raw: true): Buffer;
  private decrypt(key: Buffer, sealed: Buffer, aad: string, subjectId: string, raw?: true): string | Buffer {
    try {
      const plain = open(key, sealed, aad);
      return raw ? plain : plain.toString('utf8');
    } catch {
      throw new VigilError(VaultErrors.VAULT_DECRYPT_FAILED, `stored data of ${subjectId} failed its integrity check`, { subjectId });
    }
  }

  private async log(subjectId: string, what: string, ctx: AccessContext): Promise<void> {
    await store.logAccess(this.database.db, { id: newId('vac'), at: this.clock.now().toISOString(), actor: ctx.actor, subject_id: subjectId, what, purpose: ctx.purpose });
  }
}

const fieldAad = (subjectId: string, field: string) => `vigil-field\u0000${subjectId}\u0000${field}`;
const fileAad = (subjectId: string, fileId: string) => `vigil-file\u0000${subjectId}\u0000${fileId}`;
const dekAad = (subjectId: string, kekId: string) => `vigil-dek\u0000${subjectId}\u0000${kekId}`;
