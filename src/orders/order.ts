/** An item of the operator's catalogue. `kycRequired` products cannot be bought or kept without KYC. */
export interface Product {
  id: string;
  code: string;
  name: string;
  kycRequired: boolean;
  /** Length of one service period. */
  termDays: number;
  /** Free-form class for policy (e.g. `residential_proxy`, `vps`). */
  category: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * `held`: waiting for KYC (not provisioned yet); `active`: provisioned and running;
 * `suspended`: provisioned but switched off until KYC passes; `expired`: its period ended;
 * `refused`: never provisioned.
 */
export type OrderStatus = 'held' | 'active' | 'suspended' | 'expired' | 'refused';

export interface Order {
  id: string;
  customerId: string;
  productId: string;
  externalRef: string | null;
  kind: 'new' | 'renewal';
  renewalOf: string | null;
  status: OrderStatus;
  decisionId: string;
  orderedAt: string;
  /** End of the grace period in which passing KYC still extends the due date. */
  heldUntil: string | null;
  provisionedAt: string | null;
  dueAt: string | null;
  /** How much the due date was extended for the time KYC took. */
  extensionMs: number;
  version: number;
  updatedAt: string;
}

export type OrderOutcome = 'allowed' | 'kyc_required' | 'refused';
