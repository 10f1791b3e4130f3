import { defineErrors } from '../core/errors.js';

export const ConfigErrors = defineErrors({
  CONFIG_INVALID: { kind: 'invalid', title: 'Configuration is invalid' },
  CONFIG_FILE_UNREADABLE: { kind: 'invalid', title: 'Configuration file cannot be read' },
});
