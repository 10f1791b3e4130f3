import { defineErrors } from '../core/errors.js';

export const ScreeningErrors = defineErrors({
  SCREENING_FILE_MALFORMED: { kind: 'invalid', title: 'The list file is truncated, malformed or not in the stated format' },
  SCREENING_FILE_UNREADABLE: { kind: 'invalid', title: 'The list file cannot be read' },
  SCREENING_FORMAT_UNKNOWN: { kind: 'invalid', title: 'The list format is unknown or could not be detected' },
  SCREENING_LIST_EMPTY: { kind: 'invalid', title: 'The list file holds no entities' },
  SCREENING_LIST_SHRUNK: { kind: 'conflict', title: 'The import would remove most of the loaded list' },
  SCREENING_LIST_UNKNOWN: { kind: 'not_found', title: 'No list has that name' },
  SCREENING_LIST_NAME_INVALID: { kind: 'invalid', title: 'The list name is not lower-case letters, digits, dots, dashes and underscores' },
  SCREENING_LIST_VERSION_UNKNOWN: { kind: 'not_found', title: 'The list has no version with that id or dataVer' },
  SCREENING_INDEX_VERSION_UNKNOWN: { kind: 'not_found', title: 'No screening index had that data version' },
  SCREENING_HIT_NOT_FOUND: { kind: 'not_found', title: 'No screening hit has that id' },
});
