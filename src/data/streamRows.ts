/**
 * Streaming reader shared by the ratings and titles parsers: bytes → text (our own decoder, so a
 * multi-byte character is never split) → complete records (quote-aware, with 1-based line numbers)
 * → Papa Parse per chunk of complete text.
 */
import Papa from 'papaparse';
import type { Delimiter, TextEncodingName } from './detect';
import { ImportError } from './rowErrors';

/** Progress of an import: data rows seen, raw bytes consumed, file size. */
export interface ImportProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
}

/** A rejected row: where it is (1-based line, 1-based column or null for the whole row), why, and its raw text (≤ 200 chars). */
export interface BadRow {
  line: number;
  column: number | null;
  message: string;
  text: string;
}

/** How to read a delimited text file. */
export interface ParseOptions {
  encoding: TextEncodingName;
  delimiter: Delimiter;
  hasHeader: boolean;
}

/** Rows parsed from one chunk of the file. Header and blank lines are already removed. */
export interface RowBatch {
  /** Header fields once the header row has been read (null when the file has no header). */
  header: string[] | null;
  /** Data rows of this chunk, fields as strings. */
  rows: string[][];
  /** 1-based line number of the first character of each row. */
  lines: number[];
  /** Raw text of row k (line ending removed), truncated to 200 characters. */
  rawText(k: number): string;
}

/** Emit progress at most once per this many rows. */
export const PROGRESS_EVERY_ROWS = 65536;
/** Text gathered before each scan and Papa Parse call. */
const MIN_CHUNK_CHARS = 65536;
/** Raw line text kept in a BadRow. */
export const RAW_TEXT_LIMIT = 200;

const NL = 10; // \n
const CR = 13; // \r

/** Whitespace Papa allows between a closing quote and the delimiter or line end. */
function isQuoteSpace(c: number, delimiterCode: number): boolean {
  return c === 32 || c === CR || (c === 9 && delimiterCode !== 9);
}
const QUOTE = 34; // "

/** The error thrown when an import is cancelled through its AbortSignal. */
export function abortError(): DOMException {
  return new DOMException('Import cancelled', 'AbortError');
}

/** The ImportError for bytes that are not UTF-8 (the whole file is otherwise unreadable). */
function notUtf8Error(line: number, bytes: number): ImportError {
  return new ImportError(
    `The file is not valid UTF-8: an invalid byte sequence follows line ${line} (within the first ${bytes} bytes). It is probably latin-1: import it again with the encoding windows-1252.`,
  );
}

/** Truncate a raw line for display in a BadRow. */
export function truncateRaw(text: string): string {
  return text.length > RAW_TEXT_LIMIT ? text.slice(0, RAW_TEXT_LIMIT) : text;
}

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

  constructor(delimiter: string) {
    this.delim = delimiter;
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

/** Wraps the raw byte stream: counts bytes and drops a UTF-8 byte-order mark at the very start. */
function countingBytes(counter: { bytes: number }): TransformStream<Uint8Array, Uint8Array> {
  let first = true;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      counter.bytes += chunk.byteLength;
      if (first && chunk.byteLength > 0) {
        first = false;
        if (chunk.byteLength >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
          chunk = chunk.subarray(3);
        }
      }
      controller.enqueue(chunk);
    },
  });
}

function isBlank(row: string[]): boolean {
  return row.length === 0 || (row.length === 1 && (row[0] ?? '').trim() === '');
}

/**
 * Parse complete records with Papa Parse. `text` holds whole records separated by '\n'; `starts`
 * are the offsets of the records found by RecordScanner. When Papa splits them differently
 * (pathological quoting), fall back to parsing record by record so rows and lines stay aligned.
 */
function parseRecords(text: string, starts: readonly number[], delimiter: string): string[][] {
  if (starts.length === 0) return [];
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const config = { delimiter, quoteChar: '"', newline: '\n' as const, skipEmptyLines: false as const };
  const rows = Papa.parse<string[]>(body, config).data;
  if (rows.length === starts.length) return rows;
  const out: string[][] = [];
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k] ?? 0;
    let to = k + 1 < starts.length ? (starts[k + 1] ?? text.length) : text.length;
    if (to > from && text.charCodeAt(to - 1) === NL) to--;
    const data = Papa.parse<string[]>(text.slice(from, to), config).data;
    out.push(data.length <= 1 ? (data[0] ?? ['']) : data.flat());
  }
  return out;
}

