import { InvalidArgumentError } from 'commander';

/** Commander argument parsers shared by the commands; a bad value is a usage error (exit 2) naming it. */

/** A whole number of 1 or more (`--workers`, `--batch`, `--limit`). */
export function parseCount(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return Number(value);
}

/** A TCP port as typed: a whole number 0–65535. */
export function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('expected a whole number 0–65535');
  return Number(value);
}
