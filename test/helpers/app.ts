import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Vigil } from '../../src/app/composition.js';
import type { Clock } from '../../src/core/clock.js';
import { ROLES, type Role } from '../../src/auth/permissions.js';
import { buildApp } from '../../src/http/app.js';
import { freshStore, openVigil, type DialectName, type TestStore } from './targets.js';

export interface TestApp {
  app: FastifyInstance;
  vigil: Vigil;
  /** The store under it, for another process (a CLI run, another node) to open. */
  store: TestStore;
  /** A bearer token per role. */
  tokens: Record<Role, string>;
  auth(role: Role): { authorization: string };
  close(): Promise<void>;
}

/** The HTTP app on a fresh store, with one API key per role. */
export async function testApp(dialect: DialectName, opts: { env?: Record<string, string>; logDestination?: DestinationStream; clock?: Clock } = {}): Promise<TestApp> {
  const store = await freshStore(dialect, opts.env);
  const vigil = await openVigil(store, opts.clock ? { clock: opts.clock } : {});
  const app = await buildApp(vigil, opts.logDestination ? { logDestination: opts.logDestination } : {});
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    tokens[role] = (await vigil.database.transaction((trx) => vigil.apiKeys.create(trx, { role }, 'test'))).token;
  }
  return {
    app,
    vigil,
    store,
    tokens,
    auth: (role) => ({ authorization: `Bearer ${tokens[role]}` }),
    async close() {
      await app.close();
      await vigil.close();
      await store.cleanup();
    },
  };
}
