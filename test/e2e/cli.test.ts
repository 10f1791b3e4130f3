import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/process.js';

describe('vigil CLI', () => {
  let data: string;
  beforeEach(() => {
    data = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  });
  afterEach(() => rmSync(data, { recursive: true, force: true }));

  it('prints help for the program and each command', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    for (const cmd of ['serve', 'migrate', 'keys', 'audit']) expect(top.stdout).toContain(cmd);
    const keys = await runCli(['keys', 'create', '--help']);
    expect(keys.stdout).toContain('--role');
  });

  it('creates a key, printing the token once, and lists and revokes it', async () => {
    const created = await runCli(['keys', 'create', '--role', 'service', '--name', 'backend', '--data', data]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^vigil_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/);
    const id = token.slice(6, 22);
    const list = await runCli(['keys', 'list', '--data', data]);
    expect(list.stdout).toContain(id);
    expect(list.stdout).not.toContain(token.split('.')[1]);
    expect((await runCli(['keys', 'revoke', id, '--data', data])).stdout).toContain(`revoked ${id}`);
    expect((await runCli(['keys', 'list', '--json', '--data', data])).stdout).toContain('"revokedAt":"');
  });

  it('refuses an unknown role and a missing one with a non-zero exit', async () => {
    const bad = await runCli(['keys', 'create', '--role', 'overlord', '--data', data]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('overlord');
    expect((await runCli(['keys', 'create', '--data', data])).code).not.toBe(0);
  });

  it('stops with a message naming the key when configuration is bad', async () => {
    const res = await runCli(['migrate', '--data', data], { VIGIL_SQLITE_SYNCHRONOUS: 'SOMETIMES' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('database.sqliteSynchronous');
    expect(res.stderr).toContain('CONFIG_INVALID');
  });

  it('verifies the audit chain, then names the record whose byte was changed', async () => {
    for (const role of ['admin', 'auditor', 'service']) await runCli(['keys', 'create', '--role', role, '--data', data]);
    const ok = await runCli(['audit', 'verify', '--data', data]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('intact: 3 records');

    const cpFile = join(data, 'checkpoint.json');
    const cp = await runCli(['audit', 'checkpoint', '--out', cpFile, '--data', data]);
    expect(cp.code).toBe(0);
    expect(JSON.parse(readFileSync(cpFile, 'utf8'))).toMatchObject({ seq: 3 });
    expect((await runCli(['audit', 'verify', '--checkpoint', cpFile, '--data', data])).code).toBe(0);

    const db = new SQLite(join(data, 'vigil.db'));
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET data = replace(data, 'service', 'servicf') WHERE seq = 3").run();
    db.close();

    const broken = await runCli(['audit', 'verify', '--data', data]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('record 3');
    const json = await runCli(['audit', 'verify', '--json', '--data', data]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: 'hash_mismatch' } });
  });

  it('refuses a forged checkpoint', async () => {
    await runCli(['keys', 'create', '--role', 'admin', '--data', data]);
    const cpFile = join(data, 'cp.json');
    await runCli(['audit', 'checkpoint', '--out', cpFile, '--data', data]);
    const cp = JSON.parse(readFileSync(cpFile, 'utf8')) as { hash: string };
    writeFileSync(cpFile, JSON.stringify({ ...cp, hash: 'a'.repeat(64) }));
    const res = await runCli(['audit', 'verify', '--checkpoint', cpFile, '--data', data]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('AUDIT_CHECKPOINT_INVALID');
  });

  it('migrates an empty store and reports it up to date', async () => {
    const res = await runCli(['migrate', '--data', data]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('up to date');
  });
});
