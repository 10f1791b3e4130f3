import { denyDecision, type GateDecision } from './decision.js';

/** A port (`443`) or an inclusive range (`"1024-65535"`). */
export type PortSpec = number | string;

export const PORT_OPEN = 0;
export const PORT_BLOCKED = 1;
export const PORT_NOT_ALLOWED = 2;
export const PORT_VERIFIED_ONLY = 3;

/** The first and last port of a spec, or null when it is not one. */
export function portBounds(spec: PortSpec): readonly [number, number] | null {
  if (typeof spec === 'number') return isPort(spec) ? [spec, spec] : null;
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(spec.trim());
  if (!match) return null;
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  return isPort(first) && isPort(last) && first <= last ? [first, last] : null;
}

export function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** The denial of a port as it was given (`"abc"`, `"0"`, `"-"`), so the answer quotes what was sent. */
export function invalidPortDecision(text: string): GateDecision {
  return denyDecision('invalid_target', `${JSON.stringify(text.slice(0, 40))} is not a TCP port (1-65535)`);
}

export interface PortRules {
  readonly blocked: readonly PortSpec[];
  readonly verifiedOnly: readonly PortSpec[];
  readonly allowed: 'any' | readonly PortSpec[];
}

/**
 * One byte per port, so a check costs an array read. A port both blocked and verified-only is
 * blocked; one outside `allowed` is refused before verification is asked about.
 */
export function compilePortTable(rules: PortRules): Uint8Array {
  const table = new Uint8Array(65536);
  if (rules.allowed !== 'any') {
    table.fill(PORT_NOT_ALLOWED);
    mark(table, rules.allowed, PORT_OPEN);
    table[0] = PORT_NOT_ALLOWED;
  }
  for (const spec of rules.verifiedOnly) {
    const bounds = portBounds(spec);
    if (!bounds) continue;
    for (let port = bounds[0]; port <= bounds[1]; port++) if (table[port] === PORT_OPEN) table[port] = PORT_VERIFIED_ONLY;
  }
  mark(table, rules.blocked, PORT_BLOCKED);
  return table;
}

function mark(table: Uint8Array, specs: readonly PortSpec[], value: number): void {
  for (const spec of specs) {
    const bounds = portBounds(spec);
    if (bounds) table.fill(value, bounds[0], bounds[1] + 1);
  }
}
