/** Shared error reporting of the ratings and titles parsers. */
import type { BadRow } from './streamRows';

/** How many bad rows are kept with their details. */
export const MAX_BAD_ROWS = 20;

/** A problem that makes the whole import fail (no usable rows, a mapped column the file does not have…). */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** Collects bad rows: counts all, keeps the first MAX_BAD_ROWS. */
export class BadRowLog {
  count = 0;
  readonly rows: BadRow[] = [];
  /** Record one bad row. */
  add(line: number, column: number | null, message: string, text: () => string): void {
    this.count++;
    if (this.rows.length < MAX_BAD_ROWS) this.rows.push({ line, column, message, text: text() });
  }
}

/** Throw ImportError when a mapped column does not exist in rows of `fieldCount` fields. */
export function checkMappingColumns(columns: Record<string, number | null>, fieldCount: number, source: string): void {
  for (const [role, c] of Object.entries(columns)) {
    if (c === null) continue;
    if (!Number.isInteger(c) || c < 0) throw new ImportError(`The ${role} column index ${c} is not a valid column.`);
    if (c >= fieldCount) {
      throw new ImportError(`The ${role} column is set to column ${c + 1}, but ${source} has only ${fieldCount} field${fieldCount === 1 ? '' : 's'}.`);
    }
  }
}

/** The message for a row whose field count differs from the expected one. */
export function fieldCountMessage(expected: number, found: number): string {
  return `expected ${expected} fields, found ${found}`;
}

