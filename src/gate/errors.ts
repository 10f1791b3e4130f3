import { defineErrors } from '../core/errors.js';

export const GateErrors = defineErrors({
  GATE_CATEGORY_FILE_UNREADABLE: { kind: 'unavailable', title: 'A gate category file cannot be read' },
  GATE_CATEGORY_FILE_MALFORMED: { kind: 'unavailable', title: 'A gate category file is malformed' },
  GATE_RULE_NOT_FOUND: { kind: 'not_found', title: 'The customer has no gate rule with that id' },
  GATE_PATTERN_INVALID: { kind: 'invalid', title: 'The target pattern is not a domain, an IP address, an address range or *' },
});
