import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import { sha256Hex } from '../core/hash.js';
import type { Executor } from '../db/executor.js';
import type { EventsService } from '../events/events.service.js';
import * as store from './api-keys.store.js';
import { AuthErrors } from './errors.js';
import { isRole, type Role } from './permissions.js';

export interface Principal {
  keyId: string;
  role: Role;
  /** For audit records: `key:<id>`. */
  actor: string;
}

export interface ApiKeyView {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const TOKEN = /^vigil_([0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/;
/** Last-used times are written at most this often per key, so reads stay reads. */
const TOUCH_EVERY_MS = 60_000;

function view(k: store.ApiKeyRecord): ApiKeyView {
  return { id: k.id, name: k.name, role: k.role, createdAt: k.createdAt, createdBy: k.createdBy, lastUsedAt: k.lastUsedAt, revokedAt: k.revokedAt };
}

// The secret is 256 random bits, so a plain SHA-256 cannot be brute-forced; a slow password hash
// would only add latency to every request.
function hashSecret(secret: string): string {
  return sha256Hex(secret);
}

export class ApiKeysService {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  /** Creates a key; the returned token is shown once and never stored. */
  async create(trx: Executor, input: { role: string; name?: string | undefined }, actor: string): Promise<ApiKeyView & { token: string }> {
    if (!isRole(input.role)) {
      throw new VigilError(AuthErrors.ROLE_UNKNOWN, `unknown role "${input.role}"`, { role: input.role });
    }
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const record: store.ApiKeyRecord = {
      id,
      name: input.name ?? input.role,
      role: input.role,
      secretHash: hashSecret(secret),
      createdAt: this.clock.now().toISOString(),
      createdBy: actor,
      lastUsedAt: null,
      revokedAt: null,
    };
    await store.insertKey(trx, record);
    await this.audit.append(trx, { actor, action: 'api_key.created', subject: `api_key:${id}`, data: { role: input.role } });
    await this.events.emit(trx, { type: 'api_key.created', subject: `api_key:${id}`, payload: { keyId: id, role: input.role } });
    return { ...view(record), token: `vigil_${id}.${secret}` };
  }

  async list(db: Executor): Promise<ApiKeyView[]> {
    return (await store.listKeys(db)).map(view);
  }

  async revoke(trx: Executor, id: string, actor: string): Promise<ApiKeyView> {
    const key = await store.getKey(trx, id);
    if (!key) throw new VigilError(AuthErrors.API_KEY_NOT_FOUND, `no API key with id ${id}`, { keyId: id });
    if (!key.revokedAt) {
      await store.markRevoked(trx, id, this.clock.now().toISOString());
      await this.audit.append(trx, { actor, action: 'api_key.revoked', subject: `api_key:${id}` });
      await this.events.emit(trx, { type: 'api_key.revoked', subject: `api_key:${id}`, payload: { keyId: id } });
    }
    return view((await store.getKey(trx, id))!);
  }

  /** Resolves a bearer token to its principal, or throws AUTH_INVALID. */
  async authenticate(db: Executor, token: string): Promise<Principal> {
    const m = TOKEN.exec(token);
    const invalid = () => new VigilError(AuthErrors.AUTH_INVALID, 'the API key is not valid (malformed, unknown or revoked)', {});
    if (!m) throw invalid();
    const [, id, secret] = m as unknown as [string, string, string];
    const key = await store.getKey(db, id);
    if (!key || key.revokedAt || !isRole(key.role)) throw invalid();
    const given = Buffer.from(hashSecret(secret));
    const stored = Buffer.from(key.secretHash);
    if (given.length !== stored.length || !timingSafeEqual(given, stored)) throw invalid();
    const now = this.clock.now();
    if (!key.lastUsedAt || now.getTime() - Date.parse(key.lastUsedAt) > TOUCH_EVERY_MS) {
      await store.touch(db, id, now.toISOString());
    }
    return { keyId: id, role: key.role, actor: `key:${id}` };
  }
}
