import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DisposableDomains } from './disposable-domains.js';

const DATA = resolve(import.meta.dirname, '../../../../shared/data/email');
const LISTS = ['disposable_email_blocklist.conf', 'burner_email_providers.txt', 'unkn0w_disposable_domains.txt'];

describe.skipIf(!existsSync(DATA))(`disposable domains from the real lists (needs ${DATA})`, () => {
  let lists: DisposableDomains;
  beforeAll(async () => {
    lists = await DisposableDomains.load({ files: LISTS.map((f) => join(DATA, f)) });
  });

  it('loads the union of the three lists', () => {
    // Matches data/SOURCES.md: the snapshots hold no invalid lines, so nothing is skipped.
    expect(lists.size).toBe(31_816);
    expect(lists.sources.map((s) => [s.domains, s.skipped])).toEqual([[8_335, 0], [27_277, 0], [3_617, 0]]);
    expect(lists.dataVer).toMatch(/^email:[0-9a-f]{16}$/);
  });

  it('flags mailinator.com and its subdomains but not gmail.com', () => {
    expect(lists.check('mailinator.com')).toEqual({ disposable: true, matched: 'mailinator.com', allowListed: false });
    expect(lists.check('a.b.Mailinator.com.')).toEqual({ disposable: true, matched: 'mailinator.com', allowListed: false });
    expect(lists.check('notmailinator.com').matched).toBe('notmailinator.com');
    expect(lists.check('gmail.com')).toEqual({ disposable: false, matched: null, allowListed: false });
  });

  it('does not let a listed public suffix cover every domain under it', () => {
    expect(lists.check('net.ua').disposable).toBe(true);
    expect(lists.check('some-company.net.ua').disposable).toBe(false);
  });

  it('lets the allow-list override a listed domain', async () => {
    const allowed = await DisposableDomains.load({ files: LISTS.map((f) => join(DATA, f)), allow: ['Mailinator.com'] });
    expect(allowed.check('x.mailinator.com')).toEqual({ disposable: false, matched: 'mailinator.com', allowListed: true });
    expect(allowed.dataVer).not.toBe(lists.dataVer);
  });
});

describe('DisposableDomains with inline fixtures', () => {
  let dir: string;
  const file = (name: string, body: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, body);
    return path;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-disposable-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('tolerates comments, blank lines, whitespace, CRLF, case, trailing dots and wildcards', async () => {
    const body = '\uFEFF# header\r\n\r\n  Trash.Example  \r\nmail.test.\n*.wild.test\n.lead.test\nbad_line\nok.test # note\nmünchen-mail.de\n';
    const lists = await DisposableDomains.load({ files: [file('quirks.txt', body)] });
    expect(lists.size).toBe(6);
    expect(lists.sources[0]).toMatchObject({ domains: 6, skipped: 1 });
    for (const d of ['trash.example', 'mail.test', 'x.wild.test', 'lead.test', 'ok.test', 'xn--mnchen-mail-thb.de', 'münchen-mail.de']) {
      expect(lists.check(d).disposable, d).toBe(true);
    }
  });

  it('takes the union of several files, counting each domain once', async () => {
    const lists = await DisposableDomains.load({ files: [file('a.txt', 'a.test\nb.test\n'), file('b.txt', 'B.test\nc.test\n')] });
    expect(lists.size).toBe(3);
  });

  it('versions the data by content, not by order or spelling', async () => {
    const one = await DisposableDomains.load({ files: [file('o1.txt', 'a.test\nb.test\n')] });
    const two = await DisposableDomains.load({ files: [file('o2.txt', 'B.TEST.\n# c\na.test\n')] });
    const three = await DisposableDomains.load({ files: [file('o3.txt', 'a.test\nc.test\n')] });
    expect(one.dataVer).toBe(two.dataVer);
    expect(one.dataVer).not.toBe(three.dataVer);
  });

  it('matches the allow-list on parents too', async () => {
    const lists = await DisposableDomains.load({ files: [file('p.txt', 'x.example.test\n')], allow: ['example.test'] });
    expect(lists.check('a.x.example.test')).toEqual({ disposable: false, matched: 'x.example.test', allowListed: true });
    expect(lists.check('example.test')).toEqual({ disposable: false, matched: null, allowListed: true });
  });

  it('answers not-disposable for input that is not a domain', async () => {
    const lists = await DisposableDomains.load({ files: [file('n.txt', 'a.test\n')] });
    expect(lists.check('not a domain')).toEqual({ disposable: false, matched: null, allowListed: false });
    expect(lists.check('')).toEqual({ disposable: false, matched: null, allowListed: false });
  });

  it.each([
    ['binary', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x61, 0x2e, 0x74, 0x0a])],
    ['mostly invalid', 'a.test\n<html>\n<body>not a list</body>\n</html>\n'],
    ['empty', '# only comments\n\n'],
  ])('refuses a %s file as INTEL_FILE_MALFORMED naming it', async (name, body) => {
    const path = file(`${name}.txt`, body);
    await expect(DisposableDomains.load({ files: [path] })).rejects.toMatchObject({ code: 'INTEL_FILE_MALFORMED', context: { file: path } });
  });

  it('refuses a missing file as INTEL_FILE_UNREADABLE, all or nothing', async () => {
    const good = file('good.txt', 'a.test\n');
    const missing = join(dir, 'missing.txt');
    await expect(DisposableDomains.load({ files: [good, missing] })).rejects.toMatchObject({ code: 'INTEL_FILE_UNREADABLE', context: { file: missing } });
  });

  it('refuses an allow-list entry that is not a domain', async () => {
    const good = file('good2.txt', 'a.test\n');
    await expect(DisposableDomains.load({ files: [good], allow: ['not a domain'] })).rejects.toMatchObject({ code: 'INTEL_FILE_MALFORMED' });
  });
});
