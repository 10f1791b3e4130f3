import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../app/composition.js';
import { ManualClock } from '../../test/helpers/clock.js';
import { dialects, testVigil } from '../../test/helpers/targets.js';

const targets = await dialects();

/** Sign-up velocity per subscriber and network, through the gate with the default policy. */
describe.each(targets)('sign-up velocity on %s', (dialect) => {
  let vigil: Vigil;
  let close: () => Promise<void>;
  let n = 0;
  const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));
  const signup = async (ip: string) => {
    const r = await vigil.signups.evaluate({ externalRef: `vel-${++n}`, email: `person${n}@fjordmail.net`, ip, declaredCountry: 'GB' }, 'test');
    const counts = Object.fromEntries((r.signals.velocity as Array<{ kind: string; count: number }>).map((v) => [v.kind, v.count]));
    return { action: r.action, codes: r.reasons.map((x) => x.code), counts };
  };

  beforeAll(async () => {
    ({ vigil, close } = await testVigil(dialect, { clock }));
  });
  afterAll(() => close());

  it('counts one IPv6 /64 as one subscriber: the third sign-up in it trips the per-IP limit', async () => {
    const results = [];
    for (let i = 1; i <= 11; i++) results.push(await signup(`2a02:c7f:1234:5678::${i}`));
    expect(results.slice(0, 2).map((r) => r.action)).toEqual(['allow', 'allow']);
    expect(results[0]!.codes).toEqual(['SIGNUP_CLEAN']);
    expect(results[2]!.action).not.toBe('allow');
    expect(results[2]!.codes).toContain('SIGNUP_VELOCITY_IP');
    expect(results[2]!.counts).toMatchObject({ ip: 3, network: 3 });
    expect(results.slice(2).every((r) => r.codes.includes('SIGNUP_VELOCITY_IP'))).toBe(true);
    expect(results[10]!.counts).toMatchObject({ ip: 11, network: 11 });
  });

  it('counts other /64s of the same /48 as one network, but not as the same subscriber', async () => {
    clock.advance(2 * 24 * 3_600_000); // past the window of the previous test
    const results = [];
    for (let i = 1; i <= 10; i++) results.push(await signup(`2a02:c7f:9999:${i.toString(16)}::1`));
    expect(results.map((r) => r.counts['ip'])).toEqual(Array.from({ length: 10 }, () => 1));
    expect(results.slice(0, 9).every((r) => r.codes.includes('SIGNUP_CLEAN'))).toBe(true);
    expect(results[9]!.codes).toEqual(['SIGNUP_VELOCITY_NETWORK']);
    // Another /48 starts over.
    expect((await signup('2a02:c7f:aaaa:1::1')).counts).toMatchObject({ ip: 1, network: 1 });
  });

  it('keeps counting IPv4 per address and /24, an IPv4-mapped IPv6 address as its IPv4 address', async () => {
    const first = await signup('86.150.12.34');
    const mapped = await signup('::ffff:86.150.12.34');
    const third = await signup('86.150.12.34');
    expect([first.counts, mapped.counts]).toEqual([expect.objectContaining({ ip: 1, network: 1 }), expect.objectContaining({ ip: 2, network: 2 })]);
    expect(third.codes).toContain('SIGNUP_VELOCITY_IP');
    // A neighbour in the same /24 is another subscriber on the same network.
    expect((await signup('86.150.12.35')).counts).toMatchObject({ ip: 1, network: 4 });
  });
});
