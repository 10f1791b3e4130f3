import type { Clock } from '../core/clock.js';
import { isVigilError } from '../core/errors.js';
import type { Database } from '../db/executor.js';
import type { Customer } from './customer.js';
import type { CustomersService } from './customers.service.js';
import * as store from './customers.store.js';

export interface SchedulerReport {
  restricted: number;
  expired: number;
}

const BATCH = 200;

/**
 * Applies the time-based rules: a KYC deadline that lapsed with risk factors present restricts
 * the customer; a verification older than its validity expires and must be redone. Each
 * customer is its own transaction guarded by the row version, so several nodes running this
 * at once change each customer once.
 */
export class KycScheduler {
  constructor(
    private readonly database: Database,
    private readonly customers: CustomersService,
    private readonly clock: Clock,
  ) {}

  async runOnce(): Promise<SchedulerReport> {
    const now = this.clock.now().toISOString();
    const lapsed = await store.deadlineLapsed(this.database.db, now, BATCH);
    const expired = await store.verificationExpired(this.database.db, now, BATCH);
    let restricted = 0;
    for (const c of lapsed) {
      if (await this.apply(c, 'restricted', 'KYC_DEADLINE_LAPSED', `KYC deadline ${c.kycDeadlineAt} passed with risk factors ${c.riskFactors.join(', ')}`)) restricted += 1;
    }
    let expiredCount = 0;
    for (const c of expired) {
      if (await this.apply(c, 'not_verified', 'KYC_VERIFICATION_EXPIRED', `Verification of ${c.verifiedAt} expired on ${c.verificationExpiresAt}`)) expiredCount += 1;
    }
    return { restricted, expired: expiredCount };
  }

  private async apply(c: Customer, to: Customer['status'], code: string, text: string): Promise<boolean> {
    try {
      await this.database.transaction((trx) =>
        this.customers.transition(trx, c.id, { to, reasons: [{ code, text }], trigger: `scheduler:${code}:${c.version}`, actor: 'system:scheduler' }),
      );
      return true;
    } catch (err) {
      // Another node got there first, or the customer moved on: nothing to do.
      if (isVigilError(err) && (err.code === 'CUSTOMER_CHANGED_CONCURRENTLY' || err.code === 'CUSTOMER_STATUS_TRANSITION_INVALID')) return false;
      throw err;
    }
  }
}
