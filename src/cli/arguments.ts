import { InvalidArgumentError } from 'commander';

/** Commander argument parsers shared by the commands; a bad value is a usage error (exit 2) naming it. */

/** A whole number of 1 or more (`--workers`, `--batch`, `--limit`). */
export function parseCount(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return Number(value);
}

/** A port to listen on: a whole number 0–65535, where 0 asks for any free port (`serve --port 0`). */
export function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('expected a whole number 0–65535');
  return Number(value);
}

/** A port to connect to (`gate check`): a whole number 1–65535, as the gate reads one; 0 is no target. */
export function parseTargetPort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) throw new InvalidArgumentError('expected a whole number 1–65535');
  return Number(value);
}