/**
 * Stream a delimited text file as batches of parsed rows with their 1-based line numbers.
 * Decodes with `TextDecoderStream(encoding)` (BOM stripped, CRLF accepted), keeps the trailing
 * incomplete record as carry, and parses each chunk of complete records with Papa Parse.
 * Reports progress at most every PROGRESS_EVERY_ROWS rows (and once at the end) and checks
 * `signal` between chunks, throwing DOMException('Import cancelled', 'AbortError').
 */
export async function* streamRows(
  file: Blob,
  options: ParseOptions,
  onProgress?: (p: ImportProgress) => void,
  signal?: AbortSignal,
): AsyncGenerator<RowBatch, void, undefined> {
  if (signal?.aborted) throw abortError();
  const counter = { bytes: 0 };
  const textStream = file
    .stream()
    .pipeThrough(countingBytes(counter))
    .pipeThrough(new TextDecoderStream(options.encoding, { fatal: true }) as unknown as TransformStream<Uint8Array, string>);
  const reader = textStream.getReader();
  const scanner = new RecordScanner(options.delimiter);
  let carry = '';
  let firstText = true;
  let header: string[] | null = null;
  let needHeader = options.hasHeader;
  let rows = 0;
  let lastReported = 0;
  let done = false;
  let lastLine = 1;
  try {
    while (!done) {
      if (signal?.aborted) throw abortError();
      // Gather at least MIN_CHUNK_CHARS of text: a Blob built from many small parts streams them one by one.
      const pieces: string[] = [];
      let got = 0;
      while (got < MIN_CHUNK_CHARS) {
        let r: ReadableStreamReadResult<string>;
        try {
          r = await reader.read();
        } catch (err) {
          if (err instanceof TypeError && options.encoding === 'utf-8') throw notUtf8Error(lastLine, counter.bytes);
          throw err;
        }
        if (r.done) {
          done = true;
          break;
        }
        pieces.push(r.value);
        got += r.value.length;
      }
      if (signal?.aborted) throw abortError();
      let chunk = pieces.length === 1 ? (pieces[0] as string) : pieces.join('');
      if (firstText && chunk.length > 0) {
        firstText = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      }
      if (chunk.includes('\r')) chunk = chunk.replace(/\r\n/g, '\n');
      const buf = carry + chunk;
      const { starts, lines, end } = scanner.scan(buf, done);
      lastLine = scanner.lineNumber;
      const text = buf.slice(0, end);
      carry = buf.slice(end);
      if (starts.length === 0) continue;
      const parsed = parseRecords(text, starts, options.delimiter);
      const batchRows: string[][] = [];
      const batchLines: number[] = [];
      const batchIdx: number[] = [];
      for (let k = 0; k < parsed.length; k++) {
        let row = parsed[k] as string[];
        if (isBlank(row)) continue;
        // A CR left at a line end (CRLF split across chunks, or a file ending in CR).
        const last = row[row.length - 1];
        if (last !== undefined && last.endsWith('\r')) row = [...row.slice(0, -1), last.slice(0, -1)];
        if (needHeader) {
          needHeader = false;
          header = row;
          continue;
        }
        batchRows.push(row);
        batchLines.push(lines[k] ?? 0);
        batchIdx.push(k);
      }
      rows += batchRows.length;
      if (batchRows.length > 0) {
        const h = header;
        yield {
          header: h,
          rows: batchRows,
          lines: batchLines,
          rawText(j: number): string {
            const k = batchIdx[j] ?? 0;
            const from = starts[k] ?? 0;
            let to = k + 1 < starts.length ? (starts[k + 1] ?? text.length) : text.length;
            if (to > from && text.charCodeAt(to - 1) === NL) to--;
            if (to > from && text.charCodeAt(to - 1) === CR) to--;
            return truncateRaw(text.slice(from, Math.min(to, from + RAW_TEXT_LIMIT + 1)));
          },
        };
      }
      if (onProgress && rows - lastReported >= PROGRESS_EVERY_ROWS) {
        lastReported = rows;
        onProgress({ rows, bytes: counter.bytes, totalBytes: file.size });
      }
    }
    onProgress?.({ rows, bytes: counter.bytes, totalBytes: file.size });
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** Scan a whole string once (see RecordScanner.scan); detect.ts uses it to drop the record cut by the 64 KB sample. */
export function splitCompleteRecords(text: string, delimiter: string, final: boolean): { starts: number[]; lines: number[]; end: number } {
  return new RecordScanner(delimiter).scan(text, final);
}

