import { describe, expect, it } from 'vitest';
import { DEFAULT_GATE_POLICY, GatePolicySchema } from './gate-policy.js';
import { compilePortTable, PORT_BLOCKED, PORT_NOT_ALLOWED, PORT_OPEN, PORT_VERIFIED_ONLY } from './ports.js';

describe('GatePolicySchema', () => {
  it('fills every default from an empty section', () => {
    expect(DEFAULT_GATE_POLICY).toEqual({
      blockedCategories: ['government', 'military', 'banking', 'payment', 'critical_infrastructure'],
      classCategories: { social: ['social_media'], ecommerce: ['ecommerce', 'ticketing'] },
      ports: { blocked: [25], verifiedOnly: [22, 23, 110, 143, 445, 465, 587, 993, 995, 1433, 3306, 3389, 5432, 5900], allowed: 'any', verifiedStatuses: ['verified'] },
      blockPrivateTargets: true,
      allow: [],
      deny: [],
      hostCacheSize: 100_000,
    });
  });

  it('keeps the defaults of a partly given ports section', () => {
    expect(GatePolicySchema.parse({ ports: { allowed: [80, 443] } }).ports).toMatchObject({ blocked: [25], allowed: [80, 443] });
  });

  it.each([
    [{ allow: ['not a domain'] }, 'allow'],
    [{ deny: ['10.0.0.1/8'] }, 'deny'],
    [{ ports: { blocked: [0] } }, 'ports'],
    [{ ports: { allowed: ['9000-8000'] } }, 'ports'],
    [{ blockedCategories: ['Banking'] }, 'blockedCategories'],
    [{ categoryFiles: { 'bad name': '/x' } }, 'categoryFiles'],
    [{ unknownKey: true }, ''],
  ])('refuses %j', (input, path) => {
    const result = GatePolicySchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path.join('.')).toContain(path);
  });
});

describe('compilePortTable', () => {
  it('ranks blocked over not-allowed over verified-only', () => {
    const table = compilePortTable({ blocked: [25, '6660-6669'], verifiedOnly: [22, 25, 8022], allowed: [22, 25, 443, '8000-8999'] });
    expect([table[443], table[8500], table[22], table[25], table[6665], table[80], table[0]]).toEqual([PORT_OPEN, PORT_OPEN, PORT_VERIFIED_ONLY, PORT_BLOCKED, PORT_BLOCKED, PORT_NOT_ALLOWED, PORT_NOT_ALLOWED]);
    expect(table[8022]).toBe(PORT_VERIFIED_ONLY);
  });
});
