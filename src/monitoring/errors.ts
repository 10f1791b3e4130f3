import { defineErrors } from '../core/errors.js';

export const MonitoringErrors = defineErrors({
  EVENT_INVALID: { kind: 'invalid', title: 'The event is not valid for its type' },
  EVENT_CUSTOMER_UNKNOWN: { kind: 'unprocessable', title: 'The event names a customer Vigil does not know' },
  EVENT_BATCH_EMPTY: { kind: 'invalid', title: 'The batch holds no events' },
  EVENT_BATCH_TOO_LARGE: { kind: 'too_large', title: 'The batch holds more events than one request may' },
  EVENT_BATCH_REJECTED: { kind: 'unprocessable', title: 'No event of the batch could be accepted' },
  EVENT_BODY_MALFORMED: { kind: 'invalid', title: 'The body is neither a JSON event, a JSON array of events nor NDJSON' },
  ALERT_NOT_FOUND: { kind: 'not_found', title: 'No alert has that id' },
  ALERT_CLOSED: { kind: 'conflict', title: 'The alert was closed already' },
});
