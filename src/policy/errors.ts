import { defineErrors } from '../core/errors.js';

export const PolicyErrors = defineErrors({
  POLICY_INVALID: { kind: 'invalid', title: 'The policy document is not valid YAML/JSON or breaks the policy schema' },
  POLICY_FILE_UNREADABLE: { kind: 'invalid', title: 'The policy file cannot be read' },
  POLICY_VERSION_NOT_FOUND: { kind: 'not_found', title: 'No applied policy has that version' },
});
