import type { DecisionAction } from '../decisions/decision.js';
import type { CustomerStatus } from './customer.js';

/**
 * Which status may follow which. `offboarded` is final. Anything else may be suspended or
 * offboarded by compliance; verification moves through `pending`.
 */
const NEXT: Readonly<Record<CustomerStatus, readonly CustomerStatus[]>> = {
  not_verified: ['pending', 'verified', 'rejected', 'restricted', 'suspended', 'offboarded'],
  pending: ['verified', 'rejected', 'not_verified', 'restricted', 'suspended', 'offboarded'],
  verified: ['pending', 'not_verified', 'restricted', 'suspended', 'offboarded'],
  rejected: ['pending', 'verified', 'suspended', 'offboarded'],
  restricted: ['pending', 'verified', 'rejected', 'not_verified', 'suspended', 'offboarded'],
  suspended: ['not_verified', 'verified', 'restricted', 'offboarded'],
  offboarded: [],
};

export function canTransition(from: CustomerStatus, to: CustomerStatus): boolean {
  return NEXT[from].includes(to);
}

/** The decision action that moving into a status amounts to. */
export const ACTION_FOR_STATUS: Readonly<Record<CustomerStatus, DecisionAction>> = {
  not_verified: 'require_kyc',
  pending: 'verify',
  verified: 'approve',
  rejected: 'reject',
  restricted: 'restrict',
  suspended: 'suspend',
  offboarded: 'offboard',
};

/** Statuses that take something away: no hold stands in their way, and a customer a confirmed match holds is in one of them. */
export const RESTRICTIVE_STATUSES: ReadonlySet<CustomerStatus> = new Set(['restricted', 'rejected', 'suspended', 'offboarded']);
