import { isoCountry, malformedAt, readCsvTable, type CsvRow } from './csv-table.js';

/**
 * The FATF public statements after one plenary: the "black list" (high-risk jurisdictions subject
 * to a call for action) and the "grey list" (jurisdictions under increased monitoring).
 * No official machine-readable copy exists, so the bundled file is compiled by hand from the
 * plenary statement; an operator points the service at a newer copy after each plenary.
 */
export interface FatfList {
  /** The latest `statement_date` in the file (YYYY-MM-DD): which plenary the list reflects. */
  statementDate: string;
  callForAction: Set<string>;
  increasedMonitoring: Set<string>;
  /** Listed as removed at the plenary: kept so the console can say why a country no longer scores. */
  delisted: Set<string>;
  /** For call-for-action countries: `countermeasures` (KP, IR) or `enhanced_due_diligence` (MM). */
  actions: Map<string, FatfAction>;
  /** ISO alpha-2 → the jurisdiction's name as the file spells it. */
  names: Map<string, string>;
}

export type FatfAction = 'countermeasures' | 'enhanced_due_diligence';

const COLUMNS = ['iso2', 'iso3', 'jurisdiction', 'fatf_list', 'fatf_action', 'statement_date', 'notes'] as const;
const LISTS = ['high_risk_call_for_action', 'increased_monitoring', 'removed_from_increased_monitoring'] as const;
const ACTIONS: readonly string[] = ['countermeasures', 'enhanced_due_diligence'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses `fatf-jurisdictions.csv`; any unknown value, bad code or duplicate fails with its line. */
export function parseFatfCsv(text: string, file = 'fatf-jurisdictions.csv'): FatfList {
  const out: FatfList = { statementDate: '', callForAction: new Set(), increasedMonitoring: new Set(), delisted: new Set(), actions: new Map(), names: new Map() };
  for (const row of readCsvTable(text, file, COLUMNS)) {
    const iso2 = checkRow(row, file);
    if (out.names.has(iso2)) throw malformedAt(file, row.line, `${iso2} is listed twice`);
    out.names.set(iso2, row.get('jurisdiction'));
    const list = row.get('fatf_list') as (typeof LISTS)[number];
    const action = checkAction(row, file);
    if (list === 'high_risk_call_for_action') {
      out.callForAction.add(iso2);
      if (action) out.actions.set(iso2, action);
    } else if (list === 'increased_monitoring') out.increasedMonitoring.add(iso2);
    else out.delisted.add(iso2);
    const date = row.get('statement_date');
    if (date > out.statementDate) out.statementDate = date;
  }
  if (out.names.size === 0) throw malformedAt(file, null, 'the file lists no jurisdictions');
  return out;
}

function checkRow(row: CsvRow, file: string): string {
  const iso2 = isoCountry(row.get('iso2'));
  if (!iso2) throw malformedAt(file, row.line, `"${row.get('iso2')}" is not an ISO 3166-1 alpha-2 country code`);
  // Kosovo has no official alpha-3 code; XKX is the common user-assigned one.
  if (!/^[A-Z]{3}$/.test(row.get('iso3'))) throw malformedAt(file, row.line, `"${row.get('iso3')}" is not an ISO 3166-1 alpha-3 code`);
  if (!row.get('jurisdiction')) throw malformedAt(file, row.line, 'the jurisdiction name is empty');
  if (!(LISTS as readonly string[]).includes(row.get('fatf_list'))) {
    throw malformedAt(file, row.line, `unknown fatf_list "${row.get('fatf_list')}" (expected ${LISTS.join(', ')})`);
  }
  if (!DATE.test(row.get('statement_date')) || Number.isNaN(Date.parse(row.get('statement_date')))) {
    throw malformedAt(file, row.line, `statement_date "${row.get('statement_date')}" is not a YYYY-MM-DD date`);
  }
  return iso2;
}

/** Only call-for-action rows carry an action, and they must: the two actions differ in what they ask. */
function checkAction(row: CsvRow, file: string): FatfAction | null {
  const action = row.get('fatf_action');
  if (row.get('fatf_list') !== 'high_risk_call_for_action') {
    if (action) throw malformedAt(file, row.line, `fatf_action "${action}" is only allowed on high_risk_call_for_action rows`);
    return null;
  }
  if (!ACTIONS.includes(action)) throw malformedAt(file, row.line, `a call-for-action row needs fatf_action ${ACTIONS.join(' or ')}, not "${action}"`);
  return action as FatfAction;
}
