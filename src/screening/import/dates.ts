/**
 * Dates as sanctions lists write them → the ListEntity date forms: `YYYY-MM-DD`, `YYYY-MM`,
 * `YYYY` or a year range `YYYY..YYYY`. Shared by the list parsers; every function is pure and
 * returns null for text it does not understand rather than guessing.
 *
 * Understood: `12 Aug 1974`, `12 Aug. 1974`, `12 August 1974`, `Aug 1974`, `1974`, ISO
 * `1974-08-12` (a time or zone suffix is dropped), `circa 1974` / `circa-1974` / `c. 1974` /
 * `approximately 1974` (one year either side: 1973..1975), `circa 1979-1982`,
 * `between 1960 and 1965`, `1960 to 1965`, `01 Jan 1976 to 31 Dec 1978` (→ 1976..1978).
 */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const ISO = /^(\d{4})-(\d{2})(?:-(\d{2}))?(?:$|[T\s+Z-])/;
const DAY_MONTH_YEAR = /^(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})$/;
const YEAR = /^\d{4}$/;
const RANGE = /^(?:between\s+)?(.+?)\s*(?:\bto\b|\band\b|-|–)\s*(.+)$/i;
const CIRCA = /^(?:circa|ca\.|c\.|approximately|approx\.|about)[\s-]*/i;

const pad = (n: number) => String(n).padStart(2, '0');

/** One list date (exact, month or year precision, a range or circa) in ListEntity form. */
export function listDate(text: string | null | undefined): string | null {
  if (!text) return null;
  const raw = text.trim().replace(/\.$/, '');
  if (!raw) return null;
  const circa = CIRCA.exec(raw);
  if (circa) return circaDate(raw.slice(circa[0].length));
  return singleDate(raw) ?? rangeDate(raw);
}

/** `YYYY-MM-DD`, `YYYY-MM` or `YYYY` for a single date; null otherwise. */
export function singleDate(text: string): string | null {
  const s = text.trim();
  if (YEAR.test(s)) return s;
  const iso = ISO.exec(s);
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), iso[3] ? Number(iso[3]) : null);
  const dmy = DAY_MONTH_YEAR.exec(s);
  if (!dmy) return null;
  const month = monthNumber(dmy[2] ?? '');
  return month ? validDate(Number(dmy[3]), month, dmy[1] ? Number(dmy[1]) : null) : null;
}

/** `FROM..TO` from two years; a single year when both are the same; null if reversed. */
export function yearRange(from: number | string, to: number | string): string | null {
  const a = Number(from);
  const b = Number(to);
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1000 || b < a || b > 9999) return null;
  return a === b ? String(a) : `${a}..${b}`;
}

/** "circa X": a year either side of X's year, or X's own range when it already is one. */
export function circaDate(text: string): string | null {
  const inner = listDate(text);
  if (!inner) return null;
  if (inner.includes('..')) return inner;
  const year = Number(inner.slice(0, 4));
  return yearRange(year - 1, year + 1);
}

/** US-style `MM/DD/YYYY` (OFAC's Publish_Date) → `YYYY-MM-DD`. */
export function usDate(text: string | null | undefined): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text?.trim() ?? '');
  return m ? validDate(Number(m[3]), Number(m[1]), Number(m[2])) : null;
}

function rangeDate(raw: string): string | null {
  const m = RANGE.exec(raw);
  if (!m?.[1] || !m[2]) return null;
  const from = singleDate(m[1]);
  const to = singleDate(m[2]);
  if (!from || !to) return null;
  return yearRange(from.slice(0, 4), to.slice(0, 4));
}

/** 1–12 for a month name or an abbreviation of at least three letters (`Aug`, `Sept`). */
function monthNumber(word: string): number | null {
  const w = word.toLowerCase();
  if (w.length < 3) return null;
  const i = MONTHS.findIndex((name) => name.startsWith(w));
  return i < 0 ? null : i + 1;
}

function validDate(year: number, month: number, day: number | null): string | null {
  if (month < 1 || month > 12) return null;
  if (day === null) return `${year}-${pad(month)}`;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}
