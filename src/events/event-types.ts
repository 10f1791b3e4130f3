/**
 * Event types Vigil emits, with what each means. Webhook subscriptions are checked against
 * this list; `prefix.*` and `*` subscribe to groups.
 */
export const EVENT_TYPES: Readonly<Record<string, string>> = {
  'decision.recorded': 'An engine reached a new decision.',
  'customer.created': 'A customer (or a company director / beneficial owner) was created.',
  'customer.updated': 'A customer\'s data changed (the names of the changed fields are sent, never values).',
  'customer.status_changed': 'A customer moved to another status; the decision explains why.',
  'customer.risk_level_changed': 'A customer\'s risk level changed; the decision explains why.',
  'kyc.required': 'A customer must pass KYC before a deadline.',
  'kyc.started': 'A customer\'s verification started.',
  'kyc.passed': 'A customer passed verification.',
  'kyc.failed': 'A customer failed verification.',
  'kyc.document_uploaded': 'A document was uploaded for manual verification or EDD, with its automatic check results.',
  'kyc.edd_requested': 'Source-of-funds / source-of-wealth documents were requested with a deadline.',
  'screening.list_updated': 'A new version of a sanctions / PEP / watch list was imported (counts of added, changed, removed entities).',
  'screening.hit': 'A customer possibly matches a listed entity; a reviewer must decide (also sent when a disposition is re-opened).',
  'screening.hit_reviewed': 'A reviewer marked a screening hit as true match or false positive.',
  'screening.hit_closed': 'An open screening hit was closed without review because its entity was removed from the list (delisted).',
  'order.placed': 'An order was decided: allowed (provisioned), kyc_required (held) or refused.',
  'order.status_changed': 'An order was provisioned, suspended, resumed or expired.',
  'api_key.created': 'An API key was created.',
  'api_key.revoked': 'An API key was revoked.',
  'policy.applied': 'A new policy version was applied (from and to versions, number of changes).',
  'monitoring.alert': 'A monitoring rule fired for a customer; the payload names the rule, its version and the evidence count.',
  'alert.closed': 'A reviewer closed an alert (monitoring or confirmed screening match) with a reason; it no longer counts towards the customer\'s risk.',
  'customer.questionnaire_requested': 'Monitoring suspended a customer\'s proxy service for a while; the customer should answer the questionnaire.',
  'customer.risk_assessed': 'A customer\'s risk was scored (onboarding, events, review); the decision holds the factor contributions.',
  'customer.review_due': 'A periodic customer review is due; a review task was created.',
  'kyc.refresh_required': 'A trigger (transaction threshold, risk alert, regulator request) requires the customer to pass KYC again.',
  'webhook.ping': 'A test event sent on request to one endpoint.',
};

export function isKnownPattern(pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) {
    const prefix = pattern.slice(0, -1);
    return Object.keys(EVENT_TYPES).some((t) => t.startsWith(prefix));
  }
  return pattern in EVENT_TYPES;
}

export function matches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}
