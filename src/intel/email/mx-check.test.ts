import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MxChecker } from './mx-check.js';
import { startTestDnsServer, type TestDnsServer } from './test-dns-server.js';

describe('MxChecker', () => {
  let dns: TestDnsServer;
  let checker: MxChecker;
  beforeAll(async () => {
    dns = await startTestDnsServer({
      zone: {
        'northwind-mail.com': { MX: [{ preference: 20, exchange: 'mx2.northwind-mail.com' }, { preference: 10, exchange: 'MX1.northwind-mail.com' }] },
        'nullmx-host.net': { MX: [{ preference: 0, exchange: '.' }], A: ['192.0.2.1'] },
        'a-only-host.com': { A: ['192.0.2.2'] },
        'aaaa-only-host.net': { AAAA: ['2001:db8::1'] },
        'bare-domain.org': {},
      },
      silent: ['silent-dns.com'],
      servfail: ['broken-dns.net'],
    });
    checker = new MxChecker({ servers: [dns.address], timeoutMs: 300 });
  });
  afterAll(async () => dns.close());

  it('lists the mail hosts of a domain with MX records, by preference', async () => {
    expect(await checker.check('northwind-mail.com')).toEqual({ status: 'has_mx', hosts: ['mx1.northwind-mail.com', 'mx2.northwind-mail.com'] });
  });

  it('treats a null MX as refusing mail without falling back to its address', async () => {
    expect(await checker.check('nullmx-host.net')).toEqual({ status: 'no_mx', hosts: [] });
    expect(dns.queries).not.toContain('A nullmx-host.net');
  });

  it('falls back to an A record as the implicit MX', async () => {
    expect(await checker.check('a-only-host.com')).toEqual({ status: 'has_mx', hosts: ['a-only-host.com'] });
  });

  it('falls back to an AAAA record as the implicit MX', async () => {
    expect(await checker.check('aaaa-only-host.net')).toEqual({ status: 'has_mx', hosts: ['aaaa-only-host.net'] });
  });

  it('reports no_mx for an existing domain with neither MX nor address', async () => {
    expect(await checker.check('bare-domain.org')).toEqual({ status: 'no_mx', hosts: [] });
  });

  it('reports no_domain for NXDOMAIN', async () => {
    expect(await checker.check('nowhere-domain.net')).toEqual({ status: 'no_domain', hosts: [] });
  });

  it('reports timeout when the server never answers', async () => {
    expect(await checker.check('silent-dns.com')).toEqual({ status: 'timeout', hosts: [] });
  });

  it('reports error for a server failure', async () => {
    expect(await checker.check('broken-dns.net')).toEqual({ status: 'error', hosts: [] });
  });

  it('reports error for a syntactically impossible domain without querying', async () => {
    const before = dns.queries.length;
    expect(await checker.check('not a domain')).toEqual({ status: 'error', hosts: [] });
    expect(dns.queries).toHaveLength(before);
  });

  it('reports error, not a throw, when no server is reachable', async () => {
    const closed = await startTestDnsServer({ zone: {} });
    await closed.close();
    const result = await new MxChecker({ servers: [closed.address], timeoutMs: 300 }).check('northwind-mail.com');
    expect(['error', 'timeout']).toContain(result.status);
  });

  it('rejects a malformed server list at construction', () => {
    expect(() => new MxChecker({ servers: ['not an address'], timeoutMs: 100 })).toThrow();
  });
});
