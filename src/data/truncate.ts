/** Cutting long strings from files before they are shown (the stored data is never cut). */

/** Preview cells and bad-row texts longer than this are cut and end with '…'. */
export const PREVIEW_CELL_CHARS = 200;

/** `s` cut to `max` characters with '…' appended when it is longer (a surrogate pair is never split). */
export function truncateCell(s: string, max = PREVIEW_CELL_CHARS): string {
  if (s.length <= max) return s;
  const last = s.charCodeAt(max - 1);
  const cut = last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
  return `${s.slice(0, cut)}…`;
}
