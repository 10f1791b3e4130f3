import { describe, expect, it } from 'vitest';
import { CircuitBreaker, CircuitOpenError, type CircuitBreakerOptions } from './circuit-breaker.js';

class Refused extends Error {}

function setup(overrides: Partial<CircuitBreakerOptions> = {}) {
  const clock = { t: 1_000_000 };
  let calls = 0;
  const breaker = new CircuitBreaker({
    failures: 3,
    cooldownMs: 30_000,
    now: () => clock.t,
    countsAsFailure: (err) => !(err instanceof Refused),
    ...overrides,
  });
  const ok = () => breaker.execute(async () => (calls += 1));
  const fail = (err: Error = new Error('down')) =>
    breaker.execute(async () => {
      calls += 1;
      throw err;
    }).catch((e: unknown) => e);
  return { breaker, clock, ok, fail, calls: () => calls };
}

describe('CircuitBreaker', () => {
  it('passes results and errors through while closed', async () => {
    const { breaker, ok, fail } = setup();
    expect(await ok()).toBe(1);
    const err = new Error('down');
    expect(await fail(err)).toBe(err);
    expect(breaker.state).toBe('closed');
  });

  it('opens after the configured number of consecutive failures and then fails fast without calling', async () => {
    const { breaker, fail, ok, calls } = setup();
    for (let i = 0; i < 3; i++) await fail();
    expect(breaker.state).toBe('open');
    const err = await ok().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect((err as CircuitOpenError).retryAt).toBe(1_000_000 + 30_000);
    expect(calls()).toBe(3);
  });

  it('needs the failures to be consecutive: a success resets the count', async () => {
    const { breaker, fail, ok } = setup();
    await fail();
    await fail();
    await ok();
    await fail();
    await fail();
    expect(breaker.state).toBe('closed');
  });

  it('treats an error that does not count as proof the provider answered', async () => {
    const { breaker, fail } = setup();
    await fail();
    await fail();
    for (let i = 0; i < 5; i++) await fail(new Refused('bad input'));
    await fail();
    expect(breaker.state).toBe('closed');
  });

  it('stays open until the cooldown has fully passed', async () => {
    const { breaker, clock, fail } = setup();
    for (let i = 0; i < 3; i++) await fail();
    clock.t += 29_999;
    expect(breaker.state).toBe('open');
    clock.t += 1;
    expect(breaker.state).toBe('half_open');
  });

  it('closes when the half-open trial succeeds', async () => {
    const { breaker, clock, fail, ok, calls } = setup();
    for (let i = 0; i < 3; i++) await fail();
    clock.t += 30_000;
    expect(await ok()).toBe(4);
    expect(breaker.state).toBe('closed');
    expect(await ok()).toBe(5);
    expect(calls()).toBe(5);
  });

  it('re-opens for a whole new cooldown when the trial fails', async () => {
    const { breaker, clock, fail, calls } = setup();
    for (let i = 0; i < 3; i++) await fail();
    clock.t += 30_000;
    await fail();
    expect(calls()).toBe(4);
    expect(breaker.state).toBe('open');
    clock.t += 29_999;
    expect(await fail()).toBeInstanceOf(CircuitOpenError);
    expect(calls()).toBe(4);
  });

  it('lets only one trial through while half-open', async () => {
    const { breaker, clock, fail } = setup();
    for (let i = 0; i < 3; i++) await fail();
    clock.t += 30_000;
    let release: (value: string) => void = () => undefined;
    const trial = breaker.execute(() => new Promise<string>((resolve) => (release = resolve)));
    const second = await breaker.execute(async () => 'second').catch((e: unknown) => e);
    expect(second).toBeInstanceOf(CircuitOpenError);
    release('trial');
    expect(await trial).toBe('trial');
    expect(breaker.state).toBe('closed');
  });

  it('counts every error when no predicate is given', async () => {
    const { breaker, fail } = setup({ failures: 1, countsAsFailure: undefined });
    await fail(new Refused('bad input'));
    expect(breaker.state).toBe('open');
  });

  it.each([
    ['zero failures', { failures: 0, cooldownMs: 1 }],
    ['fractional failures', { failures: 1.5, cooldownMs: 1 }],
    ['a negative cooldown', { failures: 1, cooldownMs: -1 }],
  ])('rejects %s', (_name, options) => {
    expect(() => new CircuitBreaker(options)).toThrow(/circuit breaker/);
  });
});
