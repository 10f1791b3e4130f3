import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../app/composition.js';
import { ManualClock } from '../../test/helpers/clock.js';
import { dialects, testVigil } from '../../test/helpers/targets.js';

const targets = await dialects();
const DEFAULT_POLICY = readFileSync(resolve(import.meta.dirname, '../../assets/policy/default.yaml'), 'utf8');

/** Accounts linked by a shared IP (policy `signup.linkByIp`), through the gate. */
describe.each(targets)('links by IP on %s', (dialect) => {
  let vigil: Vigil;
  let close: () => Promise<void>;
  let n = 0;
  const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));
  const signup = async (ip: string) => {
    // A day apart, so velocity never fires and only the links decide.
    clock.advance(25 * 3_600_000);
    const r = await vigil.signups.evaluate({ externalRef: `link-${++n}`, email: `person${n}@fjordmail.net`, ip, declaredCountry: 'GB' }, 'test');
    return { customerId: r.customerId!, links: r.signals.links as Array<{ customerId: string; shared: string[] }> };
  };
  const ipRows = async (customerId: string) =>
    (await vigil.database.db.selectFrom('customer_links').select('digest').where('customer_id', '=', customerId).where('kind', '=', 'ip').execute()).map((r) => r.digest).sort();
  const linkByIp = (on: boolean) => vigil.policies.apply(DEFAULT_POLICY.replace(/linkByIp: false/, `linkByIp: ${on}`), 'test', 'test');

  beforeAll(async () => {
    ({ vigil, close } = await testVigil(dialect, { clock }));
    expect(DEFAULT_POLICY).toMatch(/linkByIp: false/);
    await linkByIp(true);
  });
  afterAll(() => close());

  it('links IPv6 sign-ups by their /64, where one line’s privacy addresses rotate', async () => {
    const first = await signup('2a02:c7f:1234:5678::1');
    const second = await signup('2a02:c7f:1234:5678:a1b2:c3d4:e5f6:7');
    expect(second.links).toEqual([{ customerId: first.customerId, status: expect.any(String), shared: ['ip'] }]);
    const graph = await vigil.links.graph(vigil.database.db, second.customerId);
    expect(graph.nodes).toEqual([expect.objectContaining({ customerId: first.customerId, shared: ['ip'], depth: 1 })]);
    // One row per sign-up, the /64's: the full address is not stored.
    expect(await ipRows(second.customerId)).toEqual(await ipRows(first.customerId));
    expect(await ipRows(second.customerId)).toHaveLength(1);
    // Another /64 of the same /48 is another subscriber.
    expect((await signup('2a02:c7f:1234:5679::1')).links).toEqual([]);
  });

  it('keeps linking IPv4 sign-ups per address, not per /24', async () => {
    const first = await signup('86.150.40.1');
    expect((await signup('86.150.40.2')).links).toEqual([]);
    expect((await signup('86.150.40.1')).links.map((l) => l.customerId)).toEqual([first.customerId]);
    expect((await signup('::ffff:86.150.40.1')).links.map((l) => l.customerId)).toContain(first.customerId);
  });

  it('still links to a customer stored by the full IPv6 address, and records that link only then', async () => {
    await linkByIp(false);
    const old = await signup('2a02:c7f:abcd:1::42');
    // How links by IP were stored before: the digest of the full address.
    await vigil.database.transaction((trx) => vigil.links.record(trx, old.customerId, vigil.links.attributes({ ip: '2a02:c7f:abcd:1::42' })));
    await linkByIp(true);

    const same = await signup('2a02:c7f:abcd:1::42');
    expect(same.links).toEqual([{ customerId: old.customerId, status: expect.any(String), shared: ['ip'] }]);
    // Both spellings are kept for this one, so the graph shows the link the sign-up made.
    expect(await ipRows(same.customerId)).toHaveLength(2);
    expect((await vigil.links.graph(vigil.database.db, old.customerId)).nodes.map((x) => x.customerId)).toEqual([same.customerId]);

    // A neighbour in the /64 links to the new customer; the old one's /64 was never stored.
    const neighbour = await signup('2a02:c7f:abcd:1::99');
    expect(neighbour.links.map((l) => l.customerId)).toEqual([same.customerId]);
    expect(await ipRows(neighbour.customerId)).toHaveLength(1);
  });
});
