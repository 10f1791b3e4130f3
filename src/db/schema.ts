/**
 * Table shapes as Kysely sees them. Timestamps are ISO-8601 UTC strings
 * (`Date#toISOString`) on both dialects, so they sort and compare as text and
 * hash identically wherever they are read back.
 */
import type { Generated } from 'kysely';

export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  data: string;
  prev_hash: string;
  hash: string;
}

/** An audit record committed with its change, waiting for the sequencer to link it (PostgreSQL). */
export interface AuditPendingTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  subject: string;
  data: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface AuditCheckpointTable {
  seq: number;
  hash: string;
  at: string;
  key_id: string;
  signature: string;
}

export interface DecisionTable {
  id: string;
  dedupe_key: string;
  kind: string;
  subject: string;
  action: string;
  reasons: string;
  input_hash: string;
  policy_ver: string;
  data_ver: string;
  model_ver: string;
  created_at: string;
}

export interface ApiKeyTable {
  id: string;
  name: string;
  role: string;
  secret_hash: string;
  created_at: string;
  created_by: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  method: string;
  path: string;
  response_status: number;
  response_body: string;
  created_at: string;
  expires_at: string;
}

export interface OutboxEventTable {
  id: string;
  type: string;
  subject: string;
  payload: string;
  occurred_at: string;
}

