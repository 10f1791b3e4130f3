/**
 * Roles and what each may do. Every route names one permission; a role either has it or
 * gets a 403. The matrix is data so a test can walk every route × role.
 */
export const ROLES = ['admin', 'director', 'compliance_officer', 'fiu_liaison', 'analyst', 'auditor', 'service'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'customers:read',
  'customers:write',
  'customers:pii',
  'customers:status',
  'keys:read',
  'keys:write',
  'kyc:review',
  'orders:read',
  'orders:write',
  'products:read',
  'products:write',
  'screening:read',
  'screening:run',
  'screening:lists',
  'screening:review',
  'audit:read',
  'audit:checkpoint',
  'decisions:read',
  'events:read',
  'webhooks:read',
  'webhooks:write',
  'signups:write',
  'intel:read',
  'intel:reload',
  'policy:read',
  'policy:write',
  'monitoring:ingest',
  'alerts:read',
  'alerts:close',
  'gate:check',
  'gate:write',
  'risk:read',
  'risk:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const MATRIX: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  director: ['screening:read', 'screening:run', 'screening:review', 'customers:read', 'customers:pii', 'customers:status', 'kyc:review', 'orders:read', 'products:read', 'keys:read', 'audit:read', 'audit:checkpoint', 'decisions:read', 'events:read', 'webhooks:read', 'policy:read', 'alerts:read', 'gate:check', 'risk:read'],
  compliance_officer: ['screening:read', 'screening:run', 'screening:lists', 'screening:review', 'customers:read', 'customers:write', 'customers:pii', 'customers:status', 'kyc:review', 'orders:read', 'products:read', 'audit:read', 'decisions:read', 'events:read', 'webhooks:read', 'intel:read', 'intel:reload', 'policy:read', 'policy:write', 'alerts:read', 'alerts:close', 'gate:check', 'gate:write', 'risk:read', 'risk:write'],
  fiu_liaison: ['screening:read', 'customers:read', 'customers:pii', 'orders:read', 'audit:read', 'decisions:read', 'alerts:read', 'risk:read'],
  analyst: ['screening:read', 'screening:run', 'customers:read', 'orders:read', 'products:read', 'decisions:read', 'events:read', 'intel:read', 'policy:read', 'alerts:read', 'gate:check', 'risk:read'],
  auditor: ['screening:read', 'customers:read', 'orders:read', 'products:read', 'keys:read', 'audit:read', 'decisions:read', 'events:read', 'webhooks:read', 'policy:read', 'alerts:read', 'risk:read'],
  service: ['screening:run', 'customers:read', 'customers:write', 'orders:read', 'orders:write', 'products:read', 'products:write', 'decisions:read', 'events:read', 'webhooks:read', 'webhooks:write', 'signups:write', 'intel:read', 'monitoring:ingest', 'alerts:read', 'gate:check', 'risk:read'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, permission: Permission): boolean {
  return MATRIX[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return MATRIX[role];
}
