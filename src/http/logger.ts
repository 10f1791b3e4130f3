import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config/config.js';

/**
 * Keys whose values can identify a person. Bodies are never logged; these paths catch the
 * same fields when code logs an object that carries them.
 */
const PII_KEYS = ['email', 'phone', 'name', 'fullName', 'firstName', 'lastName', 'birthDate', 'dob', 'address', 'documentNumber', 'iban'];

interface LoggedRequest {
  id: string;
  method: string;
  url: string;
  ip?: string;
  routeOptions?: { url?: string };
}

export function createLogger(config: Readonly<Config>, destination?: DestinationStream): Logger {
  const redactIps = config.log.redactIps;
  const paths = [
    'req.headers.authorization',
    'headers.authorization',
    'authorization',
    'token',
    'secret',
    '*.token',
    '*.secret',
    ...PII_KEYS,
    ...PII_KEYS.map((k) => `*.${k}`),
    ...(redactIps ? ['ip', '*.ip', 'remoteAddress', '*.remoteAddress'] : []),
  ];
  return pino(
    {
      level: config.log.level,
      redact: { paths, censor: '[redacted]' },
      serializers: {
        // Query strings can carry personal data; only the path and the route pattern are logged.
        req: (req: LoggedRequest) => ({
          id: req.id,
          method: req.method,
          // Link tokens in a path are credentials: log the route's pattern instead.
          path: req.routeOptions?.url?.includes(':token') ? req.routeOptions.url : req.url.split('?')[0],
          route: req.routeOptions?.url,
          ...(redactIps ? {} : { remoteAddress: req.ip }),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