export interface WebhookEndpointTable {
  id: string;
  url: string;
  events: string;
  secret: string;
  description: string | null;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveryTable {
  id: string;
  event_id: string;
  endpoint_id: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookAttemptTable {
  delivery_id: string;
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface CustomerTable {
  id: string;
  external_ref: string | null;
  type: string;
  status: string;
  country: string;
  risk_level: string;
  risk_factors: string;
  kyc_required_at: string | null;
  kyc_deadline_at: string | null;
  verified_at: string | null;
  verification_expires_at: string | null;
  parent_id: string | null;
  role: string | null;
  ownership_pct: number | null;
  version: number;
  created_at: string;
  updated_at: string;
  email_verified_at: string | null;
  phone_verified_at: string | null;
  /** JSON array of contact channels policy asks this customer to verify. */
  contact_checks: string;
  next_review_at?: string | null;
}

export interface SignupCounterTable {
  key: string;
  bucket: number;
  count: number;
}

export interface CustomerLinkTable {
  customer_id: string;
  kind: string;
  digest: string;
  created_at: string;
}

export interface ContactChallengeTable {
  id: string;
  customer_id: string;
  channel: string;
  secret_hash: string;
  target_digest: string;
  attempts: number;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface IntelStateTable {
  id: number;
  reload_seq: number;
  requested_at: string | null;
  /** JSON: the last refused reload (see src/intel/refused-reload.ts). */
  last_refused: string | null;
}

export interface KycVerificationTable {
  id: string;
  customer_id: string;
  method: string;
  vendor_ref: string | null;
  verification_url: string | null;
  status: string;
  reasons: string;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface KycWebhookEventTable {
  vendor: string;
  event_id: string;
  verification_id: string | null;
  outcome: string | null;
  received_at: string;
}

export interface ProductTable {
  id: string;
  code: string;
  name: string;
  kyc_required: number;
  term_days: number;
  category: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface OrderTable {
  id: string;
  customer_id: string;
  product_id: string;
  external_ref: string | null;
  kind: string;
  renewal_of: string | null;
  status: string;
  decision_id: string;
  ordered_at: string;
  held_until: string | null;
  provisioned_at: string | null;
  due_at: string | null;
  extension_ms: number;
  version: number;
  updated_at: string;
}

export interface KycDocumentTable {
  id: string;
  customer_id: string;
  verification_id: string | null;
  kind: string;
  category: string;
  file_id: string;
  mime: string;
  size: number;
  checks: string;
  checks_passed: number;
  issued_on: string | null;
  status: string;
  review_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  created_at: string;
}

export interface EddRequestTable {
  id: string;
  customer_id: string;
  kinds: string;
  reason: string;
  deadline_at: string;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface ScreeningListTable {
  name: string;
  format: string;
  active_version: string | null;
  data_ver: string | null;
  entity_count: number;
  source_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface ScreeningIndexVersionTable {
  data_ver: string;
  /** JSON: [{ list, dataVer, versionId }] */
  lists: string;
  created_at: string;
}

export interface ScreeningListVersionTable {
  id: string;
  list: string;
  data_ver: string;
  format: string;
  file_name: string;
  published_at: string | null;
  entity_count: number;
  added: number;
  changed: number;
  removed: number;
  imported_at: string;
  imported_by: string;
}

export interface ScreeningEntityTable {
  list: string;
  source_id: string;
  entity: string;
  entity_hash: string;
  version: string;
}

export interface ScreeningEntityChangeTable {
  version: string;
  list: string;
  source_id: string;
  change: string;
  entity_hash: string | null;
}

export interface ScreeningHitTable {
  id: string;
  customer_id: string;
  entity_id: string;
  list: string;
  entity_hash: string;
  score: number;
  explanation: string;
  status: string;
  data_ver: string;
  reason: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CustomerScreeningTable {
  customer_id: string;
  data_ver: string;
  screened_at: string;
  matches: number;
  /** Keyed retrieval keys of the screened name (matcher/name-keys.ts); null before the first screening that wrote them. */
  name_keys: Buffer | null;
}

export interface AlertTable {
  id: string;
  customer_id: string;
  kind: string;
  source: string;
  severity: string;
  summary: string;
  data: string;
  status: string;
  created_at: string;
  /** Rule, triggering event and key of a monitoring alert: raised once however often processed. */
  dedupe_key: string | null;
  closed_at: string | null;
  closed_by: string | null;
  close_reason: string | null;
}

export interface PolicyTable {
  seq: number;
  version: string;
  source: string;
  document: string;
  applied_at: string;
  applied_by: string;
}

export interface MonitoringEventTable {
  seq: number;
  event_id: string;
  type: string;
  customer_id: string;
  occurred_at: string;
  data: string;
  received_at: string;
}

export interface MonitoringHeadTable {
  id: number;
  seq: number;
}

export interface MonitoringCursorTable {
  id: number;
  processed: number;
  lease_owner: string | null;
  lease_until: string | null;
}

export interface MonitoringStateTable {
  customer_id: string;
  state: string;
  seq: number;
}

export interface RiskPendingTable {
  alert_id: string;
  customer_id: string;
  rule_id: string;
  severity: string;
  created_at: string;
}

export interface PaymentMonthTable {
  customer_id: string;
  month: string;
  total: number;
}

export interface GateOverrideTable {
  id: string;
  customer_id: string;
  pattern: string;
  effect: string;
  until: string | null;
  reason: string;
  source: string;
  created_at: string;
  created_by: string;
}

export interface RiskAssessmentTable {
  id: string;
  customer_id: string;
  kind: string;
  score: number;
  level: string;
  decision_id: string;
  factors: string;
  trigger: string;
  next_review_at: string;
  created_at: string;
}

export interface ReviewTaskTable {
  id: string;
  customer_id: string;
  kind: string;
  reason: string;
  due_at: string;
  status: string;
  created_at: string;
  closed_at: string | null;
}

export interface Schema {
  policies: PolicyTable;
  monitoring_events: MonitoringEventTable;
  monitoring_head: MonitoringHeadTable;
  monitoring_cursor: MonitoringCursorTable;
  monitoring_states: MonitoringStateTable;
  gate_overrides: GateOverrideTable;
  risk_pending: RiskPendingTable;
  payment_months: PaymentMonthTable;
  risk_assessments: RiskAssessmentTable;
  review_tasks: ReviewTaskTable;
  screening_hits: ScreeningHitTable;
  customer_screenings: CustomerScreeningTable;
  alerts: AlertTable;
  signup_counters: SignupCounterTable;
  customer_links: CustomerLinkTable;
  contact_challenges: ContactChallengeTable;
  intel_state: IntelStateTable;
  screening_lists: ScreeningListTable;
  screening_list_versions: ScreeningListVersionTable;
  screening_index_versions: ScreeningIndexVersionTable;
  screening_entities: ScreeningEntityTable;
  screening_entity_changes: ScreeningEntityChangeTable;
  kyc_documents: KycDocumentTable;
  edd_requests: EddRequestTable;
  products: ProductTable;
  orders: OrderTable;
  kyc_verifications: KycVerificationTable;
  kyc_webhook_events: KycWebhookEventTable;
  customers: CustomerTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  audit_pending: AuditPendingTable;
  audit_checkpoints: AuditCheckpointTable;
  decisions: DecisionTable;
  api_keys: ApiKeyTable;
  idempotency_keys: IdempotencyKeyTable;
  outbox_events: OutboxEventTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
}
