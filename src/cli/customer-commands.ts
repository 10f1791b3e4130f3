import type { Command } from 'commander';
import type { Vigil } from '../app/composition.js';
import type { Output } from './output.js';

type WithVigil = <T>(opts: { data?: string; config?: string }, fn: (vigil: Vigil) => Promise<T>) => Promise<T>;
type Common = (cmd: Command) => Command;

/** `vigil customers show` and `vigil kyc review`. */
export function registerCustomerCommands(program: Command, common: Common, withVigil: WithVigil, output: Output, setExit: (code: number) => void): void {
  const customers = program.command('customers').description('look at customers');
  common(customers.command('show').description('show a customer, its verifications and documents').argument('<id>', 'customer id or external reference'))
    .option('--pii', 'also decrypt the personal data (needs --purpose; the read is logged)')
    .option('--purpose <text>', 'why the personal data is read')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { data?: string; config?: string; pii?: boolean; purpose?: string; json?: boolean }) => {
      if (opts.pii && !opts.purpose) {
        output.err('vigil: --pii needs --purpose "<why>"; every read of personal data is logged with it');
        return setExit(2);
      }
      const shown = await withVigil(opts, async (vigil) => {
        const db = vigil.database.db;
        const customer = await vigil.customers.getByIdOrRef(db, id);
        return {
          customer,
          relatedPersons: customer.type === 'company' ? await vigil.customers.relatedPersons(db, customer.id) : [],
          verifications: await vigil.verifications.list(db, customer.id),
          documents: (await vigil.documents.list(db, customer.id)).map((d) => ({ id: d.id, kind: d.kind, status: d.status, checksPassed: d.checksPassed, failed: d.checks.filter((c) => c.status === 'fail').map((c) => c.code) })),
          ...(opts.pii ? { personalData: await vigil.customers.personalData(customer.id, { actor: 'cli', purpose: opts.purpose! }) } : {}),
        };
      });
      if (opts.json) return output.out(JSON.stringify(shown, null, 2));
      const c = shown.customer;
      output.out(`${c.id}  ${c.type}  ${c.status}  country ${c.country}  risk ${c.riskLevel}  ref ${c.externalRef ?? '-'}`);
      if (c.kycDeadlineAt) output.out(`KYC required by ${c.kycDeadlineAt}`);
      if (c.verificationExpiresAt) output.out(`verified ${c.verifiedAt}, valid until ${c.verificationExpiresAt}`);
      for (const p of shown.relatedPersons) output.out(`  ${p.role} ${p.id} ${p.status}${p.ownershipPct !== null ? ` ${p.ownershipPct} %` : ''}`);
      for (const v of shown.verifications) output.out(`verification ${v.id} ${v.method} ${v.status} ${v.reasons.map((r) => r.code).join(',')}`);
      for (const d of shown.documents) output.out(`document ${d.id} ${d.kind} ${d.status} ${d.checksPassed ? 'checks passed' : `failed: ${d.failed.join(', ')}`}`);
      if (shown.personalData) for (const [k, v] of Object.entries(shown.personalData)) output.out(`${k}: ${v}`);
    });

  const kyc = program.command('kyc').description('work on verifications');
  common(kyc.command('review').description('approve or reject a manual verification').argument('<id>', 'verification id, or a customer id for its open manual verification'))
    .option('--approve', 'approve the verification')
    .option('--reject', 'reject the verification')
    .requiredOption('--reason <text>', 'why (kept with the decision)')
    .option('--reviewer <name>', 'who reviews (recorded as cli:<name>)', 'operator')
    .action(async (id: string, opts: { data?: string; config?: string; approve?: boolean; reject?: boolean; reason: string; reviewer: string }) => {
      if (Boolean(opts.approve) === Boolean(opts.reject)) {
        output.err('vigil: give exactly one of --approve or --reject');
        return setExit(2);
      }
      const result = await withVigil(opts, async (vigil) =>
        vigil.database.transaction(async (trx) => {
          const verificationId = id.startsWith('cus_') ? (await vigil.verifications.list(trx, id)).find((v) => v.method === 'manual' && v.status === 'pending')?.id : id;
          if (!verificationId) throw new Error(`customer ${id} has no open manual verification`);
          return vigil.reviews.review(trx, verificationId, { approve: Boolean(opts.approve), reason: opts.reason }, `cli:${opts.reviewer}`);
        }),
      );
      output.out(`verification ${result.verification.id} is now ${result.verification.status}`);
    });
}
