/** UTF-8 validity of a whole (small) file, so the import can ask for the encoding before parsing. */

/** Files up to this size are checked whole when sniffed; larger ones are checked while importing. */
export const FULL_UTF8_CHECK_BYTES = 16 * 1024 * 1024;

/**
 * Byte offset of the first byte that does not start or continue a well-formed UTF-8 sequence
 * (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF), or -1 when all is valid.
 * A sequence cut off by the end of `bytes` is invalid only when `final`.
 */
export function firstInvalidUtf8(bytes: Uint8Array, final = true): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return final ? i : -1;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** 1-based line and column (in bytes) of a byte offset. */
export function lineAndColumnOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Whether `bytes` are well-formed UTF-8, by the browser's decoder (the same rules as firstInvalidUtf8). */
function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where a Blob first breaks UTF-8 (line, column in bytes), or null when it is valid throughout. The
 * native decoder checks it; firstInvalidUtf8 finds the place only when there is one.
 */
export async function findInvalidUtf8(file: Blob): Promise<{ line: number; column: number } | null> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (isUtf8(bytes)) return null;
  const at = firstInvalidUtf8(bytes);
  return at < 0 ? null : lineAndColumnOf(bytes, at);
}
