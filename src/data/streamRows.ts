/**
 * Streaming reader shared by the ratings and titles parsers: bytes → text (the browser's TextDecoder
 * in streaming mode, so a multi-byte character is never split) → complete records (quote-aware, with
 * 1-based line numbers) → Papa Parse per chunk of complete text, or, for the ratings, the fast path's
 * reader for chunks without quotes.
 */
import { blobHead } from './blobHead';
import { BlobText } from './blobText';
import { isBlank, parseRecords, readPlainChunk, type PlainTextReader } from './chunkReaders';
import type { Delimiter, TextEncodingName } from './detect';
import { longLineError, MAX_RECORD_CHARS } from './longRecords';
import { ImportError } from './rowErrors';
import { CR, NL, RecordScanner } from './recordScanner';
import { assertText } from './textCheck';
import { truncateCell } from './truncate';

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
/** Raw line text kept in a BadRow (then '…'). */
export const RAW_TEXT_LIMIT = 200;
/** Bytes at the start of a file checked for binary content. */
const TEXT_CHECK_BYTES = 4096;

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

/** Truncate a raw line for display in a BadRow: at most RAW_TEXT_LIMIT characters, then '…'. */
export function truncateRaw(text: string): string {
  return truncateCell(text, RAW_TEXT_LIMIT);
}

/**
 * Stream a delimited text file as batches of parsed rows with their 1-based line numbers.
 * Decodes with `TextDecoder(encoding)` (BOM stripped, CRLF accepted), keeps the trailing
 * incomplete record as carry, and parses each chunk of complete records with Papa Parse.
 * Reports progress at most every PROGRESS_EVERY_ROWS rows (and once at the end) and checks
 * `signal` between chunks, throwing DOMException('Import cancelled', 'AbortError').
 * With `plain`, chunks of text without a quote character are handed to it (after the header row,
 * if any) in place of Papa Parse and yield no batch.
 */
export async function* streamRows(
  file: Blob,
  options: ParseOptions,
  onProgress?: (p: ImportProgress) => void,
  signal?: AbortSignal,
  plain?: PlainTextReader,
): AsyncGenerator<RowBatch, void, undefined> {
  if (signal?.aborted) throw abortError();
  assertText(await blobHead(file, TEXT_CHECK_BYTES), options.encoding);
  const source = new BlobText(file, options.encoding);
  const scanner = new RecordScanner(options.delimiter);
  let carry = '';
  let firstText = true;
  let header: string[] | null = null;
  let needHeader = options.hasHeader;
  let rows = 0;
  let lastReported = 0;
  let done = false;
  let lastLine = 1;
  let pendingCR = false;
  let yielded = false;
  try {
    while (!done) {
      if (signal?.aborted) throw abortError();
      // Gather at least MIN_CHUNK_CHARS of text: a Blob built from many small parts streams them one by one.
      const pieces: string[] = [];
      let got = 0;
      while (got < MIN_CHUNK_CHARS) {
        let piece: string | null;
        try {
          piece = await source.read();
        } catch (err) {
          if (err instanceof TypeError && options.encoding === 'utf-8') throw notUtf8Error(lastLine, source.bytes);
          throw err;
        }
        if (piece === null) {
          done = true;
          break;
        }
        if (piece === '') continue;
        pieces.push(piece);
        got += piece.length;
      }
      if (signal?.aborted) throw abortError();
      let chunk = pieces.length === 1 ? (pieces[0] as string) : pieces.join('');
      if (firstText && chunk.length > 0) {
        firstText = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      }
      // CRLF and CR-only line ends become '\n'; a CR at the end of a chunk waits for the next one (CRLF split in two).
      if (pendingCR) chunk = `\r${chunk}`;
      pendingCR = !done && chunk.endsWith('\r');
      if (pendingCR) chunk = chunk.slice(0, -1);
      if (chunk.includes('\r')) chunk = chunk.replace(/\r\n?/g, '\n');
      const buf = carry + chunk;
      if (plain && !buf.includes('"')) {
        const plainRead = readPlainChunk(buf, done, scanner, plain, options.delimiter, needHeader ? undefined : header);
        if (needHeader && plainRead.header) {
          needHeader = false;
          header = plainRead.header;
        }
        carry = plainRead.carry;
        lastLine = scanner.lineNumber;
        rows += plainRead.rows;
        if (plainRead.rows > 0) yielded = true;
        if (plainRead.end === 0) continue;
      } else {
        const { starts, lines, end } = scanner.scan(buf, done);
        lastLine = scanner.lineNumber;
        const text = buf.slice(0, end);
        carry = buf.slice(end);
        for (let k = 0; k < starts.length; k++) {
          if ((k + 1 < starts.length ? (starts[k + 1] as number) : end) - (starts[k] as number) > MAX_RECORD_CHARS + 1) {
            throw longLineError(lines[k] ?? 1, text.charCodeAt(starts[k] as number) === 34);
          }
        }
        if (carry.length > MAX_RECORD_CHARS) throw longLineError(scanner.openRecordLine, scanner.inQuotedField);
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
          yielded = true;
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
      }
      if (onProgress && rows - lastReported >= PROGRESS_EVERY_ROWS) {
        lastReported = rows;
        onProgress({ rows, bytes: source.bytes, totalBytes: file.size });
      }
    }
    // A file with a header and no data rows: one empty batch, so readers know the header was there.
    if (!yielded && header !== null) yield { header, rows: [], lines: [], rawText: () => '' };
    onProgress?.({ rows, bytes: source.bytes, totalBytes: file.size });
  } finally {
    await source.close();
  }
}
