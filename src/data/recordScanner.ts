/** Quote-aware splitting of delimited text into records, following Papa Parse's quoting rules. */

export const NL = 10; // \n
export const CR = 13; // \r

/** Whitespace Papa allows between a closing quote and the delimiter or line end. */
function isQuoteSpace(c: number, delimiterCode: number): boolean {
  return c === 32 || c === CR || (c === 9 && delimiterCode !== 9);
}
const QUOTE = 34; // "

/**
 * Incremental, quote-aware record splitter that follows Papa Parse's rules: a quote opens a quoted
 * field only as the field's first character; inside, `""` is an escaped quote, and a quote closes
 * the field only when followed (after optional spaces) by the delimiter, a line end or the end.
 * Text must already have CRLF turned into LF.
 */
export class RecordScanner {
  private inQuote = false;
  private fieldStart = true;
  /** Index in the buffer where scanning resumes. */
  private pos = 0;
  /** Line number (1-based) at `pos`. */
  private line = 1;
  /** Start offset and line of the record that is still open at `pos`. */
  private openStart = 0;
  private openLine = 1;
  private readonly delim: string;

  /** Line number (1-based) where scanning stopped. */
  get lineNumber(): number {
    return this.line;
  }

  /** Line number (1-based) where the record still open at the end of the last scan starts. */
  get openRecordLine(): number {
    return this.openLine;
  }

  /** Whether the last scan ended inside a quoted field. */
  get inQuotedField(): boolean {
    return this.inQuote;
  }

  constructor(delimiter: string) {
    this.delim = delimiter;
  }

  /**
   * Forget the text scanned so far: the next scan starts at the beginning of its buffer, a new record
   * on line `line` (for text read without the scanner, which must end at a record boundary).
   */
  restartAt(line: number): void {
    this.pos = 0;
    this.openStart = 0;
    this.openLine = line;
    this.line = line;
    this.inQuote = false;
    this.fieldStart = true;
  }

  /**
   * Scan `buf` from where the last call stopped. Returns the start offsets and lines of records that
   * are now complete (each ends with '\n'), and `end`: the offset just after the last complete
   * record's '\n' (0 if none). When `final`, everything left is one or more complete records.
   */
  scan(buf: string, final: boolean): { starts: number[]; lines: number[]; end: number } {
    const starts: number[] = [];
    const lines: number[] = [];
    const d = this.delim;
    const d0 = d.charCodeAt(0);
    const dLen = d.length;
    const n = buf.length;
    let i = this.pos;
    let end = 0;
    let inQuote = this.inQuote;
    let fieldStart = this.fieldStart;
    let line = this.line;
    let openStart = this.openStart;
    let openLine = this.openLine;
    scanning: while (i < n) {
      const c = buf.charCodeAt(i);
      if (inQuote) {
        if (c === NL) {
          line++;
          i++;
        } else if (c === QUOTE) {
          // Look past the quote: escaped quote, closing quote, or a stray quote inside the field.
          const j = i + 1;
          if (j < n && buf.charCodeAt(j) === QUOTE) {
            i += 2;
            continue;
          }
          let k = j;
          while (k < n && isQuoteSpace(buf.charCodeAt(k), d0)) k++;
          if (k >= n && !final) break scanning; // cannot tell yet: wait for more text
          if (k >= n || buf.charCodeAt(k) === NL || buf.startsWith(d, k)) {
            inQuote = false;
            fieldStart = false;
            i = j;
          } else if (dLen > 1 && k + dLen > n && !final && d.startsWith(buf.slice(k))) {
            break scanning; // a multi-character delimiter may be split across chunks
          } else {
            i = j; // a stray quote: Papa keeps looking for the real closing quote
          }
        } else {
          i++;
        }
      } else if (c === NL) {
        line++;
        i++;
        starts.push(openStart);
        lines.push(openLine);
        end = i;
        openStart = i;
        openLine = line;
        fieldStart = true;
      } else if (c === QUOTE && fieldStart) {
        inQuote = true;
        fieldStart = false;
        i++;
      } else if (c === d0) {
        if (dLen === 1) {
          fieldStart = true;
          i++;
        } else if (i + dLen <= n) {
          if (buf.startsWith(d, i)) {
            fieldStart = true;
            i += dLen;
          } else {
            fieldStart = false;
            i++;
          }
        } else if (final) {
          fieldStart = false;
          i++;
        } else {
          break scanning; // a multi-character delimiter may be split across chunks
        }
      } else {
        fieldStart = false;
        i++;
      }
    }
    if (final && openStart < n) {
      starts.push(openStart);
      lines.push(openLine);
      end = n;
      openStart = n;
      i = n;
    }
    // Rebase state onto the text that remains after `end`.
    this.pos = i - end;
    this.openStart = openStart - end;
    this.openLine = openLine;
    this.line = line;
    this.inQuote = inQuote;
    this.fieldStart = fieldStart;
    return { starts, lines, end };
  }
}

/** Scan a whole string once (see RecordScanner.scan); detect.ts uses it to drop the record cut by the 64 KB sample. */
export function splitCompleteRecords(text: string, delimiter: string, final: boolean): { starts: number[]; lines: number[]; end: number } {
  return new RecordScanner(delimiter).scan(text, final);
}
