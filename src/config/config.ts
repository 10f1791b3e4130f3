import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { VigilError } from '../core/errors.js';
import { ConfigErrors } from './errors.js';
import { configSchema, ENV_KEYS, type Config } from './schema.js';

export type { Config } from './schema.js';

export interface LoadConfigOptions {
  /** Defaults to process.env; tests pass their own. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Explicit config file; otherwise VIGIL_CONFIG, then ./vigil.config.yaml when present. */
  file?: string;
  /** Values from command-line flags, by config path (e.g. `server.port`). They win over everything. */
  overrides?: Readonly<Record<string, unknown>>;
  cwd?: string;
}

type Tree = Record<string, unknown>;

function setPath(tree: Tree, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = tree;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Tree;
  }
  node[parts[parts.length - 1]!] = value;
}

function invalid(message: string, context: Record<string, unknown>): VigilError {
  return new VigilError(ConfigErrors.CONFIG_INVALID, message, context);
}

function convertEnv(name: string, path: string, type: 'string' | 'int' | 'number' | 'bool', raw: string): unknown {
  if (type === 'string') return raw;
  if (type === 'number') {
    if (!/^-?\d+(\.\d+)?$/.test(raw.trim())) throw invalid(`${path} (from ${name}): expected a number, got "${raw}"`, { key: path, env: name });
    return Number(raw.trim());
  }
  if (type === 'int') {
    if (!/^-?\d+$/.test(raw.trim())) throw invalid(`${path} (from ${name}): expected a whole number, got "${raw}"`, { key: path, env: name });
    return Number(raw.trim());
  }
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw invalid(`${path} (from ${name}): expected true or false, got "${raw}"`, { key: path, env: name });
}

function readFile(path: string): Tree {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new VigilError(ConfigErrors.CONFIG_FILE_UNREADABLE, `cannot read config file ${path}: ${(err as Error).message}`, { file: path });
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    throw invalid(`config file ${path} is not valid YAML: ${(err as Error).message}`, { file: path });
  }
  if (parsed == null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid(`config file ${path} must hold a mapping of keys`, { file: path });
  return parsed as Tree;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Builds the one configuration object: defaults < config file < environment < overrides.
 * A bad value throws CONFIG_INVALID naming the key (and the variable it came from).
 */
export function loadConfig(options: LoadConfigOptions = {}): Readonly<Config> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const envFile = env.VIGIL_CONFIG;
  const file = options.file ?? envFile ?? (existsSync(resolve(cwd, 'vigil.config.yaml')) ? 'vigil.config.yaml' : undefined);

  const tree: Tree = file ? readFile(resolve(cwd, file)) : {};
  const origin = new Map<string, string>();
  for (const [name, path, type] of ENV_KEYS) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    setPath(tree, path, convertEnv(name, path, type, raw));
    origin.set(path, name);
  }
  for (const [path, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue;
    setPath(tree, path, value);
    origin.set(path, 'command line');
  }

  const result = configSchema.safeParse(tree);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = [...issue.path, ...keys.slice(0, 1)].join('.') || '(root)';
    const from = origin.get(path) ?? (file ? `file ${file}` : 'defaults');
    const message =
      issue.code === 'unrecognized_keys' ? `unknown configuration key ${path}` : `${path} (from ${from}): ${issue.message}`;
    throw invalid(`invalid configuration: ${message}`, { key: path, from });
  }
  const config = result.data;
  if (config.server.workers > 1 && !config.database.url) {
    const from = origin.get('server.workers') ?? (file ? `file ${file}` : 'defaults');
    throw invalid(`invalid configuration: server.workers (from ${from}) is ${config.server.workers}, but several server processes need PostgreSQL (database.url): SQLite has one writer`, {
      key: 'server.workers',
      from,
    });
  }
  config.dataDir = resolve(cwd, config.dataDir);
  if (config.audit.signingKeyFile) config.audit.signingKeyFile = resolve(cwd, config.audit.signingKeyFile);
  if (config.vault.keyringFile) config.vault.keyringFile = resolve(cwd, config.vault.keyringFile);
  return deepFreeze(config);
}
