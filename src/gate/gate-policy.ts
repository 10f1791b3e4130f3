import { z } from 'zod';
import { parseGatePattern } from './pattern.js';
import { portBounds } from './ports.js';

/** Category names are file names too (`assets/gate/categories/<name>.txt`). */
export const CategoryNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be lower_snake_case');

const PortSpecSchema = z.union([z.number(), z.string()]).refine((spec) => portBounds(spec) !== null, 'must be a port (1-65535) or a range such as "1024-65535"');

const PatternSchema = z.string().refine((text) => parseGatePattern(text) !== null, 'must be a domain suffix, an IP address, an address range (CIDR) or *');

/**
 * Ports refused or limited by default, and why:
 * - 25 (SMTP relay) is blocked for everyone, customer allow rules notwithstanding: direct-to-MX
 *   mail from proxy exits is how spam is sent, and one spammer lands the whole pool on Spamhaus
 *   and provider blocklists.
 * - Mail submission and retrieval (465, 587, 110, 143, 993, 995) are verified-only: they are
 *   credential-stuffing targets and, once an account falls, spam relays.
 * - Remote login and file sharing (22, 23, 445, 3389, 5900) and database ports (1433, 3306,
 *   5432) are verified-only: brute-forcing them is the abuse report proxy networks receive most,
 *   and a verified customer can be identified when one arrives.
 */
const DEFAULT_VERIFIED_ONLY_PORTS = [22, 23, 110, 143, 445, 465, 587, 993, 995, 1433, 3306, 3389, 5432, 5900];

const PortsSchema = z
  .object({
    blocked: z.array(PortSpecSchema).default([25]),
    verifiedOnly: z.array(PortSpecSchema).default(DEFAULT_VERIFIED_ONLY_PORTS),
    /** `any`, or the only ports customers may reach (e.g. `[80, 443, "8000-8999"]`). */
    allowed: z.union([z.literal('any'), z.array(PortSpecSchema)]).default('any'),
    /** Customer statuses that count as verified for `verifiedOnly` ports. */
    verifiedStatuses: z.array(z.string().min(1)).default(['verified']),
  })
  .strict()
  .prefault({});

/**
 * The gate's section of the policy: what proxy customers may reach. The order in which its
 * rules apply is documented on `Gate.check`; `ports` hold whatever a customer's rules allow.
 */
export const GatePolicySchema = z
  .object({
    /** Categories denied to everyone unless `allow` or a customer rule says otherwise. */
    blockedCategories: z.array(CategoryNameSchema).default(['government', 'military', 'banking', 'payment', 'critical_infrastructure']),
    /**
     * Target class → the categories that need it. A host in one of these categories is allowed
     * only to customers whose entitlements list the class (a category under several classes
     * needs any one of them).
     */
    classCategories: z.record(z.string().min(1), z.array(CategoryNameSchema)).default({ social: ['social_media'], ecommerce: ['ecommerce', 'ticketing'] }),
    ports: PortsSchema,
    /** Deny private, loopback, link-local, CGNAT, multicast and reserved addresses and local names. */
    blockPrivateTargets: z.boolean().default(true),
    /** Operator-wide allow list: beats category and class rules, loses to `deny`. */
    allow: z.array(PatternSchema).default([]),
    /** Operator-wide deny list: beats `allow`, categories and classes; a customer's own allow rule beats it. */
    deny: z.array(PatternSchema).default([]),
    /** Extra category files `{ category: path }`, merged into the bundled ones of the same name. */
    categoryFiles: z.record(CategoryNameSchema, z.string().min(1)).optional(),
    /** Hosts whose classification is kept in memory (0 turns the cache off). */
    hostCacheSize: z.number().int().min(0).max(10_000_000).default(100_000),
  })
  .strict();

export type GatePolicy = z.infer<typeof GatePolicySchema>;
export type GatePolicyInput = z.input<typeof GatePolicySchema>;

export const DEFAULT_GATE_POLICY: GatePolicy = GatePolicySchema.parse({});
