import { defineErrors } from '../core/errors.js';

export const EventErrors = defineErrors({
  EVENT_NOT_FOUND: { kind: 'not_found', title: 'No event has that id' },
  WEBHOOK_NOT_FOUND: { kind: 'not_found', title: 'No webhook endpoint has that id' },
  WEBHOOK_URL_INVALID: { kind: 'invalid', title: 'The webhook URL is not an absolute http(s) URL' },
  WEBHOOK_EVENT_UNKNOWN: { kind: 'invalid', title: 'The webhook subscribes to an unknown event type' },
  WEBHOOK_DELETED: { kind: 'conflict', title: 'The webhook endpoint was deleted' },
});
