import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MxChecker } from './mx-check.js';
import { startTestDnsServer, type TestDnsServer } from './test-dns-server.js';

describe('MxChecker', () => {
  let dns: TestDnsServer;
  let checker: MxChecker;
  beforeAll(async () => {
    dns = await startTestDnsServer({
      zone: {
        'mail.example': { MX: [{ preference: 20, exchange: 'mx2.mail.example' }, { preference: 10, exchange: 'MX1.mail.example' }] },
        'nullmx.example': { MX: [{ preference: 0, exchange: '.' }], A: ['192.0.2.1'] },
        'a-only.example': { A: ['192.0.2.2'] },
        'aaaa-only.example': { AAAA: ['2001:db8::1'] },
        'bare.example': {},
      },
      silent: ['silent.example'],
      servfail: ['broken.example'],
    });
    checker = new MxChecker({ servers: [dns.address], timeoutMs: 300 });
  });
  afterAll(async () => dns.close());

  it('lists the mail hosts of a domain with MX records, by preference', async () => {
    expect(await checker.check('mail.example')).toEqual({ status: 'has_mx', hosts: ['mx1.mail.example', 'mx2.mail.example'] });
  });

  it('treats a null MX as refusing mail without falling back to its address', async () => {
    expect(await checker.check('nullmx.example')).toEqual({ status: 'no_mx', hosts: [] });
    expect(dns.queries).not.toContain('A nullmx.example');
  });

  it('falls back to an A record as the implicit MX', async () => {
    expect(await checker.check('a-only.example')).toEqual({ status: 'has_mx', hosts: ['a-only.example'] });
  });

  it('falls back to an AAAA record as the implicit MX', async () => {
    expect(await checker.check('aaaa-only.example')).toEqual({ status: 'has_mx', hosts: ['aaaa-only.example'] });
  });

  it('reports no_mx for an existing domain with neither MX nor address', async () => {
    expect(await checker.check('bare.example')).toEqual({ status: 'no_mx', hosts: [] });
  });

  it('reports no_domain for NXDOMAIN', async () => {
    expect(await checker.check('nowhere.example')).toEqual({ status: 'no_domain', hosts: [] });
  });

  it('reports timeout when the server never answers', async () => {
    expect(await checker.check('silent.example')).toEqual({ status: 'timeout', hosts: [] });
  });

  it('reports error for a server failure', async () => {
    expect(await checker.check('broken.example')).toEqual({ status: 'error', hosts: [] });
  });

  it('reports error for a syntactically impossible domain without querying', async () => {
    const before = dns.queries.length;
    expect(await checker.check('not a domain')).toEqual({ status: 'error', hosts: [] });
    expect(dns.queries).toHaveLength(before);
  });

  it('reports error, not a throw, when no server is reachable', async () => {
    const closed = await startTestDnsServer({ zone: {} });
    await closed.close();
    const result = await new MxChecker({ servers: [closed.address], timeoutMs: 300 }).check('mail.example');
    expect(['error', 'timeout']).toContain(result.status);
  });

  it('rejects a malformed server list at construction', () => {
    expect(() => new MxChecker({ servers: ['not an address'], timeoutMs: 100 })).toThrow();
  });
});
