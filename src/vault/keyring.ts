import { hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { VigilError } from '../core/errors.js';
import { VaultErrors } from './errors.js';

interface KeyringFile {
  version: 1;
  /** Master key that wraps new data keys. */
  current: string;
  masterKeys: Record<string, string>;
  /** Key of the blind indexes; not rotated with the master keys (indexes would need rebuilding). */
  indexKey: string;
}

const RECHECK_MS = 5000;

function newKeyId(now: Date): string {
  return `mk_${now.toISOString().slice(0, 10).replaceAll('-', '')}_${randomBytes(3).toString('hex')}`;
}

function decodeKey(b64: string, what: string, file: string): Buffer {
  const key = Buffer.from(b64, 'base64');
  if (key.length !== 32) throw new VigilError(VaultErrors.VAULT_KEYRING_INVALID, `${what} in ${file} is not a 32-byte base64 key`, { file });
  return key;
}

/**
 * The vault's master keys (key-encryption keys) and blind-index key, kept in one JSON file
 * (mode 0600) that the operator backs up and may mount from a secret store. Running servers
 * notice a rotation within seconds: the file is re-read when it changes.
 */
export class Keyring {
  private data!: KeyringFile;
  private masters = new Map<string, Buffer>();
  private index!: Buffer;
  private mtimeMs = 0;
  private checkedAt = 0;

  /** `file` is null when the keyring came from the environment: then it is read-only. */
  private constructor(
    private readonly file: string | null,
    private readonly inline?: string,
  ) {
    this.load();
  }

  /**
   * A keyring passed as JSON (e.g. `VIGIL_VAULT_KEYRING` from a secret store). It cannot be
   * rotated in place: add a key to the JSON, make it current, restart, then `vigil keys rewrap`.
   */
  static fromJson(json: string): Keyring {
    return new Keyring(null, json);
  }

  static open(file: string, now = new Date()): Keyring {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      const id = newKeyId(now);
      const data: KeyringFile = { version: 1, current: id, masterKeys: { [id]: randomBytes(32).toString('base64') }, indexKey: randomBytes(32).toString('base64') };
      writeFileSync(file, JSON.stringify(data, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    }
    return new Keyring(file);
  }

  currentMaster(): { id: string; key: Buffer } {
    this.refresh();
    return { id: this.data.current, key: this.masters.get(this.data.current)! };
  }

  master(id: string): Buffer {
    this.refresh();
    let key = this.masters.get(id);
    if (!key) {
      this.load();
      key = this.masters.get(id);
    }
    if (!key) throw new VigilError(VaultErrors.VAULT_KEY_UNKNOWN, `master key ${id} is not in the keyring ${this.file}`, { kekId: id });
    return key;
  }

  indexKey(): Buffer {
    return this.index;
  }

  /**
   * A key for another purpose (signing upload links …), derived from the index key so that
   * every node sharing the keyring derives the same one and no extra secret needs managing.
   */
  derivedKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.index, Buffer.alloc(0), `vigil:${purpose}`, 32));
  }

  masterIds(): string[] {
    this.refresh();
    return Object.keys(this.data.masterKeys);
  }

  /** Adds a new master key and makes it current; older keys stay until retired. */
  rotate(now = new Date()): string {
    this.writable();
    this.load();
    const id = newKeyId(now);
    this.write({ ...this.data, current: id, masterKeys: { ...this.data.masterKeys, [id]: randomBytes(32).toString('base64') } });
    return id;
  }

  /** Removes a master key that no longer wraps anything (the caller checks that). */
  retire(id: string): void {
    this.writable();
    this.load();
    if (id === this.data.current) throw new VigilError(VaultErrors.VAULT_KEY_IN_USE, `master key ${id} is the current key`, { kekId: id });
    const masterKeys = { ...this.data.masterKeys };
    delete masterKeys[id];
    this.write({ ...this.data, masterKeys });
  }

  private writable(): string {
    if (this.file === null) {
      throw new VigilError(VaultErrors.VAULT_KEYRING_READ_ONLY, 'the keyring comes from the environment (VIGIL_VAULT_KEYRING): add the new master key there, make it current, restart, then run `vigil keys rewrap`', {});
    }
    return this.file;
  }

  private write(data: KeyringFile): void {
    const file = this.writable();
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
    this.load();
  }

  private refresh(): void {
    if (this.file === null) return;
    const now = Date.now();
    if (now - this.checkedAt < RECHECK_MS) return;
    this.checkedAt = now;
    if (statSync(this.file).mtimeMs !== this.mtimeMs) this.load();
  }

  private load(): void {
    const source = this.file ?? 'VIGIL_VAULT_KEYRING';
    let parsed: KeyringFile;
    try {
      parsed = JSON.parse(this.file === null ? (this.inline ?? '') : readFileSync(this.file, 'utf8')) as KeyringFile;
    } catch (err) {
      throw new VigilError(VaultErrors.VAULT_KEYRING_INVALID, `cannot read the vault keyring ${source}: ${(err as Error).message}`, { source });
    }
    if (parsed?.version !== 1 || typeof parsed.masterKeys !== 'object' || !parsed.masterKeys[parsed.current]) {
      throw new VigilError(VaultErrors.VAULT_KEYRING_INVALID, `the vault keyring ${source} has no usable current master key`, { source });
    }
    const masters = new Map<string, Buffer>();
    for (const [id, b64] of Object.entries(parsed.masterKeys)) masters.set(id, decodeKey(b64, `master key ${id}`, source));
    this.index = decodeKey(parsed.indexKey, 'indexKey', source);
    this.masters = masters;
    this.data = parsed;
    if (this.file !== null) this.mtimeMs = statSync(this.file).mtimeMs;
    this.checkedAt = Date.now();
  }
}
