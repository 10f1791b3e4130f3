import { defineErrors } from '../core/errors.js';

export const VaultErrors = defineErrors({
  VAULT_KEYRING_INVALID: { kind: 'internal', title: 'The vault keyring cannot be used' },
  VAULT_KEY_UNKNOWN: { kind: 'internal', title: 'Data is wrapped with a master key the keyring does not hold' },
  VAULT_DECRYPT_FAILED: { kind: 'internal', title: 'Stored personal data failed its integrity check' },
  VAULT_SUBJECT_ERASED: { kind: 'conflict', title: 'The personal data of this subject was erased' },
  VAULT_FILE_NOT_FOUND: { kind: 'not_found', title: 'No stored file has that id' },
  VAULT_KEYRING_READ_ONLY: { kind: 'conflict', title: 'The keyring comes from the environment and cannot be changed by Vigil' },
  VAULT_KEY_IN_USE: { kind: 'conflict', title: 'The master key still wraps data keys' },
});
