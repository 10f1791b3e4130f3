/**
 * A fixed single-core workload (string keys in a map, look-ups, a numeric sort), timed for half
 * a second. The machines these benchmarks run on share their host, whose speed drifts by tens of
 * percent, sometimes twofold, over minutes: each benchmark prints this figure before and after
 * its own, so two runs' figures can be compared through it.
 */
const N = 20_000;

function round(keys: readonly string[], numbers: Float64Array): number {
  const map = new Map<string, number>();
  for (let i = 0; i < N; i++) map.set(keys[i]!, i);
  let sum = 0;
  for (let i = 0; i < N; i++) sum += map.get(keys[(i * 7919) % N]!)!;
  for (let i = 0; i < N; i++) numbers[i] = ((i + sum) * 2654435761) % 1_000_003;
  numbers.sort();
  return sum + numbers[0]!;
}

/** Rounds of the workload per second: the median of five tenths of a second, so a pause in one does not count. */
export function hostSpeed(): number {
  const keys = Array.from({ length: N }, (_, i) => `key-${i}-${(i * 31) % 97}`);
  const numbers = new Float64Array(N);
  for (let i = 0; i < 20; i++) round(keys, numbers);
  const rates: number[] = [];
  for (let slice = 0; slice < 5; slice++) {
    let rounds = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 100) {
      round(keys, numbers);
      rounds++;
    }
    rates.push(rounds / ((performance.now() - t0) / 1000));
  }
  return rates.sort((a, b) => a - b)[2]!;
}

/** Prints the host's speed now, labelled (`before`, `after`). */
export function printHostSpeed(when: string): void {
  console.log(`host speed ${when}: ${Math.round(hostSpeed())} rounds/s of bench/host-speed.ts (compare runs by it: the host's speed drifts)`);
}
