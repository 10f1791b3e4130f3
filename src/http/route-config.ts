import type { Principal } from '../auth/api-keys.service.js';
import type { Permission } from '../auth/permissions.js';

/**
 * What each route declares in `config`. `public` routes need no key; `signed` ones prove their
 * sender by a signature the handler checks (vendor webhooks, upload links); `authenticated` ones need any valid key; all others name the permission they require. A route that declares none of
 * these is refused at start-up.
 */
export type Access = { public: true } | { signed: 'vendor' | 'link' } | { authenticated: true } | { permission: Permission };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}
