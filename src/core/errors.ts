/**
 * Coded errors shared by every domain. A domain declares its codes once with
 * `defineErrors`; the HTTP layer maps the `kind` to a status, the CLI to an
 * exit message. Domain code never knows about HTTP.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'rate_limited'
  | 'too_large'
  | 'unsupported_media'
  | 'unavailable'
  | 'internal';

export interface ErrorDefinition {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly title: string;
}

export class VigilError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly title: string;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(def: ErrorDefinition, message: string, context: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VigilError';
    this.code = def.code;
    this.kind = def.kind;
    this.title = def.title;
    this.context = context;
  }
}

const registry = new Map<string, ErrorDefinition>();

type Definitions = Record<string, { kind: ErrorKind; title: string }>;
type Registered<T extends Definitions> = { readonly [K in keyof T]: ErrorDefinition & { code: K } };

/** Declares a domain's error codes. Codes are global and must be unique. */
export function defineErrors<T extends Definitions>(defs: T): Registered<T> {
  const out: Record<string, ErrorDefinition> = {};
  for (const [code, def] of Object.entries(defs)) {
    if (!/^[A-Z][A-Z0-9_]+$/.test(code)) throw new Error(`error code ${code} must be UPPER_SNAKE_CASE`);
    const existing = registry.get(code);
    if (existing && (existing.kind !== def.kind || existing.title !== def.title)) {
      throw new Error(`error code ${code} is defined twice`);
    }
    const full = Object.freeze({ code, kind: def.kind, title: def.title });
    registry.set(code, full);
    out[code] = full;
  }
  return out as Registered<T>;
}

export function registeredErrors(): ErrorDefinition[] {
  return [...registry.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export function isVigilError(err: unknown): err is VigilError {
  return err instanceof VigilError;
}
