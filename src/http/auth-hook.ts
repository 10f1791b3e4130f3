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

/** Authenticates and authorises every request before its body is even parsed. */
export function registerAuth(app: FastifyInstance, vigil: Vigil): void {
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access && !route.url.startsWith('/docs')) {
      throw new Error(`route ${route.method} ${route.url} declares no access rule`);
    }
  });
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config.access;
    if (!access || 'public' in access) return;
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
