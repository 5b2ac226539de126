/**
 * Is this file text at all? Looks at the first bytes of a file for a byte-order mark, UTF-16's
 * pattern of zero bytes, the magic numbers of common binary formats, zero bytes and control
 * characters, so that a binary file is refused before any preview is shown.
 */
import { ImportError } from './rowErrors';

/** The encodings a byte-order mark or UTF-16's zero-byte pattern can tell apart. */
export type SniffedUnicode = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Known binary formats by their first bytes (magic numbers); only signatures that a text file cannot start with. */
const MAGIC: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (also .xlsx, .docx, .ods): unzip it, or save the sheet as CSV' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'an empty ZIP archive' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive: decompress it first' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz archive: decompress it first' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], what: 'a RAR archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old Office document (.xls, .doc): save the sheet as CSV' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00], what: 'an SQLite database' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an executable (ELF)' },
  { bytes: [0x00, 0x61, 0x73, 0x6d], what: 'a WebAssembly module' },
];

/** Share of control characters (other than tab, line feed, carriage return, form feed) above which a file is binary. */
export const MAX_CONTROL_SHARE = 0.01;

/** The encoding a byte-order mark at the start of `bytes` names, with the mark's length; null when there is none. */
export function byteOrderMark(bytes: Uint8Array): { encoding: SniffedUnicode; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * UTF-16 without a byte-order mark: mostly-ASCII text in UTF-16 has a zero byte in every other
 * position (odd positions for little-endian, even for big-endian) and almost none in the others.
 * Needs at least 4 characters; returns null for anything else.
 */
export function looksLikeUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero >= 0.5 * pairs && evenZero <= 0.02 * pairs) return 'utf-16le';
  if (evenZero >= 0.5 * pairs && oddZero <= 0.02 * pairs) return 'utf-16be';
  return null;
}

/** The Unicode encoding a file's first bytes declare or show (BOM, then UTF-16's zero pattern), or null. */
export function detectUnicode(bytes: Uint8Array): SniffedUnicode | null {
  return byteOrderMark(bytes)?.encoding ?? looksLikeUtf16(bytes);
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/**
 * Why the first bytes of a file (not UTF-16) are not text, or null when they may be: a known
 * binary format's magic number, a zero byte, or more than MAX_CONTROL_SHARE control characters.
 * Byte offsets in the message are 0-based, as hex editors show them.
 */
export function binaryReason(bytes: Uint8Array): string | null {
  for (const m of MAGIC) if (startsWith(bytes, m.bytes)) return `it starts like ${m.what}`;
  let controls = 0;
  let firstControl = -1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0) return `it contains binary data (a zero byte at byte ${i})`;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) {
      controls++;
      if (firstControl < 0) firstControl = i;
    }
  }
  if (controls > 0 && controls > MAX_CONTROL_SHARE * bytes.length && controls >= 2) {
    const pct = ((100 * controls) / bytes.length).toFixed(1);
    return `it contains binary data (${controls} control characters, ${pct}% of the first ${bytes.length} bytes; the first at byte ${firstControl})`;
  }
  return null;
}

/** The message of the ImportError thrown for a binary file. */
export function notTextMessage(reason: string): string {
  return `This is not a text file: ${reason}. Choose a ratings file in a delimited text format (CSV, TSV, ';', '|' or '::').`;
}

/**
 * Throw ImportError("This is not a text file: …") when the first bytes of a file are not text in
 * `encoding` (the UTF-16 encodings have zero bytes by design and are only checked for magic numbers
 * and an even length of content).
 */
export function assertText(bytes: Uint8Array, encoding: string): void {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return;
  if (detectUnicode(bytes)?.startsWith('utf-16')) {
    throw new ImportError(`This file is UTF-16 (${detectUnicode(bytes)?.toUpperCase()}), not ${encoding}: choose the encoding UTF-16 and import again.`);
  }
  const reason = binaryReason(bytes);
  if (reason !== null) throw new ImportError(notTextMessage(reason));
}
