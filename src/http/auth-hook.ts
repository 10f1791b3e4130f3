import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Vigil } from '../app/composition.js';
import { AuthErrors } from '../auth/errors.js';
import { can } from '../auth/permissions.js';
import { VigilError } from '../core/errors.js';
import type { Access } from './route-config.js';

function bearer(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : '';
}

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

const tables = new WeakMap<FastifyInstance, RouteAccess[]>();

/** Every route with its access rule, as registered: the permission matrix test walks it. */
export function accessTable(app: FastifyInstance): readonly RouteAccess[] {
  return tables.get(app) ?? [];
}

/** Authenticates and authorises every request before its body is even parsed. */
export function registerAuth(app: FastifyInstance, vigil: Vigil): void {
  const table: RouteAccess[] = [];
  tables.set(app, table);
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no access rule`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') table.push({ method, url: route.url, access });
    }
  });
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config.access;
    if (!access || 'public' in access || 'signed' in access) return;
    const token = bearer(req);
    if (token === undefined) {
      throw new VigilError(AuthErrors.AUTH_REQUIRED, 'send an API key as "Authorization: Bearer <key>"', {});
    }
    const principal = await vigil.apiKeys.authenticate(vigil.database.db, token);
    req.principal = principal;
    if ('permission' in access && !can(principal.role, access.permission)) {
      throw new VigilError(AuthErrors.FORBIDDEN, `role ${principal.role} lacks permission ${access.permission}`, {
        role: principal.role,
        permission: access.permission,
      });
    }
  });
}
