/** Reading the timestamp column of a ratings file. */

/**
 * An ISO-8601 calendar date with an optional time and zone: `2024-03-07`, `2024-03-07T10:15`,
 * `2024-03-07 10:15:30.5Z`, `2024-03-07T10:15:30+01:00`.
 */
const ISO_DATE_TIME =
  /^(?<year>[+-]\d{6}|\d{4})-(?<month>0[1-9]|1[0-2])-(?<day>0[1-9]|[12]\d|3[01])(?:(?<time>[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)(?<zone>Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1-based) of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
}

/**
 * Seconds since the epoch of a timestamp field, or NaN when it is neither:
 * - a finite number, taken as unix seconds (MovieLens); or
 * - an ISO-8601 date or date-time (`YYYY-MM-DD`, then optionally `T` or a space, `hh:mm[:ss[.fff]]`
 *   and a zone `Z` / `±hh[:mm]`), parsed with `Date.parse`. A date-time without a zone is read as
 *   UTC, like a bare date, so the stored seconds never depend on the browser's time zone. Dates
 *   that do not exist (2023-02-29) are rejected rather than rolled over.
 * The field is trimmed first; an empty field gives NaN.
 */
export function parseTimestamp(raw: string): number {
  const t = raw.trim();
  if (t === '') return NaN;
  const n = Number(t);
  if (Number.isFinite(n)) return n;
  const g = ISO_DATE_TIME.exec(t)?.groups;
  if (!g) return NaN;
  if (Number(g.day) > daysInMonth(Number(g.year), Number(g.month))) return NaN;
  let iso = t.replace(' ', 'T').replace(',', '.');
  const zone = g.zone;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    // The regex accepts ±hh and ±hhmm; Date.parse wants ±hh:mm.
    const digits = zone.slice(1).replace(':', '');
    iso = `${iso.slice(0, iso.length - zone.length)}${zone.charAt(0)}${digits.slice(0, 2)}:${digits.slice(2) || '00'}`;
  } else if (zone === undefined && g.time !== undefined) {
    iso += 'Z';
  }
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms / 1000 : NaN;
}
