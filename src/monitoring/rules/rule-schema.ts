import { z } from 'zod';
import { DURATION_HINT, parseDuration } from './duration.js';
import { MONITORING_EVENT_TYPES } from './event.js';

export const RULE_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];
export const RULE_ACTIONS = ['alert', 'block_target', 'suspend'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;

export type ExpressionLiteral = string | number | boolean | ReadonlyArray<string | number | boolean>;
/** A literal, or an object with exactly one operator key whose value holds the operator's arguments. */
export type Expression = ExpressionLiteral | { readonly [operator: string]: unknown };

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * Structural check only (literal, or one operator key); operators and their arguments are checked
 * by compileRules, which knows each operator and reports a JSON path into the rule.
 */
export const expressionSchema: z.ZodType<Expression> = z.union([
  scalar,
  z.array(scalar),
  z.record(z.string(), z.unknown()).refine((o) => Object.keys(o).length === 1, 'an expression is a literal or an object with exactly one operator key'),
]);

export const durationSchema = z.string().refine((s) => parseDuration(s) !== null, `must be ${DURATION_HINT}`);

/** One monitoring rule as written in the policy's YAML. */
export const ruleDefSchema = z
  .object({
    id: z.string().regex(IDENTIFIER, 'must be lower_snake_case, starting with a letter'),
    version: z.number().int().min(1),
    description: z.string().min(1),
    severity: z.enum(RULE_SEVERITIES),
    /** Event types whose arrival evaluates the rule. */
    on: z.array(z.enum(MONITORING_EVENT_TYPES)).min(1),
    /** Named sub-expressions: referenced as `{ value: name }`, shown in `explain` as `{name}`, copied into the alert. */
    values: z.record(z.string().regex(IDENTIFIER, 'value names must be lower_snake_case'), expressionSchema).optional(),
    when: expressionSchema,
    action: z.enum(RULE_ACTIONS),
    /** Duration of a block_target or suspend action. */
    hours: z.number().positive().optional(),
    /** Do not raise this rule again for the same customer (and key) within this duration. */
    cooldown: durationSchema.optional(),
    /** Partitions cooldowns and alerts, e.g. per target host; block_target blocks this value. */
    key: expressionSchema.optional(),
    /** The alert's explanation, with `{name}` placeholders for `values`. */
    explain: z.string().min(1).optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const timed = rule.action === 'block_target' || rule.action === 'suspend';
    if (timed && rule.hours === undefined) ctx.addIssue({ code: 'custom', path: ['hours'], message: `action ${rule.action} needs hours` });
    if (!timed && rule.hours !== undefined) ctx.addIssue({ code: 'custom', path: ['hours'], message: 'hours applies only to block_target and suspend' });
    if (rule.action === 'block_target' && rule.key === undefined) ctx.addIssue({ code: 'custom', path: ['key'], message: 'block_target needs a key naming the target (e.g. { field: host })' });
  });

export type RuleDef = z.input<typeof ruleDefSchema>;

export const ruleSetSchema = z.array(ruleDefSchema);
