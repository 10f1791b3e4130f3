import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isVigilError } from '../core/errors.js';
import { loadConfig } from './config.js';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'vigil-config-'));
}

function failure(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (isVigilError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected an error');
}

describe('loadConfig', () => {
  it('runs on an empty environment with the documented defaults', () => {
    const cwd = dir();
    const config = loadConfig({ env: {}, cwd });
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(config.dataDir).toBe(join(cwd, 'data'));
    expect(config.database.url).toBeUndefined();
    expect(config.database.sqliteSynchronous).toBe('FULL');
  });

  it('takes file values, lets the environment override them and flags override both', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'vigil.config.yaml'), 'server:\n  port: 9000\n  host: 0.0.0.0\nlog:\n  level: warn\n');
    const config = loadConfig({ env: { VIGIL_PORT: '9100' }, cwd, overrides: { 'server.host': '127.0.0.2' } });
    expect(config.server.port).toBe(9100);
    expect(config.server.host).toBe('127.0.0.2');
    expect(config.log.level).toBe('warn');
  });

  it('returns a frozen object', () => {
    const config = loadConfig({ env: {}, cwd: dir() });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('names the key and the variable of a bad environment value', () => {
    const e = failure(() => loadConfig({ env: { VIGIL_PORT: 'eighty' }, cwd: dir() }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('server.port');
    expect(e.message).toContain('VIGIL_PORT');
  });

  it('names the key of an out-of-range value', () => {
    const e = failure(() => loadConfig({ env: { VIGIL_PORT: '70000' }, cwd: dir() }));
    expect(e.message).toMatch(/server\.port \(from VIGIL_PORT\)/);
  });

  it('refuses a database URL that is not PostgreSQL', () => {
    const e = failure(() => loadConfig({ env: { VIGIL_DATABASE_URL: 'mysql://x' }, cwd: dir() }));
    expect(e.message).toContain('database.url');
  });

  it('refuses unknown keys in the config file', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'vigil.config.yaml'), 'server:\n  prot: 9000\n');
    const e = failure(() => loadConfig({ env: {}, cwd }));
    expect(e.message).toContain('server.prot');
  });

  it('reports a config file that is not YAML and one that is missing', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'bad.yaml'), 'server: [1, 2\n');
    expect(failure(() => loadConfig({ env: {}, cwd, file: 'bad.yaml' })).code).toBe('CONFIG_INVALID');
    expect(failure(() => loadConfig({ env: {}, cwd, file: 'missing.yaml' })).code).toBe('CONFIG_FILE_UNREADABLE');
  });

  it('parses booleans strictly', () => {
    expect(loadConfig({ env: { VIGIL_LOG_REDACT_IPS: 'false' }, cwd: dir() }).log.redactIps).toBe(false);
    expect(failure(() => loadConfig({ env: { VIGIL_LOG_REDACT_IPS: 'maybe' }, cwd: dir() })).message).toContain('log.redactIps');
  });
});
