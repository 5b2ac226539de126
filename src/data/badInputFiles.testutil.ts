/** Files of the bad-input catalogue, built in the test (binary ones from magic numbers and seeded noise). */
import { createRng } from '../math/random';

/** `n` seeded random bytes. */
export function noise(n: number, seed: number): Uint8Array<ArrayBuffer> {
  const rng = createRng(seed);
  const out = new Uint8Array(n);
  for (let k = 0; k < n; k++) out[k] = Math.floor(rng.next() * 256);
  return out;
}

/** `head` followed by `n` seeded random bytes. */
export function magicPlusNoise(head: readonly number[], n: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(head.length + n);
  out.set(head);
  out.set(noise(n, seed), head.length);
  return out;
}

export const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52];
export const ZIP_HEAD = [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00];
/** "%PDF-1.7\n%âãÏÓ\n" as a PDF writer puts it. */
export const PDF_HEAD = [...'%PDF-1.7\n'].map((c) => c.charCodeAt(0)).concat([0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a]);

/** `text` in UTF-16, little- or big-endian, with or without a byte-order mark. */
export function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array<ArrayBuffer> {
  const units = (bom ? '\ufeff' : '') + text;
  const out = new Uint8Array(units.length * 2);
  for (let k = 0; k < units.length; k++) {
    const c = units.charCodeAt(k);
    out[2 * k + (endian === 'le' ? 0 : 1)] = c & 0xff;
    out[2 * k + (endian === 'le' ? 1 : 0)] = c >> 8;
  }
  return out;
}

/** Single-byte text (latin-1 / Windows-1252): each character's code is its byte. */
export function singleByte(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
}

/** A Blob of `prefix` then `megabytes` MB of 'x' with no line end (built from one shared 1 MB part). */
export function longLineBlob(prefix: string, megabytes: number): Blob {
  const mb = new Uint8Array(1 << 20).fill(0x78);
  return new Blob([prefix, ...Array.from({ length: megabytes }, () => mb)]);
}
